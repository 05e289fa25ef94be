"""Choosing where pictures come from: a camera (listed with its resolution), the demo source,
or a file; the requested resolution; and the clinical or dermatoscope profile.

Probing cameras can take seconds on some systems (each index is opened in turn), so the list
is filled from a background thread; the demo source is always there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop_app.capture import DeviceInfo, list_cameras
from desktop_app.ui.capture.viewmodel import RESOLUTIONS, SourceChoice

translate = QCoreApplication.translate


class _Bridge(QObject):
    devices = Signal(object)


class CameraChooser(QWidget):
    source_chosen = Signal(object)  # SourceChoice
    profile_changed = Signal(str)
    import_requested = Signal()

    def __init__(
        self,
        lister: Callable[[], list[DeviceInfo]] = list_cameras,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._lister = lister
        self.device = QComboBox()
        self.device.setAccessibleName(translate("Capture", "Camera"))
        self.resolution = QComboBox()
        self.resolution.setAccessibleName(translate("Capture", "Resolution"))
        for width, height in RESOLUTIONS:
            self.resolution.addItem(f"{width}×{height}", (width, height))
        self.resolution.setCurrentIndex(1)
        self.profile = QComboBox()
        self.profile.setAccessibleName(translate("Capture", "Profile"))
        self.profile.addItem(translate("Capture", "Clinical photo"), "clinical")
        self.profile.addItem(translate("Capture", "Dermatoscope"), "dermatoscope")
        self.refresh_button = QPushButton(translate("Capture", "Find cameras"))
        self.import_button = QPushButton(translate("Capture", "Import from file…"))
        self.granted = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(translate("Capture", "Source")))
        layout.addWidget(self.device, 2)
        layout.addWidget(self.resolution)
        layout.addWidget(self.profile)
        layout.addWidget(self.refresh_button)
        layout.addWidget(self.import_button)
        layout.addWidget(self.granted, 1)
        self._bridge = _Bridge(self)
        self._bridge.devices.connect(self._fill)
        self._fill([])
        self.device.currentIndexChanged.connect(lambda _i: self._emit_source())
        self.resolution.currentIndexChanged.connect(lambda _i: self._emit_source())
        self.profile.currentIndexChanged.connect(lambda _i: self.profile_changed.emit(self.current_profile()))
        self.refresh_button.clicked.connect(self.refresh)
        self.import_button.clicked.connect(self.import_requested)

    def refresh(self) -> None:
        """Probe the cameras off the GUI thread."""
        self.refresh_button.setEnabled(False)
        self.refresh_button.setText(translate("Capture", "Looking for cameras…"))

        def probe() -> None:
            try:
                found = self._lister()
            except Exception:
                found = []
            self._bridge.devices.emit(found)

        threading.Thread(target=probe, name="camera-probe", daemon=True).start()

    def _fill(self, devices: object) -> None:
        found = list(devices) if isinstance(devices, list) else []
        current = self.device.currentData()
        self.device.blockSignals(True)
        self.device.clear()
        self.device.addItem(
            translate("Capture", "Demo camera (synthetic skin, for training)"), ("demo", "demo")
        )
        for info in found:
            self.device.addItem(info.label, ("camera", info.id))
        index = self.device.findData(current) if current is not None else -1
        self.device.setCurrentIndex(max(0, index))
        self.device.blockSignals(False)
        self.refresh_button.setEnabled(True)
        self.refresh_button.setText(translate("Capture", "Find cameras"))
        if found:
            self.granted.setText(translate("Capture", "%1 camera(s) found").replace("%1", str(len(found))))
        if current is not None and self.device.currentData() != current:
            self._emit_source()

    def current_choice(self) -> SourceChoice:
        kind, device = self.device.currentData() or ("demo", "demo")
        size = self.resolution.currentData() or (1280, 720)
        return SourceChoice(str(kind), str(device), (int(size[0]), int(size[1])), self.device.currentText())

    def current_profile(self) -> str:
        return str(self.profile.currentData())

    def _emit_source(self) -> None:
        self.source_chosen.emit(self.current_choice())

    def show_granted(self, requested: tuple[int, int] | None, granted: tuple[int, int] | None) -> None:
        """'Asked 1920×1080, got 640×480' when the driver gave another size."""
        if granted is None:
            self.granted.setText("")
        elif requested is not None and tuple(requested) != tuple(granted):
            self.granted.setText(
                translate("Capture", "Asked %1, got %2")
                .replace("%1", f"{requested[0]}×{requested[1]}")
                .replace("%2", f"{granted[0]}×{granted[1]}")
            )
        else:
            self.granted.setText(f"{granted[0]}×{granted[1]}")
