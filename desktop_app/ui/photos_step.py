"""The visit's first step: capture photos with live coaching, tag regions, review ASCORAD.

``PhotosStep(flow, parent)`` implements the visit step protocol (``title()``, ``commit()``) and
is what ``STEP_FACTORIES["photos"]`` builds. The flow it drives:

1. **Capture** (tab 1): live preview with framing guide and traffic lights; Capture button,
   Space, or auto-capture when all checks are green; the body map tags the region. Scoring
   starts at the click; the photo is kept (stored encrypted) once it has a region.
2. **Review** (tab 2): the proposal over the photo; the clinician corrects mask and grades.
3. **Commit** (leaving the step): stores the ASCORAD proposal with its provenance and an
   annotation for every reviewed photo, then prefills the SCORAD form — extent of the
   photographed regions and the grades ASCORAD is sure of — marked as proposals until the
   clinician changes them. The step sets ``flow.review_of`` to the proposal, so the clinician's
   SCORAD that the visit flow records next is stored as its review (confirmed/corrected).

Without the patient's photo consent capture and import are disabled, with the reason shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.capture import Capture, DeviceInfo, FrameSource, list_cameras
from desktop_app.domain.regions import Region
from desktop_app.imaging.importer import PhotoImportError
from desktop_app.storage import Assessment, AssessmentKind, StorageError
from desktop_app.ui.capture.chooser import CameraChooser
from desktop_app.ui.capture.i18n import install_capture_translator
from desktop_app.ui.capture.page import CapturePage
from desktop_app.ui.capture.strip import PhotoStrip, reading_text
from desktop_app.ui.capture.viewmodel import CaptureViewModel, SourceChoice, demo_choice
from desktop_app.ui.capture.visit_photos import VisitPhotosModel
from desktop_app.ui.errors import error_text
from desktop_app.ui.labels import kind_label, region_label
from desktop_app.ui.review.engine import EngineProvider, shared_engine
from desktop_app.ui.review.form_marks import FormMarks, find_scorad_form
from desktop_app.ui.review.panel import ReviewPanel
from desktop_app.ui.review.reasons import import_problem
from desktop_app.ui.review.visit import (
    PrefillTracker,
    build_prefill,
    proposal,
    store_review,
)
from desktop_app.ui.theme import ERROR_TEXT
from desktop_app.ui.viewmodels.body_map import BodyMapModel
from desktop_app.ui.viewmodels.visit import VisitFlow
from desktop_app.ui.widgets.body_map import BodyMapWidget
from desktop_app.ui.widgets.scorad_form import ScoradFormWidget

translate = QCoreApplication.translate


class PhotosStep(QWidget):
    """See the module docstring. Extra keyword arguments exist for tests, tools and benchmarks."""

    def __init__(
        self,
        flow: VisitFlow,
        parent: QWidget | None = None,
        *,
        engine: EngineProvider | None = None,
        camera_lister: Callable[[], list[DeviceInfo]] = list_cameras,
        source: Callable[[], FrameSource] | None = None,
    ) -> None:
        super().__init__(parent)
        install_capture_translator()
        self.flow = flow
        self.session = flow.session
        self.engine = engine or shared_engine()
        self.photos = VisitPhotosModel(self.session, flow.visit, self.engine, self)
        self.proposal_assessment: Assessment | None = self._stored_proposal()
        self._link_review()
        self.tracker = PrefillTracker(flow.forms["scorad"])
        self.marks: FormMarks | None = None
        self._watching_stack = False
        self._user_chose_source = source is not None

        self.capture_model = CaptureViewModel(parent=self)
        self.chooser = CameraChooser(camera_lister)
        self.capture = CapturePage(self.capture_model, flow.forms["scorad"].group)
        self.review = ReviewPanel()
        self.review_map_model = BodyMapModel(flow.forms["scorad"].group)
        self.review_map = BodyMapWidget(self.review_map_model)
        self.review_map.setFixedWidth(240)
        self.review_region = QLabel()
        self.review_region.setWordWrap(True)
        self.review_region.setFixedWidth(240)
        self.another_button = QPushButton(translate("Capture", "◀ Take another photo"))
        self.another_button.clicked.connect(self._back_to_camera)
        self.compare_button = QPushButton(translate("Capture", "Compare with earlier visits…"))
        self.compare_button.clicked.connect(self.open_compare)
        tag_column = QVBoxLayout()
        tag_title = QLabel(translate("Capture", "Body region of the photo"))
        tag_title.setStyleSheet("font-weight: 700;")
        tag_column.addWidget(tag_title)
        tag_column.addWidget(self.review_region)
        tag_column.addWidget(self.review_map, 1)
        tag_column.addWidget(self.another_button)
        tag_column.addWidget(self.compare_button)
        review_tab = QWidget()
        review_layout = QHBoxLayout(review_tab)
        review_layout.addWidget(self.review, 1)
        review_layout.addLayout(tag_column)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.capture, translate("Capture", "1 · Capture"))
        self.tabs.addTab(review_tab, translate("Capture", "2 · Review ASCORAD"))
        self.strip = PhotoStrip()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.engine_note = QLabel()
        self.engine_note.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.strip, 3)
        info = QVBoxLayout()
        info.addWidget(self.summary)
        info.addWidget(self.engine_note)
        info.addWidget(self.message)
        info.addStretch(1)
        bottom.addLayout(info, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chooser)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        # wiring
        self.chooser.source_chosen.connect(self._source_chosen)
        self.chooser.profile_changed.connect(self._profile_changed)
        self.chooser.import_requested.connect(self.import_dialog)
        self.chooser._bridge.devices.connect(self._devices_found)
        self.capture.captured.connect(self._captured)
        self.capture.region_clicked.connect(self._capture_region_clicked)
        self.review_map.region_clicked.connect(lambda r: self.tag_selected(Region(r)))
        self.review.changed.connect(self._review_changed)
        self.review.retake_requested.connect(self.retake)
        self.strip.selected.connect(self._strip_selected)
        self.strip.delete_requested.connect(self.delete_photo)
        self.strip.retake_requested.connect(self.retake)
        self.photos.changed.connect(self._photos_changed)
        self.photos.scored.connect(self._scored)
        self.photos.failed.connect(lambda m: self._message(m, error=True))
        self.photos.import_refused.connect(self._import_refused)
        self.tabs.currentChanged.connect(lambda _i: self._sync_camera())
        self.engine.ready.connect(lambda _e: self.engine_note.setText(""))
        self.engine.failed.connect(self._engine_failed)
        if self.engine.engine is None:
            self.engine_note.setText(translate("Capture", "Loading the ASCORAD model…"))
        self.engine.request()  # after the connections: a fast failure must not go unheard

        consent = bool(flow.patient.photo_consent)
        self.capture.set_consent(consent)
        self.chooser.import_button.setEnabled(consent)
        if source is not None:
            self.capture_model.set_source(source, "source")
        else:
            self.capture_model.set_source(demo_choice().factory(), "demo")
            self.chooser.refresh()
        self.photos.load_existing()
        self._photos_changed()

    # -- protocol -----------------------------------------------------------------------------
    def title(self) -> str:
        return translate("Capture", "Photos and ASCORAD")

    def commit(self) -> bool:
        """Store proposal and annotations, prefill the SCORAD form; False keeps the user here."""
        untagged = [p for p in self.photos.photos if p.region is None]
        if untagged:
            self.tabs.setCurrentIndex(1)
            self.show_photo(untagged[0].key)
            self._message(
                translate("Capture", "Tag the body region of every photo (click the body map) or delete it."),
                error=True,
            )
            return False
        if self.photos.busy():
            self._message(
                translate("Capture", "Photos are still being saved or scored; try again in a moment."),
                error=True,
            )
            return False
        try:
            outcome = store_review(
                self.session,
                self.flow.visit.id,
                self.photos.photos,
                self.flow.age_years,
                self.proposal_assessment,
            )
        except StorageError as exc:
            self._message(error_text(exc), error=True)
            return False
        self.proposal_assessment = outcome.proposal
        self._link_review()
        prefill = build_prefill(self.photos.photos, self.flow.age_years)
        if prefill is not None:
            self.tracker.apply(prefill)
            self._find_form()
        self.capture.stop()
        self._message("")
        return True

    def _find_form(self, *_args: object) -> None:
        """Mark the SCORAD form once it exists: the visit page may build its steps only when
        they are first shown, so look again whenever the step stack changes page."""
        if self.marks is not None:
            return
        self.attach_form(find_scorad_form(self, self.flow.forms["scorad"]))
        stack = self.parentWidget()
        if self.marks is None and isinstance(stack, QStackedWidget) and not self._watching_stack:
            self._watching_stack = True
            stack.currentChanged.connect(self._find_form)

    def attach_form(self, form: ScoradFormWidget | None) -> None:
        """Mark ASCORAD's values on the visit's SCORAD form widget (found automatically when the
        step sits in a ``VisitPage``; the lead may call this directly)."""
        if form is not None and (self.marks is None or self.marks.form is not form):
            self.marks = FormMarks(form, self.tracker)

    # -- proposal bookkeeping -------------------------------------------------------------------
    def _stored_proposal(self) -> Assessment | None:
        found = [
            a for a in self.session.list_assessments(self.flow.visit.id) if a.kind is AssessmentKind.ASCORAD
        ]
        return found[-1] if found else None

    def _proposal_id(self) -> int | None:
        return None if self.proposal_assessment is None else self.proposal_assessment.id

    def _link_review(self) -> None:
        """The clinician's SCORAD recorded next by the visit flow reviews the latest proposal."""
        if self.proposal_assessment is not None:
            self.flow.review_of = self.proposal_assessment.id

    # -- camera -------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self._sync_camera()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        self.capture.stop()

    def _sync_camera(self) -> None:
        """The camera runs only while the capture tab is on screen."""
        if self.isVisible() and self.tabs.currentIndex() == 0:
            self.capture.start()
        else:
            self.capture.stop()

    def _back_to_camera(self) -> None:
        self.tabs.setCurrentIndex(0)

    def _source_chosen(self, choice: object) -> None:
        if isinstance(choice, SourceChoice):
            self._user_chose_source = True
            self.capture_model.set_source(choice.factory(), choice.label)

    def _devices_found(self, devices: object) -> None:
        # a clinic has a camera: prefer it to the demo source unless the user picked one
        if isinstance(devices, list) and devices and not self._user_chose_source:
            self.chooser.device.setCurrentIndex(1)

    def _profile_changed(self, profile: str) -> None:
        self.capture_model.set_profile(profile)
        self.capture.preview.profile = profile

    def _engine_failed(self, message: str) -> None:
        self.engine_note.setText(
            translate(
                "Capture", "ASCORAD is not available (%1). Photos are kept; grade the visit yourself."
            ).replace("%1", message)
        )

    # -- capturing ----------------------------------------------------------------------------
    def _captured(self, capture: object, region: object) -> None:
        if not isinstance(capture, Capture) or not self.flow.patient.photo_consent:
            return
        device = self.capture_model.source_label or "camera"
        tagged = region if isinstance(region, Region) else None
        photo = self.photos.add(
            capture.rgb, capture.report.to_dict(), device, self.capture_model.profile, tagged
        )
        if tagged is not None:
            self.capture.region_taken()
        self.tabs.setCurrentIndex(1)
        self.show_photo(photo.key)

    def _capture_region_clicked(self, region: Region) -> None:
        """A region clicked on the capture tab tags the photo waiting for one, if any."""
        waiting = [p for p in self.photos.photos if p.region is None]
        if waiting:
            self.photos.tag(waiting[-1].key, region)
            self.capture.region_taken()

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            translate("Capture", "Import a photo"),
            "",
            translate("Capture", "Photos (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif *.webp *.bmp)"),
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        """The file is read off the GUI thread: its photo shows at once as being read (the
        window stays usable meanwhile), and a refusal arrives through ``_import_refused``."""
        if not self.flow.patient.photo_consent:
            return
        photo = self.photos.import_file(path, self.chooser.current_profile())
        self.tabs.setCurrentIndex(1)
        self.show_photo(photo.key)

    def _import_refused(self, key: int, name: str, problem: object) -> None:
        # the file's name first: the clinician may have picked the wrong one
        refused = translate("Capture", "The file %1 was not imported.").replace("%1", name)
        why = import_problem(problem) if isinstance(problem, PhotoImportError) else str(problem)
        self._message(refused + "\n" + why, error=True)
        if self.selected_key() == key:  # the review showed the file being read: show another
            remaining = self.photos.photos
            self.show_photo(remaining[-1].key if remaining else 0)

    # -- photos -------------------------------------------------------------------------------
    def selected_key(self) -> int:
        return self.review.photo.key if self.review.photo is not None else 0

    def show_photo(self, key: int) -> None:
        try:
            photo = self.photos.get(key)
        except KeyError:
            self.review.show_photo(None)
            return
        self.review.show_photo(photo)
        if photo.reading:
            self.review.waiting.setText(reading_text(photo))
        self.strip.select(key)
        self.review_map.select(photo.region)
        if photo.region is None:
            self.review_region.setText(
                f"<span style='color:{ERROR_TEXT}'><b>"
                + translate("Capture", "Click the body region this photo shows to keep it.")
                + "</b></span>"
            )
        else:
            self.review_region.setText(
                translate("Capture", "%1 (click another region to change it)").replace(
                    "%1", region_label(photo.region)
                )
            )

    def tag_selected(self, region: Region) -> None:
        key = self.selected_key()
        if key:
            self.photos.tag(key, region)
            self.show_photo(key)

    def delete_photo(self, key: int) -> None:
        try:
            self.photos.delete(key)
        except StorageError as exc:
            self._message(error_text(exc), error=True)
            return
        if self.selected_key() == key:
            remaining = self.photos.photos
            self.show_photo(remaining[-1].key if remaining else 0)

    def retake(self, key: int) -> None:
        """Delete the photo and go back to the camera with its region ready for the next one."""
        try:
            region = self.photos.get(key).region
        except KeyError:
            return
        self.delete_photo(key)
        if region is not None:
            self.capture.fresh_region = region
            self.capture.body_map.select(region)
            self.capture._show_region()
        self.tabs.setCurrentIndex(0)

    def open_compare(self) -> None:
        from desktop_app.ui.compare.view import CompareDialog

        key = self.selected_key()
        region = self.photos.get(key).region if key else None
        try:
            dialog = CompareDialog(self.session, self.flow.patient.id, region, self)
        except StorageError as exc:
            self._message(error_text(exc), error=True)
            return
        dialog.open()
        self._compare = dialog

    def _strip_selected(self, key: int) -> None:
        if key and key != self.selected_key():
            self.tabs.setCurrentIndex(1)
            self.show_photo(key)

    def _scored(self, key: int) -> None:
        if key == self.selected_key():
            self.show_photo(key)

    def _review_changed(self) -> None:
        self.strip.show_photos(self.photos.photos, self.selected_key())
        self._update_summary()

    def _photos_changed(self) -> None:
        self.strip.show_photos(self.photos.photos, self.selected_key() or None)
        key = self.selected_key()
        if key:
            try:
                photo = self.photos.get(key)
            except KeyError:
                photo = None
            if photo is not None and (
                self.review.photo is not photo or self.review.side.currentWidget() is self.review.waiting
            ):
                self.show_photo(key)
        self._update_summary()

    def _update_summary(self) -> None:
        raw = proposal(self.photos.photos, self.flow.age_years)
        if raw is None:
            count = len(self.photos.photos)
            self.summary.setText(
                translate("Capture", "%1 photo(s). No ASCORAD proposal yet.").replace("%1", str(count))
            )
            return
        missing = ", ".join(region_label(Region(r)) for r in raw.regions_missing)
        self.summary.setText(
            f"<b>{kind_label('ascorad')}</b> "
            + translate("Capture", "proposal: A %1 · B %2 · objective %3")
            .replace("%1", f"{raw.a:.1f}")
            .replace("%2", str(raw.b))
            .replace("%3", f"{raw.oscorad:.1f}")
            + "<br>"
            + translate("Capture", "No photo of: %1 — grade those regions in the form.").replace(
                "%1", missing
            )
        )

    def _message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_TEXT};" if error else "")
        self.message.setText(text)

    def shutdown(self) -> None:
        self.capture.stop()
        self.photos.shutdown()

    def state(self) -> dict[str, Any]:
        """A summary for tests and logs."""
        return {
            "photos": len(self.photos.photos),
            "kept": sum(p.kept for p in self.photos.photos),
            "proposal_id": self._proposal_id(),
        }
