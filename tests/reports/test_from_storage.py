"""Reports built from the storage service: decrypted photos in memory, the record as of the visit,
forecast, audited export, and no PDF (nor audit row) when the disk is full."""

from __future__ import annotations

import errno
import io
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from desktop_app.reports import output
from desktop_app.reports.errors import ReportDataError, ReportWriteError
from desktop_app.reports.from_storage import (
    export_history_report,
    export_visit_report,
    provenance_entries,
    visit_report_data,
)
from desktop_app.reports.model import Language, ReportOptions
from desktop_app.storage import FAST_TEST_KDF, Session, open_clinic, setup_clinic
from tests.reports.conftest import pdf_text

GRADES = {
    "erythema": 2,
    "oedema_papulation": 1,
    "oozing_crusts": 0,
    "excoriations": 1,
    "lichenification": 2,
    "dryness": 1,
}
PROVENANCE = {
    "engine": "ascorad-engine-1.0",
    "skin_model": "skin-2026.1",
    "skin_weights_sha256": "ab" * 32,
    "heads_model": "heads-2026.1",
    "heads_sha256": "cd" * 32,
    "lesion_estimator": "lite0-location-logistic",
    "sign_estimator": "lite0-ridge",
    "image_sha256": "ef" * 32,
    "time_utc": "2026-05-04T09:30:00+00:00",
}


def _png(rgb: np.ndarray, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rgb).convert(mode).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def clinic_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("clinic") / "data"
    setup_clinic(folder, "Clinique Saint-Éloi", "admin", "admin-password", kdf=FAST_TEST_KDF, language="fr")
    return folder


@pytest.fixture(scope="module")
def session(clinic_dir: Path) -> Iterator[Session]:
    s = open_clinic(clinic_dir).login("admin", "admin-password")
    yield s
    s.close()


@pytest.fixture(scope="module")
def record(session: Session) -> dict[str, int]:
    patient = session.add_patient("MRN-7", "Françoise", "Lévêque-Núñez", "2015-02-03", "female", 3, True)
    ids: dict[str, int] = {"patient": patient.id}
    for i, (day, back) in enumerate(((1, 0.2), (22, 0.4), (36, 0.3))):
        visit = session.add_visit(patient.id, date(2026, 3, day) if day <= 31 else date(2026, 4, day - 31))
        session.record_scorad(visit.id, {"back": back}, GRADES, 3.0 + i, 2.0)
        ids[f"early{i}"] = visit.id
    visit = session.add_visit(patient.id, date(2026, 5, 4))
    ids["visit"] = visit.id
    proposal = session.record_ascorad(
        visit.id,
        {"back": 0.5, "trunk_front": 0.1},
        GRADES,
        PROVENANCE,
        flagged_regions=["head_neck"],
        confidence={"dryness": 0.42, "erythema": 0.9},
    )
    session.record_scorad(
        visit.id, {"back": 0.5, "trunk_front": 0.2}, {**GRADES, "dryness": 2}, 6.5, 4.0, review_of=proposal.id
    )
    session.record_po_scorad(visit.id, {"back": 0.6}, GRADES, 7.0, 5.0)
    easi_signs = {"erythema": 2, "induration_papulation": 1, "excoriation": 1, "lichenification": 0}
    session.record_easi(
        visit.id,
        {
            "head_neck": {**easi_signs, "area": 0},
            "upper_limbs": {**easi_signs, "area": 0},
            "trunk": {**easi_signs, "area": 2},
            "lower_limbs": {**easi_signs, "area": 0},
        },
    )
    rgb = np.zeros((48, 64, 3), dtype=np.uint8)
    rgb[..., 0], rgb[..., 1], rgb[..., 2] = 210, 170, 150
    photo = session.add_photo(visit.id, _png(rgb), "back", device="test camera", width=64, height=48)
    mask = np.zeros((48, 64), dtype=np.uint8)
    mask[10:30, 10:40] = 255
    session.add_annotation(photo.id, signs=GRADES, lesion_mask_png=_png(mask, "L"), lesion_percent=19.5)
    later = session.add_visit(patient.id, date(2026, 8, 1))
    session.record_scorad(later.id, {"back": 0.9}, GRADES, 9.0, 9.0)
    ids["later"] = later.id
    return ids


def test_visit_data_reads_every_part_of_the_record(session: Session, record: dict[str, int]) -> None:
    data = visit_report_data(session, record["visit"])
    assert data.patient.name == "LÉVÊQUE-NÚÑEZ, Françoise" and data.patient.identifier == "MRN-7"
    assert data.clinic.name == "Clinique Saint-Éloi"
    assert data.corrected_items() == {"trunk_front", "dryness", "head_neck"} - {"head_neck"}
    assert data.ascorad is not None and data.ascorad.unscored_regions == {"head_neck"}
    assert [p.visit_date for p in data.history] == [
        date(2026, 3, 1),
        date(2026, 3, 22),
        date(2026, 4, 5),
        date(2026, 5, 4),
    ]
    assert data.forecast is not None and data.forecast.n_points == 4  # later visits are not used
    (photo,) = data.photos
    assert photo.rgb.shape == (48, 64, 3) and photo.lesion_percent == 19.5
    assert photo.lesion_mask is not None and int(photo.lesion_mask.sum()) == 20 * 30
    assert data.age_years == pytest.approx(11.25, abs=0.01)


def test_exported_visit_report_is_audited_and_complete(
    session: Session, record: dict[str, int], tmp_path: Path
) -> None:
    target = tmp_path / "visite.pdf"
    result = export_visit_report(session, record["visit"], target)
    assert result.path == target and target.read_bytes()[:5] == b"%PDF-"
    assert list(tmp_path.iterdir()) == [target]
    text = pdf_text(target.read_bytes())
    assert "Compte rendu de consultation" in text  # the clinic's language setting is French
    assert "LÉVÊQUE-NÚÑEZ, Françoise" in text and "MRN-7" in text
    assert "Tronc (face antérieure), % atteint 20 10 corrigé 0" in text
    assert "Tête et cou, % atteint 0 pas de photo complété 0" in text
    assert "Sécheresse (peau non atteinte) 2 1 (42 %) corrigé 1" in text
    assert "Érythème (rougeur) 2 2 (90 %) accepté 2" in text
    assert "Excoriations 1 1 accepté 1" in text  # no confidence stored for this sign
    assert "skin-2026.1" in text and "ab" * 20 in text.replace(" ", "")
    assert "lésion 19,5 % de la peau visible" in text
    assert "Tronc 2,0 1,0 1,0 0,0 2 0,3 2,40" in text and "EASI 2,40" in text  # 4 x 2 x 0.3
    assert "1 août 2026" not in text  # the later visit is not part of this visit's report
    entry = session.audit_entries(limit=5)[0]
    assert (entry.action, entry.table_name, entry.record_id) == ("export", "visits", str(record["visit"]))
    assert entry.detail["sha256"] == result.sha256 and entry.detail["kind"] == "visit_report_pdf"
    assert session.verify_audit().ok


def test_exported_history_report_in_english(session: Session, record: dict[str, int], tmp_path: Path) -> None:
    target = tmp_path / "history.pdf"
    result = export_history_report(session, record["patient"], target, ReportOptions(Language.EN))
    text = pdf_text(target.read_bytes())
    assert "Severity history" in text and "5 visits from 1 Mar 2026 to 1 Aug 2026" in text
    assert "1 Aug 2026 admin 16.2 7 18.0" in text  # A = 18 * 0.9, B = 7, C = 9 + 9
    entry = session.audit_entries(limit=5)[0]
    assert (entry.action, entry.table_name, entry.detail["kind"]) == (
        "export",
        "patients",
        "history_report_pdf",
    )
    assert entry.detail["bytes"] == result.size


def test_full_disk_leaves_no_pdf_and_no_export_row(
    session: Session, record: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = session.audit_entries(limit=1)[0].id

    def enospc(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output.os, "write", enospc)
    with pytest.raises(ReportWriteError) as info:
        export_visit_report(session, record["visit"], tmp_path / "r.pdf")
    assert info.value.reason == "disk_full"
    assert list(tmp_path.iterdir()) == []
    assert session.audit_entries(limit=1)[0].id == before


def test_a_visit_without_scores_is_refused(session: Session, record: dict[str, int], tmp_path: Path) -> None:
    empty = session.add_visit(record["patient"], date(2026, 9, 1))
    with pytest.raises(ReportDataError) as info:
        export_visit_report(session, empty.id, tmp_path / "r.pdf")
    assert info.value.reason == "no_scores"
    assert list(tmp_path.iterdir()) == []
    session.delete_visit(empty.id)


def test_known_provenance_keys_get_one_row_and_unknown_keys_are_kept() -> None:
    view = {"sign_view_model": "lite0-imagenet-448-fp16-1.0", "sign_view_onnx_sha256": "cd" * 32}
    photo = {**PROVENANCE, **view, "colour_model": "a*-v2", "lesion_rule_applied": "strong"}
    rows = provenance_entries({"photos": [photo]})
    labels = [(r.component, r.version, r.weights_sha256) for r in rows]
    assert ("Skin segmentation", "skin-2026.1", "ab" * 32) in labels
    assert ("Sign view (ImageNet Lite0, 448 px)", "lite0-imagenet-448-fp16-1.0", "cd" * 32) in labels
    assert not any(r.component == "sign_view_onnx_sha256" for r in rows)  # one row, not two
    assert ("colour model", "a*-v2", None) in labels
    # the first photo's lesion rule is not the visit's: per-photo facts stay out of the model rows
    assert not any("rule" in r.component for r in rows)
    assert all(r.created_utc is not None and r.created_utc.year == 2026 for r in rows)
    assert provenance_entries(None) == ()


def test_package_exposes_the_gui_export_calls_lazily() -> None:
    import subprocess
    import sys

    from desktop_app import reports

    assert reports.export_visit_pdf is export_visit_report
    assert reports.export_history_pdf is export_history_report
    assert ReportWriteError("disk_full", "x").code == "disk_full"  # the GUI maps .code to wording
    with pytest.raises(AttributeError):
        reports.no_such_name  # noqa: B018
    code = "import sys, desktop_app.reports; print('reportlab' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_people_are_named_by_display_name(session: Session) -> None:
    from desktop_app.reports.from_storage import clinician_names

    session.add_user("drlee", "a-long-password", "clinician", "Dr Lee-Ørsted")
    names = clinician_names(session)
    assert names["drlee"] == "Dr Lee-Ørsted" and names["admin"]


def test_a_tampered_photo_stops_the_export_with_nothing_written(
    clinic_dir: Path, session: Session, record: dict[str, int], tmp_path: Path
) -> None:
    from desktop_app.storage import PhotoTamperedError

    (photo_file,) = [p for p in (clinic_dir / "photos").rglob("*") if p.is_file()]
    original = photo_file.read_bytes()
    photo_file.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    before = session.audit_entries(limit=1)[0].id
    try:
        with pytest.raises(PhotoTamperedError):
            export_visit_report(session, record["visit"], tmp_path / "r.pdf")
    finally:
        photo_file.write_bytes(original)
    assert list(tmp_path.iterdir()) == []
    exports = [e for e in session.audit_entries(limit=5) if e.id > before and e.action == "export"]
    assert exports == []
