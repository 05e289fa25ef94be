"""Render every GUI screen, in English and French, to docs/screenshots/<lang>-<nn>-<screen>.png.

Runs offscreen on a throwaway demo clinic (made-up patients), so anyone can regenerate the
pictures the README and docs/gui.md show:

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/render_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app import storage
from desktop_app.demo import DEMO_PASSWORD, DEMO_USER, create_demo_clinic
from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import Sign
from desktop_app.ui.app import create_application
from desktop_app.ui.i18n import set_language
from desktop_app.ui.pages.patients import PatientDialog
from desktop_app.ui.viewmodels.body_map import View
from desktop_app.ui.viewmodels.clinic import ClinicGateway
from desktop_app.ui.windows.main_window import MainWindow
from desktop_app.ui.windows.start import OtherClinicRestoreDialog, RecoveryKeyDialog

SIZE = (1280, 820)


def settle(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def wait_for(app: QApplication, condition: Callable[[], bool], timeout_s: float = 20.0) -> None:
    import time

    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            raise RuntimeError("timed out waiting for the GUI")
        app.processEvents()
        time.sleep(0.01)


class Shooter:
    def __init__(self, app: QApplication, out: Path, lang: str) -> None:
        self.app = app
        self.out = out
        self.lang = lang
        self.count = 0
        self.written: list[Path] = []

    def shoot(self, widget: QWidget, name: str) -> None:
        settle(self.app)
        self.count += 1
        path = self.out / f"{self.lang}-{self.count:02d}-{name}.png"
        widget.grab().save(str(path))
        self.written.append(path)


def render_language(app: QApplication, lang: str, out: Path, work: Path) -> list[Path]:
    set_language(lang)
    shots = Shooter(app, out, lang)
    gateway = ClinicGateway(work / f"setup-{lang}", kdf=storage.FAST_TEST_KDF)

    window = MainWindow(gateway.data_dir, gateway=gateway)
    window.resize(*SIZE)
    window.show()
    page = window.setup_page
    page.clinic.setText("Clinique du Parc" if lang == "fr" else "Riverside Dermatology")
    page.username.setText("admin")
    page.display_name.setText("Dr Martin")
    shots.shoot(window, "setup")
    recovery = RecoveryKeyDialog("ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789", "Clinique du Parc", window)
    recovery.resize(560, 320)
    recovery.show()
    shots.shoot(recovery, "recovery-key")
    recovery.close()
    window.close()

    demo_dir = work / f"demo-{lang}"
    create_demo_clinic(demo_dir, patients=14, today=date(2026, 11, 20))
    session = storage.open_clinic(demo_dir).login(DEMO_USER, DEMO_PASSWORD)
    session.set_setting("language", lang)
    session.set_setting(
        "clinic_name",
        "Clinique de démonstration (patients fictifs)" if lang == "fr" else "Demo clinic (made-up patients)",
    )
    session.set_setting("backup_folder", "/media/usb/scorad-backups")
    patient = session.search_patients("DEMO-1004")[0]
    infant = session.search_patients("DEMO-1001")[0]
    session.close()

    gateway = ClinicGateway(demo_dir)
    window = MainWindow(demo_dir, gateway=gateway, login_hint=(DEMO_USER, DEMO_PASSWORD))
    window.resize(*SIZE)
    window.show()
    window.login_page.password.setText(DEMO_PASSWORD)
    shots.shoot(window, "login")
    window.login_page.login_button.click()
    wait_for(app, lambda: window.workspace is not None and not window.busy)
    workspace = window.workspace
    assert workspace is not None
    shots.shoot(window, "patients")
    workspace.patients.search.setText("mar")
    workspace.patients.run_search()
    shots.shoot(window, "patients-search")
    dialog = PatientDialog(gateway.require_session(), parent=window)
    dialog.identifier.setText("")
    dialog.given_name.setText("Inès")
    dialog.save()  # shows the errors beside the fields
    dialog.resize(720, 380)
    dialog.show()
    shots.shoot(dialog, "patient-dialog-errors")
    dialog.close()

    workspace.open_history(patient.id)
    wait_for(app, lambda: not workspace.history.forecast_pending)  # the fan is drawn off the GUI thread
    shots.shoot(window, "history")
    past = workspace.history.open_visit(0)
    if past is not None:
        past.resize(*SIZE)
        shots.shoot(past, "past-visit-read-only")
        past.close()

    visit_page = window.open_visit(patient.id, 0)
    assert visit_page is not None
    shots.shoot(window, "visit-photos-slot")
    visit_page.next_button.click()
    form = visit_page.steps["scorad"].form  # type: ignore[attr-defined]
    model = form.model
    geometry = model.body_map.geometry
    x, y = geometry.anchor(View.FRONT, Region.TRUNK_FRONT)
    model.body_map.paint(View.FRONT, (x - 15, y - 40), (x + 10, y + 30), 9)
    x, y = geometry.anchor(View.BACK, Region.UPPER_LIMB_LEFT)
    model.body_map.paint(View.BACK, (x, y - 40), (x, y + 20), 6)
    model.set_region_percent(Region.HEAD_NECK, 20)
    form.body_map.select(Region.HEAD_NECK)
    for sign, grade in zip(Sign, (2, 1, 0, 2, 1, 2), strict=True):
        form.pickers[sign].set_grade(grade)
    form.vas_inputs["pruritus"].set_value(6.5)
    form.reveal_errors()
    shots.shoot(window, "visit-scorad-form")
    form.vas_inputs["sleeplessness"].set_value(3.0)
    shots.shoot(window, "visit-scorad-complete")
    visit_page.next_button.click()
    shots.shoot(window, "visit-po-scorad-step")

    patient_mode = window.start_patient_mode(fullscreen=False)
    assert patient_mode is not None
    patient_mode.resize(*SIZE)
    shots.shoot(patient_mode, "patient-mode-welcome")
    patient_mode.go_next()
    x, y = patient_mode.flow.form.body_map.geometry.anchor(View.FRONT, Region.UPPER_LIMB_RIGHT)
    patient_mode.flow.form.body_map.paint(View.FRONT, (x, y - 30), (x, y + 30), 8)
    shots.shoot(patient_mode, "patient-mode-body-map")
    patient_mode.go_next()
    patient_mode.answer_buttons[Sign.DRYNESS][2].click()
    shots.shoot(patient_mode, "patient-mode-question")
    for sign in list(Sign):
        patient_mode.flow.form.set_grade(sign, 2 if sign is not Sign.OOZING_CRUSTS else 1)
    while patient_mode.flow.step.kind != "vas":
        patient_mode.go_next()
    patient_mode.vas_inputs["pruritus"].set_value(7.5)
    shots.shoot(patient_mode, "patient-mode-itch")
    patient_mode.go_next()
    patient_mode.vas_inputs["sleeplessness"].set_value(4.0)
    patient_mode.go_next()
    shots.shoot(patient_mode, "patient-mode-done")
    patient_mode.go_next()
    settle(app)
    shots.shoot(window, "visit-summary")
    visit_page.finish_button.click()
    settle(app)
    wait_for(app, lambda: not workspace.history.forecast_pending)
    shots.shoot(window, "history-after-visit")

    # an infant: the under-2 figure
    infant_page = window.open_visit(infant.id, 0)
    assert infant_page is not None
    infant_page.next_button.click()
    shots.shoot(window, "visit-infant-figure")
    workspace.set_visit_page(None)

    workspace.show_page("settings")
    shots.shoot(window, "settings")
    window.lock()
    shots.shoot(window, "lock")
    window.switch_user()
    window.close()

    damaged = work / f"damaged-{lang}"
    create_demo_clinic(damaged, patients=1)
    (damaged / "clinic.db").write_bytes(b"this is not a database" * 100)
    window = MainWindow(damaged, gateway=ClinicGateway(damaged))
    window.resize(*SIZE)
    window.show()
    shots.shoot(window, "recovery-damaged-database")
    # restoring a colleague's backup of another clinic from there asks first
    names = (
        ("Cabinet Rive Gauche", "Clinique du Parc")
        if lang == "fr"
        else ("Lakeside Skin Clinic", "Riverside Dermatology")
    )
    other = OtherClinicRestoreDialog(*names, damaged, window)
    other.show()
    shots.shoot(other, "restore-other-clinic")
    other.close()
    window.close()
    return shots.written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--lang", choices=("en", "fr"), action="append")
    args = parser.parse_args(argv)
    app = create_application(["render_screenshots"])
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("??-*.png"):
        old.unlink()
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="scorad-shots-") as tmp:
        for lang in args.lang or ["en", "fr"]:
            written += render_language(app, lang, args.out, Path(tmp))
    set_language("en")
    QCoreApplication.processEvents()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
