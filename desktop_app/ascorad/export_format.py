"""Reading the labelled training export (docs/training-export-format.md).

The storage layer writes it from clinician-confirmed assessments; ``train ascorad`` and
``evaluate`` read it. Every problem raises :class:`ExportFormatError` naming the file and line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from desktop_app.ascorad.heads import SIGNS
from desktop_app.domain.regions import parse_region

FORMAT = "scorad-desk-training-export"
VERSION = 1
SKIN_TONES = ("I-II", "III-IV", "V-VI")


class ExportFormatError(ValueError):
    """The folder is not a valid training export."""


@dataclass(frozen=True)
class ExportItem:
    id: str
    patient: str
    visit_day: int
    region: str
    image: Path
    lesion_mask: Path | None
    lesion_percent: float | None
    signs: dict[str, float | None]
    skin_tone: str | None

    def load_image(self) -> np.ndarray:
        bgr = cv2.imread(str(self.image), cv2.IMREAD_COLOR)
        if bgr is None:
            raise ExportFormatError(f"Cannot read image {self.image}.")
        return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)

    def load_mask(self, shape: tuple[int, int]) -> np.ndarray | None:
        if self.lesion_mask is None:
            return None
        mask = cv2.imread(str(self.lesion_mask), cv2.IMREAD_GRAYSCALE)
        if mask is None:
            raise ExportFormatError(f"Cannot read lesion mask {self.lesion_mask}.")
        if mask.shape != shape:
            raise ExportFormatError(f"Lesion mask {self.lesion_mask} is not the size of its image.")
        return mask > 127


def _grade(value: object, where: str, sign: str) -> float | None:
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 3:
        raise ExportFormatError(f"{where}: {sign} must be a grade 0-3 or null (got {value!r}).")
    return float(value)


def read_export(folder: Path) -> list[ExportItem]:
    """Validate ``manifest.json`` and ``labels.jsonl`` and return the items."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise ExportFormatError(f"{folder} is not a training export: manifest.json is missing.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ExportFormatError(f"{manifest_path} cannot be read ({exc.strerror or exc}).") from None
    except ValueError:  # not UTF-8, or not JSON
        manifest = None
    if not isinstance(manifest, dict):  # a list or a string read as JSON too
        raise ExportFormatError(
            f"{manifest_path} is damaged (not a JSON object): export the training set again."
        )
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ExportFormatError(
            f"{manifest_path}: expected format {FORMAT!r} version {VERSION}, "
            f"got {manifest.get('format')!r} version {manifest.get('version')!r}."
        )
    items: list[ExportItem] = []
    labels = folder / "labels.jsonl"
    if not labels.exists():
        raise ExportFormatError(f"{labels} is missing.")
    for number, line in enumerate(labels.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{labels.name} line {number}"
        try:
            row = json.loads(line)
            signs_in = row["signs"]
            region = parse_region(str(row["region"])).value
            signs = {s: _grade(signs_in.get(s), where, s) for s in SIGNS}
            pct = row.get("lesion_percent")
            if pct is not None and not (isinstance(pct, int | float) and 0 <= pct <= 100):
                raise ExportFormatError(f"{where}: lesion_percent must be 0-100 or null.")
            tone = row.get("skin_tone")
            if tone is not None and tone not in SKIN_TONES:
                raise ExportFormatError(f"{where}: skin_tone must be one of {SKIN_TONES} or null.")
            mask = row.get("lesion_mask")
            items.append(
                ExportItem(
                    id=str(row["id"]),
                    patient=str(row["patient"]),
                    visit_day=int(row["visit_day"]),
                    region=region,
                    image=folder / str(row["image"]),
                    lesion_mask=folder / str(mask) if mask else None,
                    lesion_percent=None if pct is None else float(pct),
                    signs=signs,
                    skin_tone=tone,
                )
            )
        except ExportFormatError:
            raise
        except (KeyError, TypeError, ValueError, json.JSONDecodeError) as exc:
            raise ExportFormatError(f"{where}: invalid record ({exc}).") from None
    if len(items) != manifest.get("items"):
        raise ExportFormatError(
            f"{manifest_path} announces {manifest.get('items')} items but labels.jsonl has {len(items)}."
        )
    return items


def held_out(items: list[ExportItem], share: float = 0.2) -> tuple[list[ExportItem], list[ExportItem]]:
    """Split by patient (never the same patient on both sides): a stable hash picks ~``share``
    of the patients for the held-out set; at least one patient is held out when there are two."""
    import hashlib

    patients = sorted({i.patient for i in items})

    def score(p: str) -> float:
        return int(hashlib.sha256(p.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF

    ranked = sorted(patients, key=score)
    count = max(1 if len(patients) > 1 else 0, round(share * len(patients)))
    test_patients = set(ranked[:count])
    return [i for i in items if i.patient not in test_patients], [
        i for i in items if i.patient in test_patients
    ]
