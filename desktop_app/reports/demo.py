"""Made-up demo records for the sample report, the screenshots, the benchmark and the tests.

Everything here is invented (clinic, patient, clinician, photos drawn with numpy, model
hashes of the word "demo"); it is never real patient data. The patient's name carries
accents on purpose ("Françoise Lévêque-Núñez") to prove the embedded font.

``python -m desktop_app.reports.demo OUT.pdf [--language fr] [--page-size letter] [--history]``
writes the sample report (docs/sample-report.pdf is made this way).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import math
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import numpy as np
from PIL import Image, ImageDraw

from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import Extent, Intensity, ScoreKind, Sign, Subjective
from desktop_app.domain.severity import BandSet
from desktop_app.reports.model import (
    AscoradProposal,
    ClinicInfo,
    ForecastSummary,
    FormItems,
    HistoryPoint,
    HistoryReportData,
    Language,
    PageSize,
    PatientInfo,
    Provenance,
    ReportOptions,
    ReportPhoto,
    VisitReportData,
)

DEMO_NAME = "Françoise Lévêque-Núñez"
DEMO_ID = "DEMO-0001"
DEMO_CLINIC = "Clinique de démonstration – ScoradDesk (DEMO)"
DEMO_CLINICIAN = "Dr Aïssa Benoît-Çelik"
DEMO_VISIT_DATE = date(2026, 11, 20)
DEMO_GENERATED = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
_PHOTO_REGIONS = (
    Region.UPPER_LIMB_LEFT,
    Region.UPPER_LIMB_RIGHT,
    Region.TRUNK_FRONT,
    Region.BACK,
    Region.LOWER_LIMB_LEFT,
    Region.HEAD_NECK,
)


def demo_logo() -> bytes:
    """A small invented logo (a blue circle with a white cross), PNG with transparency."""
    image = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, 156, 156), fill=(31, 95, 139, 255))
    draw.rectangle((68, 30, 92, 130), fill=(255, 255, 255, 255))
    draw.rectangle((30, 68, 130, 92), fill=(255, 255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def demo_photo(seed: int, width: int = 1600, height: int = 1200) -> tuple[np.ndarray, np.ndarray]:
    """A skin-coloured synthetic photo with red eczema-like patches, and the patches' mask."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    base = np.array([224, 178, 150], dtype=np.float32) - seed * np.array([9, 8, 7], dtype=np.float32)
    shade = 1.0 - 0.18 * ((xx / width - 0.5) ** 2 + (yy / height - 0.4) ** 2)
    rgb = base[None, None, :] * shade[..., None]
    mask = np.zeros((height, width), dtype=bool)
    for _ in range(3):
        cx, cy = rng.uniform(0.25, 0.75) * width, rng.uniform(0.25, 0.75) * height
        rx, ry = rng.uniform(0.08, 0.18) * width, rng.uniform(0.08, 0.18) * height
        angle = rng.uniform(0, math.pi)
        dx, dy = xx - cx, yy - cy
        u = (dx * math.cos(angle) + dy * math.sin(angle)) / rx
        v = (-dx * math.sin(angle) + dy * math.cos(angle)) / ry
        wobble = 1 + 0.15 * np.sin(6 * np.arctan2(v, u) + seed)
        patch = u**2 + v**2 <= wobble
        mask |= patch
    rgb[mask] = rgb[mask] * np.array([1.0, 0.72, 0.72], dtype=np.float32)
    rgb += rng.normal(0, 4, size=rgb.shape).astype(np.float32)
    return np.clip(rgb, 0, 255).astype(np.uint8), mask


def _history(n_visits: int, last: date) -> tuple[HistoryPoint, ...]:
    """Made-up visits every ~3-6 weeks: a slowly improving course with two flares."""
    points: list[HistoryPoint] = []
    day = last
    gaps = [21, 35, 28, 42, 24, 30]
    for i in range(n_visits):
        k = n_visits - 1 - i
        level = 30 + 12 * math.sin(k / 3.1) + (14 if k in (6, 17) else 0) + k * 0.3
        a = round(min(60.0, level * 0.9), 1)
        b = max(2, min(14, round(level / 6)))
        c = round(min(18.0, level / 5), 1)
        objective = round(a / 5 + 3.5 * b, 1)
        po = round(min(103.0, objective + c + (3 if k % 3 == 0 else -2)), 1) if k % 2 == 0 else None
        points.append(
            HistoryPoint(
                visit_date=day,
                scorad=round(objective + c, 1),
                oscorad=objective,
                po_scorad=po,
                a=a,
                b=b,
                c=c,
                clinician=DEMO_CLINICIAN if k % 4 else "Dr Jean-Noël Moreau",
            )
        )
        day -= timedelta(days=gaps[i % len(gaps)])
    return tuple(reversed(points))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def demo_visit(
    n_photos: int = 6,
    n_visits: int = 30,
    band_set: BandSet = BandSet.CLASSIC,
    photo_size: tuple[int, int] = (1600, 1200),
) -> VisitReportData:
    """The demo visit: clinician SCORAD correcting an ASCORAD proposal, PO-SCORAD, photos, history."""
    clinician = FormItems(
        extent=Extent.from_mapping(
            {
                "head_neck": 0.2,
                "upper_limb_left": 0.5,
                "upper_limb_right": 0.35,
                "trunk_front": 0.15,
                "back": 0.1,
                "lower_limb_left": 0.3,
                "lower_limb_right": 0.25,
            }
        ),
        intensity=Intensity(
            erythema=2, oedema_papulation=2, oozing_crusts=1, excoriations=2, lichenification=1, dryness=2
        ),
        subjective=Subjective(pruritus=6.5, sleeplessness=4.0),
    )
    proposal = AscoradProposal(
        extent=Extent.from_mapping(
            {
                "head_neck": 0.2,
                "upper_limb_left": 0.45,
                "upper_limb_right": 0.35,
                "trunk_front": 0.15,
                "back": 0.1,
                "lower_limb_left": 0.3,
            }
        ),
        intensity=Intensity(
            erythema=2, oedema_papulation=1, oozing_crusts=1, excoriations=2, lichenification=1, dryness=2
        ),
        provenance=(
            Provenance("quality gate (demo)", "demo-1.0", None, DEMO_GENERATED),
            Provenance("skin segmentation (demo)", "demo-1.0", _sha("demo skin weights"), DEMO_GENERATED),
            Provenance("lesion segmentation (demo)", "demo-1.0", _sha("demo lesion weights"), DEMO_GENERATED),
            Provenance("sign estimators (demo)", "demo-colorimetric-1.0", None, DEMO_GENERATED),
        ),
        unscored_regions=frozenset({Region.LOWER_LIMB_RIGHT, Region.GENITALS}),
        confidence={
            Sign.ERYTHEMA: 0.81,
            Sign.OEDEMA_PAPULATION: 0.55,
            Sign.OOZING_CRUSTS: 0.72,
            Sign.EXCORIATIONS: 0.64,
            Sign.LICHENIFICATION: 0.58,
            Sign.DRYNESS: 0.69,
        },
    )
    patient = FormItems(
        extent=Extent.from_mapping(
            {
                "head_neck": 0.25,
                "upper_limb_left": 0.6,
                "upper_limb_right": 0.4,
                "trunk_front": 0.2,
                "lower_limb_left": 0.3,
                "lower_limb_right": 0.3,
            }
        ),
        intensity=Intensity(
            erythema=2, oedema_papulation=1, oozing_crusts=1, excoriations=3, lichenification=1, dryness=3
        ),
        subjective=Subjective(pruritus=7.0, sleeplessness=5.5),
    )
    photos = []
    for i in range(n_photos):
        rgb, mask = demo_photo(i, *photo_size)
        encoded = rgb.tobytes()
        photos.append(
            ReportPhoto(
                rgb=rgb,
                region=_PHOTO_REGIONS[i % len(_PHOTO_REGIONS)],
                sha256=hashlib.sha256(encoded).hexdigest(),
                lesion_mask=mask,
                lesion_percent=round(float(mask.mean()) * 100, 1),
            )
        )
    history = _history(max(n_visits - 1, 0), DEMO_VISIT_DATE - timedelta(days=28))
    data = VisitReportData(
        clinic=ClinicInfo(DEMO_CLINIC, demo_logo()),
        patient=PatientInfo(DEMO_ID, DEMO_NAME, date(1991, 3, 14), "female"),
        visit_id="V-2026-11-20-01",
        visit_date=DEMO_VISIT_DATE,
        clinician=DEMO_CLINICIAN,
        generated_utc=DEMO_GENERATED,
        band_set=band_set,
        clinician_form=clinician,
        patient_form=patient,
        ascorad=proposal,
        photos=tuple(photos),
        history=history,
    )
    result = data.clinician_result()
    patient_result = data.patient_result()
    assert result is not None and patient_result is not None
    today = HistoryPoint(
        DEMO_VISIT_DATE,
        result.scorad,
        result.oscorad,
        patient_result.scorad,
        result.a,
        result.b,
        result.c,
        DEMO_CLINICIAN,
    )
    forecast = ForecastSummary(
        kind=ScoreKind.SCORAD,
        target_date=DEMO_VISIT_DATE + timedelta(days=42),
        median=round(result.scorad - 3.2, 1),
        low50=round(result.scorad - 10.4, 1),
        high50=round(result.scorad + 4.1, 1),
        low90=round(result.scorad - 20.5, 1),
        high90=round(result.scorad + 14.8, 1),
        p_flare=0.23,
        n_points=len(history) + 1,
        model_version="demo-forecast-1.0",
        flare_threshold=round(result.scorad + 8.7, 1),
    )
    if not n_visits:
        return replace(data, history=())
    return replace(data, history=(*history, today), forecast=forecast)


def demo_history(n_visits: int = 30) -> HistoryReportData:
    visit = demo_visit(n_photos=0, n_visits=n_visits)
    return HistoryReportData(
        clinic=visit.clinic,
        patient=visit.patient,
        history=visit.history,
        generated_utc=DEMO_GENERATED,
        band_set=visit.band_set,
        forecast=visit.forecast,
    )


def main(argv: Sequence[str] | None = None) -> int:
    from desktop_app.reports.errors import ReportError
    from desktop_app.reports.history import render_history_report
    from desktop_app.reports.output import write_pdf
    from desktop_app.reports.visit import render_visit_report

    parser = argparse.ArgumentParser(description="Write a report from made-up demo data.")
    parser.add_argument("output")
    parser.add_argument("--language", choices=[x.value for x in Language], default="en")
    parser.add_argument("--page-size", choices=[x.value for x in PageSize], default="a4")
    parser.add_argument(
        "--history", action="store_true", help="the history report instead of the visit report"
    )
    args = parser.parse_args(argv)
    options = ReportOptions(Language(args.language), PageSize(args.page_size))
    pdf = (
        render_history_report(demo_history(), options)
        if args.history
        else render_visit_report(demo_visit(), options)
    )
    try:
        write_pdf(pdf, args.output)
    except ReportError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
