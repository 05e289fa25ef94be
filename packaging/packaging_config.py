"""Names and exclusions shared by the PyInstaller spec and the build script."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "ScoradDesk"
BUNDLE_ID = "org.scoraddesk.app"
VERSION = re.search(r'__version__ = "([^"]+)"', (ROOT / "desktop_app" / "__init__.py").read_text()).group(1)  # type: ignore[union-attr]

# Qt modules the app never imports (PyInstaller's hook would otherwise follow some of them
# through plugins), development tools, and torch (and onnx): the frozen app runs its networks with
# OpenCV DNN from an exported ONNX graph (see docs/packaging.md for the size figures).
_QT_UNUSED = [
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDBus",
    "QtDesigner",
    "QtGraphs",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetworkAuth",
    "QtNfc",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
]
EXCLUDES = [f"PySide6.{m}" for m in _QT_UNUSED] + [
    "torch",
    "torchvision",
    "onnx",
    "efficientnet_lite_pytorch",
    "sympy",
    "networkx",
    "jinja2",
    "tkinter",
    "_tkinter",
    "IPython",
    "matplotlib",
    "pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "importlinter",
    "grimp",
    "pypdf",
    "PyInstaller",
    "setuptools",
    "pip",
]
