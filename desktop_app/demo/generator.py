"""Generating the demo clinic through the storage service.

Each made-up patient gets a personal severity level and a mean-reverting trajectory with
occasional flares, sampled at irregular visits (every 4 to 10 weeks) over the last year.
The SCORAD items of a visit are drawn to fit that severity (extent, six grades, itch and
sleep); the totals are computed by the domain engine when the service records them, and the
patient's PO-SCORAD is the same picture seen with some disagreement, as in Stalder 2011.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from desktop_app import storage
from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import Sign

DEMO_USER = "demo"
DEMO_PASSWORD = "demo1234"
DEMO_CLINIC = "Demo clinic (made-up patients)"

_GIVEN = (
    "Camille", "Louis", "Emma", "Hugo", "Chloé", "Noah", "Léa", "Jules", "Inès", "Adam",
    "Sarah", "Lucas", "Manon", "Nathan", "Zoé", "Olivia", "Liam", "Amelia", "Oscar", "Mia",
)  # fmt: skip
_FAMILY = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Smith", "Jones", "Taylor",
    "Brown", "Wilson",
)  # fmt: skip
# How readily each region is involved in atopic dermatitis (flexures, face in infants).
_PROPENSITY = {
    Region.HEAD_NECK: 0.9,
    Region.UPPER_LIMB_LEFT: 1.0,
    Region.UPPER_LIMB_RIGHT: 1.0,
    Region.TRUNK_FRONT: 0.6,
    Region.BACK: 0.5,
    Region.LOWER_LIMB_LEFT: 0.9,
    Region.LOWER_LIMB_RIGHT: 0.9,
    Region.GENITALS: 0.15,
}


@dataclass(frozen=True)
class DemoClinic:
    data_dir: Path
    username: str
    password: str
    patients: int
    visits: int


def _clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _items(rng: random.Random, severity: float) -> tuple[dict[str, float], dict[str, int], float, float]:
    """SCORAD items of a visit with a given severity (0 = clear, 1 = the worst)."""
    extent: dict[str, float] = {}
    for region, propensity in _PROPENSITY.items():
        fraction = _clip(severity * propensity * rng.uniform(0.3, 1.3) - 0.05, 0.0, 1.0)
        if fraction >= 0.05:
            extent[region.value] = round(fraction * 20) / 20
    grades = {s.value: round(_clip(3 * severity + rng.gauss(0, 0.5), 0, 3)) for s in Sign}
    itch = round(_clip(10 * severity + rng.gauss(0, 1.2), 0, 10), 1)
    sleep = round(_clip(8 * severity + rng.gauss(0, 1.5), 0, 10), 1)
    return extent, grades, itch, sleep


def create_demo_clinic(
    data_dir: Path,
    patients: int = 18,
    seed: int = 2026,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoClinic:
    """Create the demo clinic in an EMPTY folder and fill it; returns the login to use.

    The demo uses the fast test key-derivation settings: its data is invented and thrown away.
    """
    rng = random.Random(seed)
    today = today or date.today()
    storage.setup_clinic(
        data_dir,
        DEMO_CLINIC,
        DEMO_USER,
        DEMO_PASSWORD,
        admin_display_name="Dr Demo",
        kdf=storage.FAST_TEST_KDF,
    )
    session = storage.open_clinic(data_dir).login(DEMO_USER, DEMO_PASSWORD)
    visits = 0
    try:
        # a second account, so that "Switch user" and the clinician's view can be tried
        session.add_user("nurse", DEMO_PASSWORD, storage.Role.CLINICIAN, "Nurse Demo")
        for index in range(patients):
            if progress is not None:
                progress(index, patients)
            if index < 3:  # a few infants, who get the under-2 figure
                age_days = rng.randint(120, 650)
            elif index < 9:
                age_days = rng.randint(3 * 365, 15 * 365)
            else:
                age_days = rng.randint(18 * 365, 70 * 365)
            patient = session.add_patient(
                identifier=f"DEMO-{1001 + index}",
                given_name=_GIVEN[index % len(_GIVEN)],
                family_name=_FAMILY[(index * 7) % len(_FAMILY)],
                birth_date=today - timedelta(days=age_days),
                sex=rng.choice(["female", "male"]),
                phototype=rng.randint(1, 6),
                photo_consent=rng.random() < 0.8,
            )
            level = rng.uniform(0.2, 0.75)
            severity = _clip(level + rng.gauss(0, 0.1), 0.02, 0.95)
            first = max(today - timedelta(days=365), patient.birth_date + timedelta(days=30))
            day = first + timedelta(days=rng.randint(0, 40))
            while day <= today:
                visit = session.add_visit(patient.id, day)
                extent, grades, itch, sleep = _items(rng, severity)
                session.record_scorad(visit.id, extent, grades, itch, sleep)
                p_extent, p_grades, p_itch, p_sleep = _items(
                    rng, _clip(severity + rng.gauss(0.03, 0.06), 0, 1)
                )
                session.record_po_scorad(visit.id, p_extent, p_grades, p_itch, p_sleep)
                visits += 1
                gap = rng.randint(28, 70)
                day += timedelta(days=gap)
                flare = 0.25 if rng.random() < 0.15 else 0.0
                severity = _clip(severity + 0.5 * (level - severity) + rng.gauss(0, 0.08) + flare, 0.02, 0.95)
        if progress is not None:
            progress(patients, patients)
    finally:
        session.close()
    return DemoClinic(Path(data_dir), DEMO_USER, DEMO_PASSWORD, patients, visits)
