"""Names and exclusions shared by the PyInstaller spec and the build script."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path, PurePosixPath

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
    "QtNetwork",
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

# Packages the run-time path must never import (the frozen app has no copy of them); the
# build probes this before freezing (``runtime_import_violations``).
NOT_AT_RUN_TIME = ["scipy", "torch", "torchvision", "onnx", "onnxruntime", "efficientnet_lite_pytorch"]

# The modules the installed app runs: the CLI (every command it offers except training and
# the ASCORAD evaluation, which need torch and run from a development install), the GUI, the
# self-test and the forecast, its clinic refit and its evaluation. Each must import with
# NOT_AT_RUN_TIME blocked.
RUNTIME_MODULES = [
    "desktop_app.cli",
    "desktop_app.cli:build_parser",  # imports every command module the CLI discovers
    "desktop_app.self_test",
    "desktop_app.forecast",
    "desktop_app.forecast.predict",
    "desktop_app.forecast.fitting",  # a clinic refit, which the GUI may run on demand
    "desktop_app.forecast.evaluation",  # ``evaluate forecast`` runs in the installed app too
    "desktop_app.reports.from_storage",
    "desktop_app.ascorad.engine",
    "desktop_app.capture",
    "desktop_app.imaging.importer",
    "desktop_app.storage",
    "desktop_app.ui.windows.main_window",
    "desktop_app.ui.self_check",
]

# Qt files the app never loads. Qt's own translation catalogues: the app installs only its own
# (resources/translations). Plugins: embedded/kiosk platforms (eglfs, linuxfb, vnc, VK display,
# minimal), evdev/TUIO input, network information and TLS backends (the app makes no network
# connection), and the GTK3 platform theme (it pulls GTK, cairo and pango; Qt then uses its own
# file dialogs, or the XDG portal's). Kept: xcb, wayland, offscreen, cocoa/windows, image
# formats, SVG icons, input methods (compose keys), and the CUPS print plugin (printing).
UNUSED_QT_PLUGIN_TYPES = frozenset({"egldeviceintegrations", "generic", "networkinformation", "tls"})
UNUSED_QT_PLUGINS = frozenset(
    {
        ("platforms", "qeglfs"),
        ("platforms", "qlinuxfb"),
        ("platforms", "qminimal"),
        ("platforms", "qminimalegl"),
        ("platforms", "qvkkhrdisplay"),
        ("platforms", "qvnc"),
        ("platformthemes", "qgtk3"),
    }
)


def _plugin_stem(filename: str) -> str:
    stem = filename.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def is_unused_qt_file(dest: str) -> bool:
    """True for a bundled Qt translation catalogue or an unused Qt plugin (by bundle path)."""
    parts = [p for p in dest.replace("\\", "/").split("/") if p]
    if not parts or parts[0] != "PySide6":
        return False
    rest = parts[2:] if len(parts) > 1 and parts[1] == "Qt" else parts[1:]  # Windows wheels: no Qt/
    if len(rest) >= 2 and rest[0] == "translations":
        return True
    if len(rest) >= 3 and rest[0] == "plugins":
        kind, name = rest[1], rest[2]
        return kind in UNUSED_QT_PLUGIN_TYPES or (kind, _plugin_stem(name)) in UNUSED_QT_PLUGINS
    return False


def orphaned_libraries(
    binaries: Mapping[str, str], removed: Iterable[str], imports_of: Callable[[str], Iterable[str]]
) -> set[str]:
    """Bundle paths of shared libraries needed only by the ``removed`` files.

    ``binaries`` maps each kept bundle path to its source file; ``imports_of(source)`` gives the
    names of the libraries a file links against. Conservative: a library is an orphan only if
    a removed file reaches it and no kept file does, so nothing the app may load is dropped.
    """

    def key(path: str) -> str:  # library names compare case-insensitively (Windows DLLs)
        return PurePosixPath(path.replace("\\", "/")).name.lower()

    by_name: dict[str, str] = {}
    for dest in binaries:
        by_name.setdefault(key(dest), dest)

    def closure(starts: Iterable[str]) -> set[str]:
        seen: set[str] = set()
        todo = list(starts)
        while todo:
            source = todo.pop()
            for name in imports_of(source):
                dest = by_name.get(key(name))
                if dest is not None and dest not in seen:
                    seen.add(dest)
                    todo.append(binaries[dest])
        return seen

    candidates = closure(removed)
    roots = [source for dest, source in binaries.items() if dest not in candidates]
    return candidates - closure(roots)


_PROBE = """
import importlib, json, sys, traceback
blocked, modules = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for name in blocked:
    sys.modules[name] = None  # any import of it now raises ImportError
failures = {}
for module in modules:
    try:
        name, _, call = module.partition(":")
        loaded = importlib.import_module(name)
        if call:
            getattr(loaded, call)()
    except ImportError as exc:
        ours = [f for f in traceback.extract_tb(exc.__traceback__) if "desktop_app" in f.filename]
        where = f" (at {ours[-1].filename}:{ours[-1].lineno})" if ours else ""
        failures[module] = f"{type(exc).__name__}: {exc}{where}"
print(json.dumps(failures))
"""


def runtime_import_violations(
    blocked: Iterable[str] = NOT_AT_RUN_TIME, modules: Iterable[str] = RUNTIME_MODULES
) -> dict[str, str]:
    """Run-time modules that fail to import when ``blocked`` packages are absent (module: error).

    ``"module:function"`` imports the module and calls the function without arguments.

    Runs in a fresh interpreter (Qt offscreen) so nothing already imported here hides a
    dependency. Empty when the frozen app can leave every blocked package out.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(blocked)), json.dumps(list(modules))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the run-time import probe crashed: {result.stderr[-2000:]}")
    failures: dict[str, str] = json.loads(result.stdout.strip().splitlines()[-1])
    return failures
