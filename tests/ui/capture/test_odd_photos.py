"""Odd photo files imported into a visit the way a clinician does it: Import button, file dialog.

Every file is made here (synthetic skin from the demo camera's scene, re-encoded by Pillow).
A file that cannot be used is refused with a sentence naming it, in the screen's language,
and the visit keeps the photos it already had; a usable one is imported, scored and kept.
A photo saved with the visit whose file was later lost or damaged is named on resuming.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pytestqt.qtbot import QtBot

from desktop_app.capture import SceneSettings, SyntheticSource
from desktop_app.domain.regions import Region
from desktop_app.storage import DiskFullError, Session
from desktop_app.ui.capture.visit_photos import camera_photo
from desktop_app.ui.i18n import set_language
from desktop_app.ui.photos_step import PhotosStep
from desktop_app.ui.review.engine import EngineProvider
from desktop_app.ui.viewmodels.visit import VisitFlow
from tests.ui.capture.support import choose_in_dialog, jpeg, photos_step, skin


@pytest.fixture
def step(qtbot: QtBot, flow: VisitFlow, provider: EngineProvider) -> Iterator[PhotosStep]:
    widget = photos_step(flow, provider)
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()


def import_through_button(step: PhotosStep, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    choose_in_dialog(monkeypatch, path, lambda: None)
    step.chooser.import_button.click()


def tiny(folder: Path) -> Path:
    return jpeg(folder / "vignette.jpg", skin(64, 64)[27:37, 27:37])


def panorama(folder: Path) -> Path:
    return jpeg(folder / "panorama.jpg", np.ascontiguousarray(np.tile(skin(20, 400), (10, 1, 1))))


def empty(folder: Path) -> Path:
    path = folder / "empty.jpg"
    path.write_bytes(b"")
    return path


def text(folder: Path) -> Path:
    path = folder / "notes.jpg"
    path.write_text("Patient notes, not a photo.\n", encoding="utf-8")
    return path


def truncated(folder: Path) -> Path:
    whole = jpeg(folder / "whole.jpg", skin(800, 600)).read_bytes()
    path = folder / "cut.jpg"
    path.write_bytes(whole[: len(whole) // 2])
    whole_path = folder / "whole.jpg"
    whole_path.unlink()
    return path


def deleted(folder: Path) -> Path:
    return jpeg(folder / "moved.jpg", skin(800, 600))  # removed once chosen (see the test)


REFUSED = {
    "thumbnail 10×10": (tiny, "only 10×10 pixels", "ne fait que 10×10 pixels"),
    "panorama 20×4000": (panorama, "only 20×4000 pixels", "ne fait que 20×4000 pixels"),
    "zero bytes": (empty, "empty (0 bytes)", "vide (0 octet)"),
    "text named .jpg": (text, "not a photo in a supported format", "pas une photo dans un format"),
    "truncated JPEG": (truncated, "incomplete (cut short during copying)", "incomplet (coupé pendant"),
    "deleted after choosing": (deleted, "no longer there", "n'est plus là"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_an_unusable_file_is_refused_by_name_in_english_and_french_and_the_visit_keeps_its_photos(
    case: str,
    qtbot: QtBot,
    step: PhotosStep,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make, english, french = REFUSED[case]
    good = jpeg(tmp_path / "arm.jpg", skin(800, 600))
    import_through_button(step, monkeypatch, good)
    kept = step.photos.photos[0]
    step.tag_selected(Region.UPPER_LIMB_LEFT)
    qtbot.waitUntil(lambda: kept.kept and not step.photos.busy(), timeout=10_000)
    assert step.message.text() == ""
    folder = tmp_path / "in"
    folder.mkdir()
    for language, expected in (("en", english), ("fr", french)):
        set_language(language)
        path = make(folder)
        choose_in_dialog(monkeypatch, path, path.unlink if make is deleted else lambda: None)
        step.chooser.import_button.click()  # an exception here fails the test (pytest-qt)
        qtbot.waitUntil(lambda: not step.photos.busy(), timeout=10_000)  # the file is read meanwhile
        message = step.message.text()
        assert path.name in message and expected in message, message
        assert step.photos.photos == [kept]
        assert step.review.photo is kept  # the review still shows the visit's photo
        assert [p.id for p in session.list_photos(step.flow.visit.id)] == [kept.photo_id]
    assert step.commit() is True  # the visit goes on with the photo it had


def test_a_turned_photo_is_kept_upright_and_a_refused_one_stays_out_of_the_proposal(
    qtbot: QtBot, step: PhotosStep, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An EXIF-rotated JPEG in a folder with accents, and a 16-bit greyscale TIFF (no colour:
    ASCORAD refuses it). The other odd formats (1-bit, palette with transparency, RGBA, 16-bit
    PNG, CMYK) take the same path; their pixel conversion is tested in tests/imaging."""
    rgb = skin(640, 480)
    marked = rgb.copy()
    marked[:40, :40] = (0, 0, 255)  # a blue corner, to see where the top-left went
    folder = tmp_path / "Photos de Zoé Müller"
    folder.mkdir()
    turned = Image.fromarray(marked)
    exif = turned.getexif()
    exif[0x0112] = 6  # the camera was turned: to be shown rotated 90° clockwise
    turned.save(folder / "tournée.jpg", exif=exif, quality=95)
    Image.fromarray(rgb[:, :, 0].astype(np.uint16) * 257).save(folder / "grey16.tif")
    for name, region in (("tournée.jpg", Region.UPPER_LIMB_LEFT), ("grey16.tif", Region.BACK)):
        import_through_button(step, monkeypatch, folder / name)
        assert step.message.text() == "", name
        step.tag_selected(region)
    upright, grey = step.photos.photos
    qtbot.waitUntil(lambda: not step.photos.busy(), timeout=20_000)
    assert upright.kept and grey.kept and not upright.error and not grey.error
    stored = {p.id: (p.width, p.height) for p in session.list_photos(step.flow.visit.id)}
    assert stored == {upright.photo_id: (480, 640), grey.photo_id: (640, 480)}
    assert upright.rgb[:30, -30:].mean(axis=(0, 1))[2] > 200  # the blue corner is now top-right
    assert upright.result is not None and upright.result.accepted
    assert grey.result is not None and grey.result.reason == "no_colour"
    step.show_photo(grey.key)
    assert step.review.side.currentWidget() is step.review.refused
    assert step.review.refused_title.text() == (
        "This photo is black and white: ASCORAD needs colour to read redness."
    )
    assert step.commit() is True
    assert step.proposal_assessment is not None and step.proposal_assessment.provenance is not None
    provenance = step.proposal_assessment.provenance
    assert [p["photo_id"] for p in provenance["photos"]] == [upright.photo_id]
    assert provenance["refused"] == [{"photo_id": grey.photo_id, "reason": "no_colour"}]
    assert set(step.proposal_assessment.items["extent"]) == {"upper_limb_left"}


@pytest.mark.parametrize("damage", ["missing", "damaged"])
def test_a_saved_photo_whose_file_is_lost_is_named_when_the_visit_is_resumed(
    damage: str, qtbot: QtBot, flow: VisitFlow, provider: EngineProvider, session: Session
) -> None:
    rgb = skin(640, 480)
    good, bad = (
        session.add_photo(
            flow.visit.id, camera_photo(pixels).encoded, region, device="test", width=640, height=480
        )
        for pixels, region in ((rgb, "upper_limb_left"), (rgb[:, ::-1], "back"))
    )
    blob = session.photos.path(session.photos.blob_name(bad.id, bad.sha256))
    if damage == "missing":
        blob.unlink()  # e.g. a photo folder copied without this file
    else:
        data = bytearray(blob.read_bytes())
        data[-1] ^= 0xFF  # a disk error
        blob.write_bytes(bytes(data))
    scene = SceneSettings(width=320, height=240)
    step = PhotosStep(
        flow, engine=provider, camera_lister=lambda: [], source=lambda: SyntheticSource(scene, fps=30.0)
    )
    qtbot.addWidget(step)
    try:
        qtbot.waitUntil(lambda: step.message.text() != "", timeout=10_000)
        assert step.message.text() == (
            f"The photo of Back saved with this visit cannot be shown: its file is {damage}. "
            "Restore a backup to get it back."
        )
        assert [p.photo_id for p in step.photos.photos] == [good.id]  # the readable one is there
    finally:
        step.shutdown()


def test_a_photo_that_cannot_be_saved_stays_in_the_strip_with_the_reason_in_french(
    qtbot: QtBot, step: PhotosStep, session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_through_button(step, monkeypatch, jpeg(tmp_path / "bras.jpg", skin(800, 600)))
    photo = step.photos.photos[0]
    real_add_photo = session.add_photo

    def full_disk(*_args: object, **_kwargs: object) -> object:
        raise DiskFullError("The disk is full; the photo was not written.")

    monkeypatch.setattr(session, "add_photo", full_disk)
    set_language("fr")
    step.tag_selected(Region.UPPER_LIMB_LEFT)
    qtbot.waitUntil(lambda: not step.photos.busy(), timeout=10_000)
    message = "Le disque est plein : rien n'a été enregistré. Libérez de l'espace et réessayez."
    assert step.message.text() == message
    assert step.photos.photos == [photo] and not photo.kept and photo.region is None  # tag it again
    assert step.strip.list.item(0).toolTip() == message
    assert session.list_photos(step.flow.visit.id) == []
    monkeypatch.setattr(session, "add_photo", real_add_photo)  # space was freed
    step.tag_selected(Region.UPPER_LIMB_LEFT)
    qtbot.waitUntil(lambda: photo.kept, timeout=10_000)
    assert [p.id for p in session.list_photos(step.flow.visit.id)] == [photo.photo_id]
