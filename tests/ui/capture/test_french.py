"""The capture, review and compare strings switch to French with their own catalogue."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.domain.regions import AgeGroup
from desktop_app.ui.capture.i18n import install_capture_translator
from desktop_app.ui.capture.page import CapturePage
from desktop_app.ui.capture.strip import photo_state, reading_text
from desktop_app.ui.capture.viewmodel import CaptureViewModel
from desktop_app.ui.capture.visit_photos import READING_RGB, VisitPhoto
from desktop_app.ui.review.reasons import instruction_text, refusal_text


@pytest.fixture
def french(qapp: object) -> Iterator[None]:
    assert install_capture_translator("fr")
    yield
    install_capture_translator("en")


def test_instructions_and_refusals_in_french(french: None) -> None:
    assert instruction_text("Too dark — add light") == "Trop sombre — ajoutez de la lumière"
    assert instruction_text("Tilt to remove glare") == "Inclinez pour supprimer les reflets"
    title, fix = refusal_text("quality_failed:blur")
    assert title == "La photo n'a pas passé le contrôle de qualité : Netteté."
    assert fix.startswith("Tenez la caméra immobile")
    title, fix = refusal_text("no_colour")
    assert title.startswith("Cette photo est en noir et blanc")
    assert fix.startswith("Passez la caméra en couleur")


def test_capture_page_in_french(qtbot: QtBot, french: None) -> None:
    page = CapturePage(CaptureViewModel(), AgeGroup.AGE_2_PLUS)
    qtbot.addWidget(page)
    assert page.capture_button.text() == "Prendre la photo (Espace)"
    page.set_consent(False)
    assert "n'a pas consenti" in page.preview.message


def test_a_file_being_read_in_french(french: None) -> None:
    photo = VisitPhoto(
        1, READING_RGB, READING_RGB, None, "file", "clinical", reading=True, file_name="bras.jpg"
    )
    assert photo_state(photo) == "Lecture de la photo…"
    assert reading_text(photo) == "Lecture de bras.jpg…"


def test_back_to_english(qapp: object) -> None:
    install_capture_translator("fr")
    install_capture_translator("en")
    assert instruction_text("Move closer") == "Move closer"
