"""Render the capture, review and compare screens to docs/screenshots/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/render_capture_screenshots.py [--out docs/screenshots]

Writes ``capture-good.png`` (all checks green, region chosen), ``capture-bad.png`` (a dark,
glary frame: red lights and the instruction), ``review.png`` (the ASCORAD proposal over a
photo, with a corrected grade and the doubtful signs marked) and ``compare.png`` (two visits
of one region side by side). Uses a throwaway clinic, the synthetic camera, and the shipped
ASCORAD engine — or, without its weights, the tests' stand-in (the picture then says so in
the engine line of the log, not on screen).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.capture import SceneSettings, SyntheticSource
from desktop_app.domain.regions import Region
from desktop_app.storage import FAST_TEST_KDF, Session, open_clinic, setup_clinic
from desktop_app.ui.app import create_application
from desktop_app.ui.compare.view import CompareView
from desktop_app.ui.photos_step import PhotosStep
from desktop_app.ui.review.engine import EngineProvider, warm_up
from desktop_app.ui.review.mask_editor import Tool
from desktop_app.ui.viewmodels.visit import VisitFlow
from tests.ui.capture.engines import best_engine
from tools.render_screenshots import wait_for

SIZE = (1360, 900)


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    widget.grab().save(str(path))
    print(f"wrote {path}")


def capture(app: QApplication, step: PhotosStep, region: Region) -> None:
    step.tabs.setCurrentIndex(0)
    wait_for(app, lambda: step.capture_model.grab() is not None and step.capture.capture_button.isEnabled())
    step.capture.fresh_region = region
    step.capture.capture_button.click()
    photo = step.photos.photos[-1]
    wait_for(app, lambda: photo.kept and photo.result is not None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = create_application([])
    engine, name = best_engine()
    print(f"ASCORAD engine: {name}")
    warm_up(engine)
    provider = EngineProvider()
    provider.set_engine(engine)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "clinic"
        setup_clinic(folder, "Clinique du Parc", "admin", "admin-password", kdf=FAST_TEST_KDF)
        session: Session = open_clinic(folder).login("admin", "admin-password")
        patient = session.add_patient("DEMO-7", "Léa", "Durand", date(2012, 6, 14), photo_consent=True)
        scene = {"settings": SceneSettings(width=1280, height=720)}
        source = lambda: SyntheticSource(scene["settings"], fps=30.0)  # noqa: E731

        # an earlier visit with a photo of the left forearm, for the compare view
        earlier = session.add_visit(patient.id, date(2026, 9, 3))
        scene["settings"] = SceneSettings(width=1280, height=720, seed=3)
        old = PhotosStep(
            VisitFlow(session, patient, earlier), engine=provider, camera_lister=lambda: [], source=source
        )
        old.resize(*SIZE)
        old.show()
        capture(app, old, Region.UPPER_LIMB_LEFT)
        review = old.photos.photos[-1].review
        if review is not None:
            review.confirmed = True
        old.commit()
        old.flow.forms["scorad"].set_vas("pruritus", 6.0)
        old.flow.forms["scorad"].set_vas("sleeplessness", 4.0)
        for sign in old.tracker.unset_doubtful():
            from desktop_app.domain.scorad import Sign

            old.flow.forms["scorad"].set_grade(Sign(sign), 2)
        old.flow.save_step("scorad")
        old.shutdown()
        old.close()

        visit = session.add_visit(patient.id, date(2026, 11, 28))
        scene["settings"] = SceneSettings(width=1280, height=720, seed=1)
        step = PhotosStep(
            VisitFlow(session, patient, visit), engine=provider, camera_lister=lambda: [], source=source
        )
        step.resize(*SIZE)
        step.capture.auto_check.setChecked(False)
        step.show()
        wait_for(
            app, lambda: step.capture.preview.report is not None and step.capture.preview.report.all_pass
        )
        step.capture._region_clicked(Region.UPPER_LIMB_LEFT.value)
        step.capture.body_map.select(Region.UPPER_LIMB_LEFT)
        shoot(app, step, args.out / "capture-good.png")

        scene["settings"] = SceneSettings(width=1280, height=720, glare=0.05, motion_length=18)
        step.capture_model.restart()
        wait_for(
            app,
            lambda: step.capture.preview.report is not None and not step.capture.preview.report.accepted,
        )
        settle(app, 1.2)
        shoot(app, step, args.out / "capture-bad.png")

        scene["settings"] = SceneSettings(width=1280, height=720, seed=1)
        step.capture_model.restart()
        wait_for(
            app, lambda: step.capture.preview.report is not None and step.capture.preview.report.all_pass
        )
        capture(app, step, Region.UPPER_LIMB_LEFT)
        wait_for(app, lambda: step.review.side.currentWidget() is not step.review.waiting)
        panel = step.review
        panel.rows["erythema"].buttons[3].click()  # the clinician disagrees with one grade
        panel.tool_buttons[Tool.BRUSH].click()
        photo = step.photos.photos[-1]
        if photo.review is not None:  # a small brush correction, as a clinician would add
            photo.review.begin_stroke()
            photo.review.stroke((420, 250), (470, 262), 9, erase=False)
            panel.editor.refresh_mask()
            panel.refresh()
        step.tabs.setCurrentIndex(1)
        shoot(app, step, args.out / "review.png")
        step.commit()
        step.shutdown()

        view = CompareView(session, patient.id, Region.UPPER_LIMB_LEFT)
        view.resize(1280, 760)
        view.show()
        settle(app, 0.3)
        view.views[0].set_zoom(1.6)
        shoot(app, view, args.out / "compare.png")
        session.close()
    sys.stdout.flush()
    os._exit(0)  # skip interpreter teardown of Qt objects still owned by Python (a dev script)


if __name__ == "__main__":
    sys.exit(main())
