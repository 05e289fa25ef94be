"""Patients, visits, assessments (totals from the domain engine), photos, annotations, settings, history."""

from __future__ import annotations

import pytest

from desktop_app.domain.easi import compute_easi
from desktop_app.domain.errors import MissingItemError, OutOfRangeError, ScoreInputError
from desktop_app.domain.scorad import Extent, Intensity, Subjective, compute_scorad
from desktop_app.storage import (
    AssessmentKind,
    DuplicateError,
    InvalidRecordError,
    NotFoundError,
    PermissionDeniedError,
    Review,
    Session,
    Sex,
)
from tests.storage.conftest import INTENSITY, add_patient, mask_bytes, png_bytes

EASI_REGIONS = {
    region: {"erythema": 1.5, "induration_papulation": 1, "excoriation": 0.5, "lichenification": 0, "area": 2}
    for region in ("head_neck", "upper_limbs", "trunk", "lower_limbs")
}


def test_patient_crud_and_validation(session: Session) -> None:
    patient = session.add_patient(" MRN-1 ", "Zoé", "Müller", "2015-03-02", "female", 5, True)
    assert (patient.identifier, patient.sex, patient.phototype) == ("MRN-1", Sex.FEMALE, 5)
    assert session.get_patient(patient.id) == patient
    with pytest.raises(DuplicateError):
        session.add_patient("MRN-1", "A", "B", "2000-01-01")
    for kwargs, field in [
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"birth_date": "yesterday"}, "birth_date"),
        ({"sex": "x"}, "sex"),
        ({"phototype": 7}, "phototype"),
        ({"given_name": ""}, "given_name"),
    ]:
        args = {
            "identifier": "MRN-2",
            "given_name": "A",
            "family_name": "B",
            "birth_date": "2000-01-01",
        } | kwargs
        with pytest.raises(InvalidRecordError) as info:
            session.add_patient(**args)
        assert info.value.field == field
    updated = session.update_patient(patient.id, family_name="Muller-Smith", phototype=None)
    assert updated.family_name == "Muller-Smith" and updated.phototype is None
    with pytest.raises(InvalidRecordError):
        session.update_patient(patient.id, shoe_size=42)
    with pytest.raises(NotFoundError):
        session.get_patient(999)


def test_search_is_word_wise_case_and_accent_insensitive(session: Session) -> None:
    session.add_patient("A-100", "Zoé", "Müller", "2015-03-02")
    session.add_patient("B-200", "Zoe", "Martin", "2012-01-01")
    session.add_patient("C_300", "Jean", "Dupont", "1980-05-05")
    assert [p.identifier for p in session.search_patients("muller")] == ["A-100"]
    assert [p.identifier for p in session.search_patients("ZOE")] == ["B-200", "A-100"]  # Martin < Müller
    assert [p.identifier for p in session.search_patients("zoe mart")] == ["B-200"]
    assert [p.identifier for p in session.search_patients("c_3")] == ["C_300"]
    assert session.search_patients("%") == []  # LIKE wildcards are literal
    assert session.search_patients("_") == [session.find_patient("C_300")]
    assert len(session.search_patients("", limit=2)) == 2


def test_visits(session: Session) -> None:
    patient_id = add_patient(session)
    first = session.add_visit(patient_id, "2024-05-01", "first")
    second = session.add_visit(patient_id, "2023-01-01")
    assert [v.id for v in session.list_visits(patient_id)] == [second.id, first.id]
    with pytest.raises(InvalidRecordError):
        session.add_visit(patient_id, "2010-01-01")  # before birth
    moved = session.update_visit(first.id, note="follow-up")
    assert moved.note == "follow-up" and moved.visit_date == first.visit_date
    session.delete_visit(second.id)
    assert [v.id for v in session.list_visits(patient_id)] == [first.id]


def test_clinician_scorad_totals_come_from_the_domain_engine(session: Session) -> None:
    visit = session.add_visit(add_patient(session), "2024-04-10")  # the patient is 8 years old
    extent = {"trunk_front": 0.5, "back": 0.25, "head_neck": 1.0}
    a = session.record_scorad(visit.id, extent, INTENSITY, 6.5, 3.0)
    expected = compute_scorad(
        a.age_years, Extent.from_mapping(extent), Intensity.from_mapping(INTENSITY), Subjective(6.5, 3.0)
    )
    assert (a.a, a.b, a.c, a.scorad, a.oscorad) == (
        expected.a,
        expected.b,
        expected.c,
        expected.scorad,
        expected.oscorad,
    )
    assert a.kind is AssessmentKind.CLINICIAN_SCORAD and a.created_by == "admin" and a.review is None
    assert a.items["intensity"] == INTENSITY and a.items["pruritus"] == 6.5
    assert a.age_years == pytest.approx(8.0, abs=0.01)


def test_infant_uses_the_child_figure(session: Session) -> None:
    baby = session.add_patient("BABY", "Léa", "Petit", "2024-01-01")
    visit = session.add_visit(baby.id, "2024-07-01")
    a = session.record_scorad(visit.id, {"head_neck": 1.0}, INTENSITY, 0, 0)
    assert a.a == 17.0  # 8.5 + 8.5 under 2 years


def test_invalid_items_raise_the_domain_errors_and_save_nothing(session: Session) -> None:
    visit = session.add_visit(add_patient(session), "2024-04-10")
    with pytest.raises(OutOfRangeError):
        session.record_scorad(visit.id, {"back": 1.2}, INTENSITY, 1, 1)
    with pytest.raises(MissingItemError):
        session.record_scorad(visit.id, {}, {"erythema": 1}, 1, 1)
    with pytest.raises(ScoreInputError):
        session.record_po_scorad(visit.id, {}, INTENSITY, 10.5, 1)
    assert session.list_assessments(visit.id) == []


def test_ascorad_provenance_and_review_flag(session: Session) -> None:
    visit = session.add_visit(add_patient(session), "2024-04-10")
    provenance = {"estimator": "colorimetric-1.0", "weights_sha256": "ab" * 32, "images": ["cd" * 32]}
    with pytest.raises(InvalidRecordError):
        session.record_ascorad(visit.id, {"back": 0.3}, INTENSITY, {})
    proposal = session.record_ascorad(
        visit.id,
        {"back": 0.3},
        INTENSITY,
        provenance,
        confidence={"erythema": 0.8},
        flagged_regions=["head_neck"],
    )
    assert (
        proposal.scorad is None
        and proposal.c is None
        and proposal.oscorad == pytest.approx(0.3 * 18 / 5 + 24.5)
    )
    assert proposal.provenance == provenance and proposal.items["flagged_regions"] == ["head_neck"]
    confirmed = session.record_scorad(visit.id, {"back": 0.3}, INTENSITY, 2, 1, review_of=proposal.id)
    assert confirmed.review is Review.CONFIRMED and confirmed.review_of == proposal.id
    corrected = session.record_scorad(
        visit.id, {"back": 0.3}, INTENSITY | {"dryness": 3}, 2, 1, review_of=proposal.id
    )
    assert corrected.review is Review.CORRECTED
    with pytest.raises(InvalidRecordError):
        session.record_scorad(visit.id, {"back": 0.3}, INTENSITY, 2, 1, review_of=confirmed.id)
    with_c = session.record_ascorad(
        visit.id, {"back": 0.3}, INTENSITY, provenance, pruritus=4, sleeplessness=2
    )
    assert with_c.scorad == pytest.approx(with_c.oscorad + 6)


def test_po_scorad_and_easi(session: Session) -> None:
    visit = session.add_visit(add_patient(session), "2024-04-10")
    po = session.record_po_scorad(visit.id, {"lower_limb_left": 0.5}, INTENSITY, 7, 5.5)
    assert po.kind is AssessmentKind.PO_SCORAD and po.scorad == pytest.approx(18 * 0.5 / 5 + 24.5 + 12.5)
    easi = session.record_easi(visit.id, EASI_REGIONS)
    assert easi.easi == compute_easi(easi.age_years, EASI_REGIONS).total
    with pytest.raises(ScoreInputError):
        session.record_easi(visit.id, {"trunk": EASI_REGIONS["trunk"]})
    session.delete_assessment(po.id)
    assert [a.id for a in session.list_assessments(visit.id)] == [easi.id]


def test_photos_round_trip_and_consent(session: Session) -> None:
    visit = session.add_visit(add_patient(session), "2024-04-10")
    image = png_bytes()
    quality = {"accepted": True, "categories": {"blur": {"value": 0.1, "status": "pass", "instruction": ""}}}
    photo = session.add_photo(
        visit.id,
        image,
        "upper_limb_left",
        device="Dermlite",
        profile="dermatoscope",
        quality=quality,
        width=32,
        height=24,
    )
    assert session.read_photo(photo.id) == image
    assert photo.quality == quality and photo.region == "upper_limb_left" and photo.profile == "dermatoscope"
    with pytest.raises(ScoreInputError):
        session.add_photo(visit.id, image, "elbow", device="cam")
    with pytest.raises(InvalidRecordError):
        session.add_photo(visit.id, image, "back", device="cam", profile="selfie")
    with pytest.raises(InvalidRecordError):
        session.add_photo(visit.id, b"", "back", device="cam")
    with pytest.raises(InvalidRecordError, match="PNG or JPEG"):
        session.add_photo(visit.id, b"GIF89a....", "back", device="cam")
    no_consent = session.add_visit(add_patient(session, "MRN-NOCONSENT", consent=False), "2024-04-10")
    with pytest.raises(InvalidRecordError) as info:
        session.add_photo(no_consent.id, image, "back", device="cam")
    assert info.value.field == "photo_consent"
    session.delete_photo(photo.id)
    assert list(session.clinic.photos_dir.rglob("*.sdp")) == []
    with pytest.raises(NotFoundError):
        session.read_photo(photo.id)


def test_annotations_validate_masks_and_signs(session: Session) -> None:
    visit = session.add_visit(add_patient(session), "2024-04-10")
    photo = session.add_photo(visit.id, png_bytes(), "back", device="cam", width=32, height=24)
    note = session.add_annotation(
        photo.id, signs={"erythema": 2, "dryness": None}, lesion_mask_png=mask_bytes(), lesion_percent=25.0
    )
    assert note.signs["erythema"] == 2 and note.signs["lichenification"] is None and len(note.signs) == 6
    assert note.lesion_mask_png == mask_bytes()
    with pytest.raises(InvalidRecordError):
        session.add_annotation(photo.id, signs={"erythema": 4})
    with pytest.raises(InvalidRecordError):
        session.add_annotation(photo.id, signs={"redness": 1})
    with pytest.raises(InvalidRecordError):
        session.add_annotation(photo.id, signs={}, lesion_mask_png=mask_bytes(10, 10))
    with pytest.raises(InvalidRecordError):
        session.add_annotation(photo.id, signs={}, lesion_mask_png=png_bytes())  # RGB, not a mask
    with pytest.raises(InvalidRecordError):
        session.add_annotation(photo.id, signs={}, skin_tone="VII")
    session.delete_annotation(note.id)
    assert session.list_annotations(photo.id) == []


def test_patient_history_in_one_call(session: Session) -> None:
    patient_id = add_patient(session)
    late = session.add_visit(patient_id, "2024-06-01")
    early = session.add_visit(patient_id, "2024-01-01")
    session.record_scorad(early.id, {"back": 0.1}, INTENSITY, 1, 1)
    photo = session.add_photo(late.id, png_bytes(), "back", device="cam")
    session.add_annotation(photo.id, signs={"erythema": 1})
    history = session.patient_history(patient_id)
    assert history.patient.id == patient_id
    assert [r.visit.id for r in history.visits] == [early.id, late.id]
    assert len(history.visits[0].assessments) == 1 and history.visits[0].photos == ()
    assert [p.id for p in history.visits[1].photos] == [photo.id]
    assert history.visits[1].annotations[0].photo_id == photo.id


def test_settings(session: Session, clinic) -> None:  # type: ignore[no-untyped-def]
    settings = session.settings()
    assert (settings.clinic_name, settings.band_set, settings.idle_lock_minutes) == (
        "Clinique Test",
        "classic",
        10,
    )
    session.set_setting("band_set", "chopra2017")
    session.set_setting("camera_defaults", {"device": 1, "resolution": [1280, 720]})
    session.set_setting("clinic_name", "Clinique du Parc")
    assert clinic.clinic_name == "Clinique du Parc"
    settings = session.settings()
    assert settings.band_set == "chopra2017" and settings.camera_defaults["resolution"] == [1280, 720]
    for key, value in [
        ("band_set", "loose"),
        ("idle_lock_minutes", 0),
        ("language", "English"),
        ("colour", 1),
    ]:
        with pytest.raises(InvalidRecordError):
            session.set_setting(key, value)
    clinician = session.add_user("nurse", "nurse-password", "clinician")
    assert clinician.role.value == "clinician"
    nurse = clinic.login("nurse", "nurse-password")
    with pytest.raises(PermissionDeniedError):
        nurse.set_setting("idle_lock_minutes", 60)
    nurse.set_setting("language", "fr")
    assert nurse.get_setting("language") == "fr"
    nurse.close()
