"""The main window: navigation between the app's areas.

The pages are filled by later work (patients, capture, history, settings); until a page
has its real content it says plainly what will be there rather than pretending.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME, __version__

NAV_PAGES: tuple[tuple[str, str], ...] = (
    ("patients", "Patients"),
    ("capture", "Capture"),
    ("history", "History"),
    ("settings", "Settings"),
)


class PlaceholderPage(QWidget):
    """An honest empty page: its title and what it will hold."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        heading.setStyleSheet("font-size: 20px; font-weight: 600;")
        body = QLabel(text)
        body.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)


_PLACEHOLDER_TEXT = {
    "patients": "The patient list is not available in this build yet.",
    "capture": "Photo capture with live framing and lighting guidance is not available in this build yet.",
    "history": "Score history and forecasts are not available in this build yet.",
    "settings": "Settings are not available in this build yet.",
}


class MainWindow(QMainWindow):
    """Top-level window with a navigation list on the left and one page per area."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.resize(1100, 720)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(180)
        self.pages = QStackedWidget()
        self._page_index: dict[str, int] = {}
        for key, label in NAV_PAGES:
            self.nav.addItem(label)
            self._page_index[key] = self.pages.addWidget(PlaceholderPage(label, _PLACEHOLDER_TEXT[key]))
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)

        central = QWidget()
        row = QHBoxLayout(central)
        row.addWidget(self.nav)
        row.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(f"Data folder: {data_dir}")
        self.statusBar().setAttribute(Qt.WidgetAttribute.WA_MacSmallSize)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self._page_index[key])

    def current_page_key(self) -> str:
        index = self.pages.currentIndex()
        return next(k for k, i in self._page_index.items() if i == index)
