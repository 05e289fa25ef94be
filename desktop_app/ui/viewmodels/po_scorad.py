"""The PO-SCORAD patient flow: one question per step, in the order of Stalder et al. 2011.

The answers land in a :class:`ScoradFormModel` of kind PO-SCORAD, so the total comes from
the same domain engine as the clinician's form.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.scorad import ScoreKind, Sign
from desktop_app.domain.severity import BandSet
from desktop_app.ui.viewmodels.scorad_form import ScoradFormModel

# The patient's sheet asks about dryness first, then the five signs on the eczema itself.
LAY_SIGN_ORDER: tuple[Sign, ...] = (
    Sign.DRYNESS,
    Sign.ERYTHEMA,
    Sign.OEDEMA_PAPULATION,
    Sign.OOZING_CRUSTS,
    Sign.EXCORIATIONS,
    Sign.LICHENIFICATION,
)


@dataclass(frozen=True)
class Step:
    kind: str  # "welcome" | "body_map" | "sign" | "vas" | "done"
    sign: Sign | None = None
    vas: str | None = None


STEPS: tuple[Step, ...] = (
    Step("welcome"),
    Step("body_map"),
    *(Step("sign", sign=s) for s in LAY_SIGN_ORDER),
    Step("vas", vas="pruritus"),
    Step("vas", vas="sleeplessness"),
    Step("done"),
)


class PoScoradFlow:
    """Where the patient is in the questionnaire and whether they may go on."""

    def __init__(self, age_years: float, band_set: BandSet = BandSet.CLASSIC) -> None:
        self.form = ScoradFormModel(ScoreKind.PO_SCORAD, age_years, band_set)
        self.index = 0

    @property
    def step(self) -> Step:
        return STEPS[self.index]

    @property
    def question_number(self) -> int:
        """1-based number of the current question (welcome and done are not questions)."""
        return self.index

    @property
    def question_count(self) -> int:
        return len(STEPS) - 2

    def answered(self) -> bool:
        step = self.step
        if step.kind == "sign" and step.sign is not None:
            return self.form.grades[step.sign] is not None
        if step.kind == "vas" and step.vas is not None:
            return self.form.vas[step.vas] is not None
        return True  # an untouched body map means "no eczema today", a valid answer

    def can_go_back(self) -> bool:
        return 0 < self.index < len(STEPS) - 1

    def next(self) -> bool:
        if not self.answered() or self.index >= len(STEPS) - 1:
            return False
        self.index += 1
        return True

    def back(self) -> bool:
        if not self.can_go_back():
            return False
        self.index -= 1
        return True

    @property
    def finished(self) -> bool:
        return self.step.kind == "done"
