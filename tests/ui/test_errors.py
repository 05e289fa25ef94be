"""Storage errors reach the user as one sentence in the screen's language."""

from __future__ import annotations

from pathlib import Path

from desktop_app.storage import OtherInstallationError, RestoreError
from desktop_app.ui.errors import error_text
from desktop_app.ui.i18n import set_language


def test_another_clinics_backup_is_named_as_such_in_both_languages(qapp: object) -> None:
    refused = OtherInstallationError(Path("/media/usb/backup"), "Clinique du Lac", "Cabinet Rive")
    try:
        assert error_text(refused) == "This backup is of another clinic; your current data was not touched."
        assert set_language("fr")
        assert error_text(refused).startswith("Cette sauvegarde appartient à une autre clinique")
        assert error_text(RestoreError("x")).startswith("La sauvegarde n'a pas passé")  # its parent's code
    finally:
        set_language("en")
