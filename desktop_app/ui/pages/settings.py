"""Settings: language, severity bands, idle lock, backup folder + "back up now", camera defaults,
and the forecast's clinic parameters ("refit on this clinic's history", administrators).

Values are read from and written to the storage service's settings; clinic-wide ones are
for administrators (the service refuses them otherwise, and the page greys them out).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.severity import BandSet
from desktop_app.forecast import ForecastInputError, ForecastParameters
from desktop_app.forecast.clinic import MIN_FIT_PATIENTS, refit_clinic
from desktop_app.storage import Role, Session, StorageError
from desktop_app.ui.errors import error_text
from desktop_app.ui.i18n import LANGUAGES
from desktop_app.ui.labels import band_set_label
from desktop_app.ui.pages.users import UsersBox
from desktop_app.ui.theme import ERROR_TEXT
from desktop_app.ui.workers import run_in_background

translate = QCoreApplication.translate

CAMERA_DEVICES = ("webcam", "dermatoscope")
CAMERA_RESOLUTIONS = ("1280x720", "1920x1080", "2592x1944")


class SettingsPage(QWidget):
    language_changed = Signal(str)
    backup_requested = Signal(str)
    settings_saved = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        is_admin = session.user.role is Role.ADMIN
        title = QLabel(translate("Settings", "Settings"))
        title.setObjectName("pageTitle")

        general = QGroupBox(translate("Settings", "Clinic"))
        form = QFormLayout(general)
        self.clinic_name = QLineEdit()
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.band_set = QComboBox()
        for band_set in BandSet:
            self.band_set.addItem(band_set_label(band_set), band_set.value)
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(translate("Settings", " min"))
        form.addRow(translate("Settings", "Clinic name"), self.clinic_name)
        form.addRow(translate("Settings", "Language"), self.language)
        form.addRow(translate("Settings", "Severity bands"), self.band_set)
        form.addRow(translate("Settings", "Lock the screen after"), self.idle_minutes)

        backup = QGroupBox(translate("Settings", "Backup"))
        backup_form = QFormLayout(backup)
        folder_row = QHBoxLayout()
        self.backup_folder = QLineEdit()
        browse = QPushButton(translate("Settings", "Choose…"))
        browse.clicked.connect(self._browse)
        folder_row.addWidget(self.backup_folder, 1)
        folder_row.addWidget(browse)
        self.backup_button = QPushButton(translate("Settings", "Back up now"))
        self.backup_button.clicked.connect(
            lambda: self.backup_requested.emit(self.backup_folder.text().strip())
        )
        self.backup_status = QLabel()
        self.backup_status.setWordWrap(True)
        backup_form.addRow(translate("Settings", "Backup folder"), folder_row)
        backup_form.addRow("", self.backup_button)
        backup_form.addRow("", self.backup_status)

        camera = QGroupBox(translate("Settings", "Camera defaults (used by photo capture)"))
        camera_form = QFormLayout(camera)
        self.camera_device = QComboBox()
        self.camera_device.addItem(translate("Settings", "Webcam"), "webcam")
        self.camera_device.addItem(translate("Settings", "USB dermatoscope"), "dermatoscope")
        self.camera_index = QSpinBox()
        self.camera_index.setRange(0, 9)
        self.camera_resolution = QComboBox()
        for resolution in CAMERA_RESOLUTIONS:
            self.camera_resolution.addItem(resolution.replace("x", " × "), resolution)
        camera_form.addRow(translate("Settings", "Device"), self.camera_device)
        camera_form.addRow(translate("Settings", "Camera number"), self.camera_index)
        camera_form.addRow(translate("Settings", "Resolution"), self.camera_resolution)

        forecast = QGroupBox(translate("Settings", "Forecast"))
        forecast_layout = QVBoxLayout(forecast)
        self.forecast_status = QLabel()
        self.forecast_status.setWordWrap(True)
        self.refit_button = QPushButton(translate("Settings", "Refit on this clinic's history"))
        self.refit_button.setEnabled(is_admin)
        self.refit_button.clicked.connect(self.refit_forecast)
        self.refit_pending = False
        forecast_layout.addWidget(self.forecast_status)
        forecast_layout.addWidget(self.refit_button)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton(translate("Settings", "Save settings"))
        self.save_button.clicked.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.save_button)
        if not is_admin:
            for widget in (self.clinic_name, self.band_set, self.idle_minutes, self.backup_folder, browse):
                widget.setEnabled(False)
            note = QLabel(
                translate("Settings", "Clinic-wide settings can only be changed by an administrator.")
            )
            note.setWordWrap(True)
            form.addRow(note)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(title)
        layout.addWidget(general)
        layout.addWidget(backup)
        layout.addWidget(camera)
        layout.addLayout(row)
        layout.addWidget(forecast)  # acts at once; not part of "Save settings"
        self.users: UsersBox | None = None
        if is_admin:
            self.users = UsersBox(session)
            layout.addWidget(self.users)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.load()

    def load(self) -> None:
        settings = self.session.settings()
        self.clinic_name.setText(settings.clinic_name)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.band_set.setCurrentIndex(max(0, self.band_set.findData(settings.band_set)))
        self.idle_minutes.setValue(round(settings.idle_lock_minutes))
        self.backup_folder.setText(settings.backup_folder)
        camera = dict(settings.camera_defaults)
        self.camera_device.setCurrentIndex(
            max(0, self.camera_device.findData(camera.get("device", "webcam")))
        )
        self.camera_index.setValue(int(camera.get("index", 0)))
        self.camera_resolution.setCurrentIndex(
            max(0, self.camera_resolution.findData(camera.get("resolution", CAMERA_RESOLUTIONS[0])))
        )
        self._show_forecast_parameters(dict(settings.forecast_parameters))

    def _show_forecast_parameters(self, stored: dict[str, Any]) -> None:
        if not stored:
            self.forecast_status.setText(
                translate(
                    "Settings",
                    "The forecast uses its default parameters. Refit it once at least %1 patients "
                    "have two or more clinician SCORADs, and again from time to time.",
                ).replace("%1", str(MIN_FIT_PATIENTS))
            )
            return
        self.forecast_status.setText(
            translate(
                "Settings", "The forecast uses parameters fitted on %1 patients (%2 assessments) on %3."
            )
            .replace("%1", str(stored.get("fitted_patients", "?")))
            .replace("%2", str(stored.get("fitted_assessments", "?")))
            .replace("%3", str(stored.get("fitted_utc") or "?")[:10])
        )

    def refit_forecast(self) -> None:
        """Fit the forecast's clinic parameters on a worker (a few seconds for a large clinic)."""
        session = self.session

        def work() -> ForecastParameters:
            params = refit_clinic(session.score_series("scorad"))
            session.set_setting("forecast_parameters", params.to_dict())
            return params

        def done(params: object) -> None:
            self.refit_pending = False
            self.refit_button.setEnabled(True)
            if isinstance(params, ForecastParameters):
                self._show_forecast_parameters(params.to_dict())
                self._message(translate("Settings", "Forecast refitted on this clinic's history."))

        def failed(exc: BaseException) -> None:
            self.refit_pending = False
            self.refit_button.setEnabled(True)
            if isinstance(exc, ForecastInputError):
                text = translate(
                    "Settings",
                    "Not enough history yet: at least %1 patients need two or more clinician "
                    "SCORADs. The forecast keeps its current parameters.",
                ).replace("%1", str(MIN_FIT_PATIENTS))
            else:
                text = error_text(exc)
            self._message(text, error=True)

        self.refit_pending = True
        self.refit_button.setEnabled(False)
        run_in_background(work, done, failed, translate("Settings", "Refitting the forecast…"), self)

    def camera_defaults(self) -> dict[str, Any]:
        return {
            "device": self.camera_device.currentData(),
            "index": self.camera_index.value(),
            "resolution": self.camera_resolution.currentData(),
        }

    def save(self) -> bool:
        current = self.session.settings()
        wanted: dict[str, Any] = {
            "clinic_name": self.clinic_name.text().strip(),
            "language": self.language.currentData(),
            "band_set": self.band_set.currentData(),
            "idle_lock_minutes": float(self.idle_minutes.value()),
            "backup_folder": self.backup_folder.text().strip(),
            "camera_defaults": self.camera_defaults(),
        }
        old_language = current.language
        try:
            for key, value in wanted.items():
                old = getattr(current, key)
                if (dict(old) if key == "camera_defaults" else old) != value:
                    self.session.set_setting(key, value)
        except StorageError as exc:
            self._message(error_text(exc), error=True)
            return False
        self._message(translate("Settings", "Settings saved."))
        self.settings_saved.emit()
        if wanted["language"] != old_language:
            self.language_changed.emit(wanted["language"])
        return True

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, translate("Settings", "Choose the backup folder"))
        if folder:
            self.backup_folder.setText(folder)

    def _message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {ERROR_TEXT};" if error else "")
        self.message.setText(text)

    def show_backup_result(self, text: str, error: bool = False) -> None:
        self.backup_status.setStyleSheet(f"color: {ERROR_TEXT};" if error else "")
        self.backup_status.setText(text)
