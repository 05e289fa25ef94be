"""History CSV/JSON and the labelled training export in exactly the COMMON.md format."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from desktop_app.domain.regions import Region
from desktop_app.storage import InvalidRecordError, PermissionDeniedError, Session
from desktop_app.storage.exports import HISTORY_COLUMNS
from tests.storage.conftest import INTENSITY, add_patient, mask_bytes, png_bytes


def test_history_csv_and_json(session: Session, tmp_path: Path) -> None:
    patient_id = add_patient(session)
    visit = session.add_visit(patient_id, "2024-01-01")
    session.record_scorad(visit.id, {"back": 0.5}, INTENSITY, 2, 2)
    session.record_po_scorad(visit.id, {"back": 0.5}, INTENSITY, 3, 1)
    result = session.export_history(patient_id, tmp_path / "h.csv", "csv")
    rows = list(csv.DictReader((tmp_path / "h.csv").open(encoding="utf-8")))
    assert result.items == 2 and len(rows) == 2 and tuple(rows[0]) == HISTORY_COLUMNS
    assert rows[0]["kind"] == "clinician_scorad" and float(rows[0]["scorad"]) == pytest.approx(1.8 + 24.5 + 4)
    assert json.loads(rows[0]["items_json"])["intensity"] == INTENSITY
    session.export_history(patient_id, tmp_path / "h.json", "json")
    data = json.loads((tmp_path / "h.json").read_text("utf-8"))
    assert data["patient"]["family_name"] == "Müller-Lefèvre"
    assert [a["kind"] for a in data["visits"][0]["assessments"]] == ["clinician_scorad", "po_scorad"]
    with pytest.raises(InvalidRecordError):
        session.export_history(patient_id, tmp_path / "h.xml", "xml")


def test_training_export_format(session: Session, tmp_path: Path) -> None:
    patient_id = add_patient(session)  # phototype 3 -> "III-IV"
    first = session.add_visit(patient_id, "2024-01-10")
    later = session.add_visit(patient_id, "2024-03-01")
    unlabelled = session.add_photo(first.id, png_bytes(), "back", device="cam")
    photo_a = session.add_photo(first.id, png_bytes(), "trunk_front", device="cam", width=32, height=24)
    photo_b = session.add_photo(later.id, png_bytes(colour=(90, 60, 40)), "head_neck", device="cam")
    session.add_annotation(photo_a.id, signs={"erythema": 1})  # superseded by the next one
    session.add_annotation(
        photo_a.id, signs={"erythema": 2, "dryness": 1}, lesion_mask_png=mask_bytes(), lesion_percent=25.0
    )
    session.add_annotation(photo_b.id, signs={"oozing_crusts": 3}, skin_tone="V-VI")
    out = tmp_path / "export"
    result = session.export_training(out)
    assert result.items == 2
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest) == {"format", "version", "created_utc", "items"}
    assert (manifest["format"], manifest["version"], manifest["items"]) == (
        "scorad-desk-training-export",
        1,
        2,
    )
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", manifest["created_utc"])
    labels = [json.loads(line) for line in (out / "labels.jsonl").read_text().splitlines()]
    assert len(labels) == 2
    keys = {
        "id",
        "patient",
        "visit_day",
        "region",
        "image",
        "lesion_mask",
        "lesion_percent",
        "signs",
        "skin_tone",
    }
    for item in labels:
        assert set(item) == keys
        assert item["region"] in {r.value for r in Region}
        assert set(item["signs"]) == set(INTENSITY)
        image = Image.open(out / item["image"])
        assert image.mode == "RGB" and item["image"] == f"images/{item['id']}.png"
    a, b = sorted(labels, key=lambda i: i["visit_day"])
    assert (a["visit_day"], b["visit_day"]) == (0, 51)
    assert a["patient"] == b["patient"] and a["patient"] != str(patient_id)
    assert a["signs"] == {**dict.fromkeys(INTENSITY), "erythema": 2, "dryness": 1}
    assert a["lesion_mask"] == f"masks/{a['id']}.png" and a["lesion_percent"] == 25.0
    mask = Image.open(out / a["lesion_mask"])
    assert mask.mode == "L" and mask.size == Image.open(out / a["image"]).size
    assert {v for _n, v in mask.getcolors()} == {0, 255}
    assert (a["skin_tone"], b["skin_tone"], b["lesion_mask"], b["lesion_percent"]) == (
        "III-IV",
        "V-VI",
        None,
        None,
    )
    # nothing identifying leaves: no names, identifiers, dates or internal ids
    blob = (out / "labels.jsonl").read_text() + (out / "manifest.json").read_text()
    for needle in ("Müller", "MRN-0001", "2024-01-10", "2016-04-10", photo_a.id, unlabelled.id):
        assert needle not in blob
    assert sorted(p.name for p in (out / "images").iterdir()) == sorted(f"{i['id']}.png" for i in labels)
    with pytest.raises(InvalidRecordError):
        session.export_training(out)  # not empty any more


def test_training_export_is_admin_only(session: Session, clinic, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    session.add_user("nurse", "nurse-password", "clinician")
    nurse = clinic.login("nurse", "nurse-password")
    with pytest.raises(PermissionDeniedError):
        nurse.export_training(tmp_path / "x")
    nurse.close()


def test_training_export_reads_back_with_the_ascorad_reader(session: Session, tmp_path: Path) -> None:
    """The reader that train/evaluate use accepts what storage writes (the contract between the two)."""
    from desktop_app.ascorad.export_format import read_export

    visit = session.add_visit(add_patient(session), "2024-01-10")
    photo = session.add_photo(visit.id, png_bytes(), "back", device="cam", width=32, height=24)
    session.add_annotation(photo.id, signs=INTENSITY, lesion_mask_png=mask_bytes(), lesion_percent=40)
    session.export_training(tmp_path / "export")
    (item,) = read_export(tmp_path / "export")
    assert (item.region, item.lesion_percent) == ("back", 40)
    assert item.signs["erythema"] == INTENSITY["erythema"]
    assert item.image.exists() and item.lesion_mask is not None and item.lesion_mask.exists()


def test_export_to_a_missing_folder_is_a_clear_error(session: Session, tmp_path: Path) -> None:
    from desktop_app.storage import StorageIOError

    patient_id = add_patient(session)
    with pytest.raises(StorageIOError, match="does not exist"):
        session.export_history(patient_id, tmp_path / "no" / "such" / "h.csv", "csv")
    with pytest.raises(StorageIOError, match="folder has that name"):
        session.export_history(patient_id, tmp_path, "csv")


def test_training_export_refuses_an_undecodable_photo_cleanly(session: Session, tmp_path: Path) -> None:
    visit = session.add_visit(add_patient(session), "2024-01-10")
    photo = session.add_photo(visit.id, b"\x89PNG\r\n\x1a\n but then garbage", "back", device="cam")
    session.add_annotation(photo.id, signs={"erythema": 1})
    with pytest.raises(InvalidRecordError, match="not a readable image"):
        session.export_training(tmp_path / "export")
    assert not (tmp_path / "export").exists() and not list(tmp_path.glob(".export*"))
