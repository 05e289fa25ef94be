"""A patient with two visits of photos, proposals, reviewed SCORADs and annotations (real storage)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from desktop_app.capture import SceneSettings, SyntheticSource
from desktop_app.storage import Patient, Session
from desktop_app.ui.capture.visit_photos import camera_photo
from desktop_app.ui.review.model import mask_png

INTENSITY = {
    "erythema": 2,
    "oedema_papulation": 1,
    "oozing_crusts": 0,
    "excoriations": 1,
    "lichenification": 2,
    "dryness": 1,
}


@dataclass
class TwoVisits:
    patient: Patient
    photo_ids: list[str]
    proposal_ids: list[int]


def scene(seed: int, tone: str = "light") -> np.ndarray:
    source = SyntheticSource(SceneSettings(width=320, height=240, seed=seed, skin_tone=tone), fps=None)
    source.open()
    return source.read().rgb


def two_visits(session: Session) -> TwoVisits:
    patient = session.add_patient("H-1", "Hugo", "Bernard", date(2015, 3, 2), photo_consent=True)
    photo_ids, proposal_ids = [], []
    for n, (day, lesion) in enumerate(((date(2026, 9, 1), 0.4), (date(2026, 11, 1), 0.1))):
        visit = session.add_visit(patient.id, day)
        clean = camera_photo(scene(n + 1))
        photo = session.add_photo(
            visit.id, clean.encoded, "upper_limb_left", device="demo", width=320, height=240
        )
        photo_ids.append(photo.id)
        proposal = session.record_ascorad(
            visit.id, {"upper_limb_left": lesion}, INTENSITY, {"engine": "test", "photos": [photo.id]}
        )
        proposal_ids.append(proposal.id)
        intensity = dict(INTENSITY, erythema=3) if n == 0 else INTENSITY
        session.record_scorad(
            visit.id, {"upper_limb_left": lesion}, intensity, 5.0, 3.0, review_of=proposal.id
        )
        mask = np.zeros((240, 320), bool)
        mask[60:180, 80:240] = True
        session.add_annotation(
            photo.id, signs=intensity, lesion_mask_png=mask_png(mask), lesion_percent=100 * lesion
        )
    return TwoVisits(patient, photo_ids, proposal_ids)
