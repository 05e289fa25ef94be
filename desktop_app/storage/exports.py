"""Exports: one patient's history (CSV or JSON) and the anonymised labelled training set.

Exports are the one place where plaintext leaves the encrypted store, always to a path the
user chose, and always audited (``export`` rows with counts, no names).

Training export (format fixed in COMMON.md / docs/training-export-format.md): one item per
photo that has a clinician annotation (the latest one). Anonymised: the patient id is an
HMAC of the database id under a key derived from the clinic's data key (stable across
exports of one clinic, meaningless elsewhere, irreversible without the key); photo ids
likewise; dates become ``visit_day`` = days since that patient's first visit; no names,
identifiers, birth dates, devices or notes. Images are decoded from the store and
re-encoded as RGB PNG (no metadata); masks are 8-bit PNG, 255 = lesion.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.storage import crypto
from desktop_app.storage.atomic_file import os_error, write_atomic
from desktop_app.storage.errors import InvalidRecordError, StorageError
from desktop_app.storage.models import ExportResult, PatientHistory

if TYPE_CHECKING:
    from desktop_app.storage.service import Session

TRAINING_FORMAT = "scorad-desk-training-export"
HISTORY_COLUMNS = (
    "patient_identifier",
    "visit_id",
    "visit_date",
    "assessment_id",
    "kind",
    "A",
    "B",
    "C",
    "scorad",
    "oscorad",
    "easi",
    "review",
    "review_of",
    "created_by",
    "created_utc",
    "items_json",
)


def history_as_dict(history: PatientHistory) -> dict[str, Any]:
    p = history.patient
    return {
        "patient": {
            "identifier": p.identifier,
            "given_name": p.given_name,
            "family_name": p.family_name,
            "birth_date": p.birth_date.isoformat(),
            "sex": p.sex.value,
            "phototype": p.phototype,
            "photo_consent": p.photo_consent,
        },
        "visits": [
            {
                "id": rec.visit.id,
                "date": rec.visit.visit_date.isoformat(),
                "note": rec.visit.note,
                "assessments": [
                    {
                        "id": a.id,
                        "kind": a.kind.value,
                        "items": dict(a.items),
                        "age_years": a.age_years,
                        "A": a.a,
                        "B": a.b,
                        "C": a.c,
                        "scorad": a.scorad,
                        "oscorad": a.oscorad,
                        "easi": a.easi,
                        "provenance": dict(a.provenance) if a.provenance else None,
                        "review": a.review.value if a.review else None,
                        "review_of": a.review_of,
                        "created_by": a.created_by,
                        "created_utc": a.created_utc,
                    }
                    for a in rec.assessments
                ],
                "photos": [
                    {"id": ph.id, "region": ph.region, "profile": ph.profile, "sha256": ph.sha256}
                    for ph in rec.photos
                ],
            }
            for rec in history.visits
        ],
    }


def export_history(session: Session, patient_id: int, path: Path, fmt: str) -> ExportResult:
    """Write one patient's history to ``path`` as ``csv`` (one row per assessment) or ``json``."""
    if fmt not in ("csv", "json"):
        raise InvalidRecordError("format", "The history export format must be 'csv' or 'json'.")
    history = session.patient_history(patient_id)
    if fmt == "json":
        data = json.dumps(history_as_dict(history), indent=1, ensure_ascii=False).encode("utf-8")
        items = sum(len(r.assessments) for r in history.visits)
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(HISTORY_COLUMNS)
        items = 0
        for rec in history.visits:
            for a in rec.assessments:
                items += 1
                writer.writerow(
                    [
                        history.patient.identifier,
                        rec.visit.id,
                        rec.visit.visit_date.isoformat(),
                        a.id,
                        a.kind.value,
                        _num(a.a),
                        _num(a.b),
                        _num(a.c),
                        _num(a.scorad),
                        _num(a.oscorad),
                        _num(a.easi),
                        a.review.value if a.review else "",
                        a.review_of or "",
                        a.created_by,
                        a.created_utc,
                        json.dumps(dict(a.items), sort_keys=True),
                    ]
                )
        data = buffer.getvalue().encode("utf-8")
    write_atomic(Path(path), data)
    session._record_event("export", "patients", patient_id, {"format": fmt, "assessments": items})
    return ExportResult(str(path), items)


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _png_rgb(image_bytes: bytes, photo_id: str) -> tuple[bytes, tuple[int, int]]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(image_bytes)) as image:
            rgb = image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError):
        raise InvalidRecordError(
            "image", f"Photo {photo_id} is not a readable image, so the training set cannot include it."
        ) from None
    out = io.BytesIO()
    rgb.save(out, format="PNG")
    return out.getvalue(), rgb.size


def export_training(session: Session, folder: Path) -> ExportResult:
    """Write the labelled training export into ``folder`` (must be absent or empty)."""
    from desktop_app.storage.service import skin_tone_of_phototype

    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise InvalidRecordError(
            "folder", f"The export folder {folder} is not empty; choose an empty folder."
        )
    anon_key = session._subkey("export-anonymisation")
    conn = session._connection()
    with session._active():
        rows = conn.execute(
            "SELECT p.id, p.region, p.blob_name, p.sha256, v.visit_date, v.patient_id, pt.phototype, "
            "n.lesion_mask, n.lesion_percent, n.signs_json, n.skin_tone, "
            "(SELECT min(v2.visit_date) FROM visits v2 WHERE v2.patient_id = v.patient_id) "
            "FROM annotations n "
            "JOIN photos p ON p.id = n.photo_id JOIN visits v ON v.id = p.visit_id "
            "JOIN patients pt ON pt.id = v.patient_id "
            "WHERE n.id = (SELECT max(n2.id) FROM annotations n2 WHERE n2.photo_id = n.photo_id) "
            "ORDER BY v.patient_id, v.visit_date, p.id"
        ).fetchall()
    staging = folder.parent / f".{folder.name}.partial"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        (staging / "images").mkdir(parents=True)
        (staging / "masks").mkdir()
    except OSError as exc:
        raise os_error(exc, "creating the export folder") from None
    lines: list[str] = []
    try:
        for (
            photo_id,
            region,
            blob,
            sha,
            visit_date,
            patient_id,
            phototype,
            mask,
            percent,
            signs,
            tone,
            first,
        ) in rows:
            with session._active():
                image = session.photos.read(photo_id, blob, sha)
            png, size = _png_rgb(image, photo_id)
            item_id = "i-" + crypto.hmac_hex(anon_key, b"photo", photo_id.encode())[:20]
            (staging / "images" / f"{item_id}.png").write_bytes(png)
            mask_rel = None
            if mask is not None:
                from PIL import Image

                with Image.open(io.BytesIO(bytes(mask))) as mask_image:
                    if mask_image.size != size:
                        raise InvalidRecordError(
                            "lesion_mask",
                            f"The lesion mask of photo {photo_id} does not match the photo's size.",
                        )
                mask_rel = f"masks/{item_id}.png"
                (staging / mask_rel).write_bytes(bytes(mask))
            day = (datetime.fromisoformat(visit_date) - datetime.fromisoformat(first)).days
            lines.append(
                json.dumps(
                    {
                        "id": item_id,
                        "patient": "p-"
                        + crypto.hmac_hex(anon_key, b"patient", str(patient_id).encode())[:16],
                        "visit_day": day,
                        "region": region,
                        "image": f"images/{item_id}.png",
                        "lesion_mask": mask_rel,
                        "lesion_percent": percent,
                        "signs": json.loads(signs),
                        "skin_tone": tone or skin_tone_of_phototype(phototype),
                    },
                    sort_keys=True,
                )
            )
        (staging / "labels.jsonl").write_text("".join(line + "\n" for line in lines), "utf-8")
        manifest = {
            "format": TRAINING_FORMAT,
            "version": 1,
            "created_utc": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "items": len(lines),
        }
        write_atomic(staging / "manifest.json", json.dumps(manifest, indent=1).encode("utf-8"))
        if folder.exists():
            folder.rmdir()
        staging.rename(folder)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise os_error(exc, "writing the training export") from None
    except (StorageError, BaseException):
        shutil.rmtree(staging, ignore_errors=True)
        raise
    session._record_event("export", "annotations", "", {"kind": "training", "items": len(lines)})
    return ExportResult(str(folder), len(lines))
