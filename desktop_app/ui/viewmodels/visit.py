"""A visit walked through in steps — photos/ASCORAD → clinician SCORAD → PO-SCORAD → summary.

Saved at every step: a complete form is recorded through the storage service at once
(``record_scorad`` / ``record_po_scorad``, replacing this visit's earlier record of the same
kind); an incomplete one is kept as a draft (see :class:`DraftStore`). Reopening the visit
later loads both, so it resumes where it stopped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from desktop_app.domain.scorad import ScoreKind
from desktop_app.domain.severity import BandSet, parse_band_set
from desktop_app.storage import Assessment, AssessmentKind, Patient, Session, Visit
from desktop_app.ui.viewmodels.scorad_form import ScoradFormModel

STEP_KEYS: tuple[str, ...] = ("photos", "scorad", "po_scorad", "summary")
_KIND = {"scorad": AssessmentKind.CLINICIAN_SCORAD, "po_scorad": AssessmentKind.PO_SCORAD}


class DraftStore(Protocol):
    def save(self, visit_id: int, data: Mapping[str, Any]) -> None: ...
    def load(self, visit_id: int) -> dict[str, Any]: ...
    def discard(self, visit_id: int) -> None: ...


class SessionDraftStore:
    """Drafts of unfinished forms, kept encrypted in the clinic database by the storage service
    (``save_visit_draft`` / ``load_visit_draft`` / ``discard_visit_draft``): a crash, an idle
    lock or closing the window loses nothing typed."""

    persistent = True

    def __init__(self, session: Session) -> None:
        self.session = session

    def save(self, visit_id: int, data: Mapping[str, Any]) -> None:
        self.session.save_visit_draft(visit_id, json.loads(json.dumps(dict(data))))

    def load(self, visit_id: int) -> dict[str, Any]:
        return dict(self.session.load_visit_draft(visit_id) or {})

    def discard(self, visit_id: int) -> None:
        self.session.discard_visit_draft(visit_id)


def form_from_items(form: ScoradFormModel, items: Mapping[str, Any]) -> None:
    """Load a stored assessment's items (storage layout) into a form."""
    form.load_dict(
        {
            "extent": dict(items.get("extent", {})),
            "intensity": dict(items.get("intensity", {})),
            "subjective": {"pruritus": items.get("pruritus"), "sleeplessness": items.get("sleeplessness")},
        }
    )


@dataclass
class StepStatus:
    saved: bool  # recorded in the database
    drafted: bool  # only a draft


class VisitFlow:
    """One visit's forms and where the clinician is in the steps."""

    def __init__(
        self, session: Session, patient: Patient, visit: Visit, drafts: DraftStore | None = None
    ) -> None:
        self.session = session
        self.patient = patient
        self.visit = visit
        self.drafts: DraftStore = drafts if drafts is not None else SessionDraftStore(session)
        self.band_set: BandSet = parse_band_set(session.settings().band_set)
        self.age_years = patient.age_years(visit.visit_date)
        self.forms: dict[str, ScoradFormModel] = {
            "scorad": ScoradFormModel(ScoreKind.SCORAD, self.age_years, self.band_set),
            "po_scorad": ScoradFormModel(ScoreKind.PO_SCORAD, self.age_years, self.band_set),
        }
        self.saved: dict[str, Assessment | None] = {"scorad": None, "po_scorad": None}
        # Set by the photos/ASCORAD step (next GUI issue) with propose_from_ascorad().
        self.review_of: int | None = None
        for recorded in session.list_assessments(visit.id):
            for key, kind in _KIND.items():
                if recorded.kind is kind:
                    self.saved[key] = recorded  # the latest of each kind wins (ordered by id)
        for key, found in self.saved.items():
            if found is not None:
                form_from_items(self.forms[key], found.items)
        scorad = self.saved["scorad"]
        if scorad is not None:
            self.review_of = scorad.review_of
        draft = self.drafts.load(visit.id)
        if isinstance(draft.get("review_of"), int):
            self.review_of = draft["review_of"]
        for key, data in dict(draft.get("forms", {})).items():
            if key in self.forms:
                self.forms[key].load_dict(data)
        self.step_index = (
            STEP_KEYS.index(draft["step"]) if draft.get("step") in STEP_KEYS else self._first_open()
        )

    def propose_from_ascorad(self, ascorad: Assessment) -> None:
        """Pre-fill the clinician's form with an ASCORAD proposal of this visit; the SCORAD
        recorded next is stored as the review of that proposal (confirmed or corrected).
        The clinician still enters itch and sleep (C) unless the proposal carries them."""
        if ascorad.kind is not AssessmentKind.ASCORAD or ascorad.visit_id != self.visit.id:
            raise ValueError("Only an ASCORAD proposal of this visit can pre-fill its SCORAD.")
        self.review_of = ascorad.id
        form_from_items(self.forms["scorad"], ascorad.items)
        self.save_draft()

    def _first_open(self) -> int:
        """Resume at the first step not yet recorded (a new visit starts with the photos)."""
        if self.saved["scorad"] is None:
            return 0 if self.saved["po_scorad"] is None else STEP_KEYS.index("scorad")
        if self.saved["po_scorad"] is None:
            return STEP_KEYS.index("po_scorad")
        return STEP_KEYS.index("summary")

    @property
    def step(self) -> str:
        return STEP_KEYS[self.step_index]

    def go_to(self, key: str) -> None:
        self.step_index = STEP_KEYS.index(key)
        self.save_draft()

    def status(self, key: str) -> StepStatus:
        if key not in self.forms:
            return StepStatus(saved=False, drafted=False)
        return StepStatus(saved=self.saved[key] is not None and not self.dirty(key), drafted=self.dirty(key))

    def dirty(self, key: str) -> bool:
        """True when the form differs from its record (or has input and no record yet)."""
        form = self.forms[key]
        items = _storage_items(form)
        saved = self.saved[key]
        if saved is None:
            return (
                any(v for v in form.grades.values() if v is not None)
                or any(v is not None for v in form.vas.values())
                or bool(form.body_map.fractions())
            )
        return not _same(saved.items, items)

    def save_step(self, key: str) -> Assessment | None:
        """Record the form if complete (replacing this visit's earlier record); else keep a draft.

        Returns the new assessment, or None when only a draft was kept. Raises the service's
        typed errors (disk full, locked session, ...) for the page to show.
        """
        if key not in self.forms:
            self.save_draft()
            return None
        form = self.forms[key]
        if not form.state().complete or not self.dirty(key):
            self.save_draft()
            return self.saved[key] if form.state().complete else None
        items = _storage_items(form)
        if key == "scorad":
            # reviewing an ASCORAD proposal: the service stores "confirmed" or "corrected"
            assessment = self.session.record_scorad(self.visit.id, **items, review_of=self.review_of)
        else:
            assessment = self.session.record_po_scorad(self.visit.id, **items)
        previous = self.saved[key]
        if previous is not None:
            self.session.delete_assessment(previous.id)
        self.saved[key] = assessment
        self.save_draft()
        return assessment

    def save_draft(self) -> None:
        self.drafts.save(
            self.visit.id,
            {
                "step": self.step,
                "review_of": self.review_of,
                "forms": {k: f.to_dict() for k, f in self.forms.items()},
            },
        )

    def finish(self) -> None:
        """Every complete form is recorded; the draft goes."""
        for key in self.forms:
            self.save_step(key)
        self.drafts.discard(self.visit.id)

    def unsaved_input(self) -> bool:
        return any(self.dirty(k) for k in self.forms)


def _storage_items(form: ScoradFormModel) -> dict[str, Any]:
    return {
        "extent": {r.value: f for r, f in form.body_map.fractions().items()},
        "intensity": {s.value: g for s, g in form.grades.items()},
        "pruritus": form.vas["pruritus"],
        "sleeplessness": form.vas["sleeplessness"],
    }


def _same(stored: Mapping[str, Any], items: Mapping[str, Any]) -> bool:
    def norm(m: Mapping[str, Any]) -> tuple[Any, ...]:
        extent = {k: round(float(v), 6) for k, v in dict(m.get("extent", {})).items() if float(v) > 0}
        intensity = dict(m.get("intensity", {}))
        return (extent, intensity, m.get("pruritus"), m.get("sleeplessness"))

    return norm(stored) == norm(items)
