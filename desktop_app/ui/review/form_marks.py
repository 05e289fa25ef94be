"""Marks on the SCORAD form: which values ASCORAD proposed and which signs it left to the clinician.

The form widget belongs to the visit flow; this only decorates it from the outside (a style
and tooltip on a region's percentage box, a small badge on a grade picker), following a
:class:`~desktop_app.ui.review.visit.PrefillTracker`. A value the clinician changes loses its
mark at once.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import Sign
from desktop_app.ui.review.visit import ASCORAD, PrefillTracker
from desktop_app.ui.widgets.scorad_form import ScoradFormWidget

translate = QCoreApplication.translate
PROPOSED_STYLE = "background: #fff3e0; border: 2px dashed #c75b00;"
BADGE_PROPOSED = "background: #c75b00; color: white; border-radius: 4px; padding: 1px 5px; font-size: 10px;"
BADGE_TO_SET = "background: #b00020; color: white; border-radius: 4px; padding: 1px 5px; font-size: 10px;"


class FormMarks:
    def __init__(self, form: ScoradFormWidget, tracker: PrefillTracker) -> None:
        self.form = form
        self.tracker = tracker
        self.badges: dict[Sign, QLabel] = {}
        for sign, picker in form.pickers.items():
            badge = QLabel(picker)
            badge.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            badge.hide()
            self.badges[sign] = badge
        tracker.subscribe(self.refresh)
        self.refresh()

    def marked(self) -> dict[str, str]:
        """field -> "proposed" | "to_set" (what the clinician sees marked)."""
        out: dict[str, str] = {}
        proposed = self.tracker.proposed_fields()
        for name in proposed:
            out[name] = "proposed"
        for name in self.tracker.unset_doubtful():
            out[name] = "to_set"
        return out

    def refresh(self) -> None:
        marks = self.marked()
        for region, spin in self.form.region_spins.items():
            proposed = marks.get(region.value) == "proposed"
            spin.setStyleSheet(f"QDoubleSpinBox {{ {PROPOSED_STYLE} }}" if proposed else "")
            spin.setToolTip(
                translate("Review", "Proposed by ASCORAD from the photos: check it, change it if needed.")
                if proposed
                else ""
            )
            spin.setProperty("ascorad", "proposed" if proposed else "")
        for sign, badge in self.badges.items():
            mark = marks.get(sign.value)
            picker = self.form.pickers[sign]
            if mark == "proposed":
                badge.setText(translate("Review", "ASCORAD proposal"))
                badge.setStyleSheet(BADGE_PROPOSED)
            elif mark == "to_set":
                badge.setText(translate("Review", "ASCORAD unsure — set it"))
                badge.setStyleSheet(BADGE_TO_SET)
            badge.setVisible(mark is not None)
            if mark is not None:
                badge.adjustSize()
                badge.move(max(0, picker.width() - badge.width() - 2), 0)
                badge.raise_()
            picker.setToolTip(badge.text() if mark is not None else "")

    def source(self, name: str) -> str | None:
        return self.tracker.source(name)

    @staticmethod
    def is_proposal(tracker: PrefillTracker, field: Region | Sign) -> bool:
        return tracker.source(field.value) == ASCORAD


def find_scorad_form(start: QWidget, form_model: object) -> ScoradFormWidget | None:
    """The visit's SCORAD form widget among ``start``'s siblings (the visit page's step stack)."""
    parent = start.parentWidget()
    while parent is not None:
        for widget in parent.findChildren(ScoradFormWidget):
            if widget.model is form_model:
                return widget
        parent = parent.parentWidget()
    return None
