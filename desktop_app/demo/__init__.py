"""Demo data: a throwaway clinic with made-up patients and a year of plausible visits.

``scorad-desk --demo`` uses it so that a newcomer sees a living application. Everything is
written through the storage service (no SQL here) and everything is invented.
"""

from desktop_app.demo.generator import DEMO_PASSWORD, DEMO_USER, DemoClinic, create_demo_clinic

__all__ = ["DEMO_PASSWORD", "DEMO_USER", "DemoClinic", "create_demo_clinic"]
