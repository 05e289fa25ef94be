"""What the bundle leaves out: unused Qt files, the libraries only they need, dev-only packages."""

import re
from pathlib import Path

import pytest
from packaging_config import (
    EXCLUDES,
    NOT_AT_RUN_TIME,
    is_unused_qt_file,
    orphaned_libraries,
    runtime_import_violations,
)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/translations/qtbase_fr.qm",
        "PySide6/translations/qt_help_de.qm",  # Windows wheel layout (no Qt/ folder)
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6\\plugins\\tls\\qschannelbackend.dll",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/generic/libqevdevmouseplugin.so",
        "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
    ],
)
def test_unused_qt_files(dest: str) -> None:
    assert is_unused_qt_file(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",  # the self-test and cold start use it
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
        "PySide6/Qt/lib/libQt6Core.so.6",
        "resources/translations/scorad_desk_fr.qm",  # the app's own catalogue
        "PySide6/QtCore.abi3.so",
    ],
)
def test_used_files_are_kept(dest: str) -> None:
    assert not is_unused_qt_file(dest)


def test_orphans_are_only_libraries_no_kept_file_reaches() -> None:
    graph = {
        "/src/plugins/libqgtk3.so": ["libgtk-3.so.0", "libQt6Gui.so.6"],
        "/src/libgtk-3.so.0": ["libcairo.so.2", "libglib-2.0.so.0"],
        "/src/libcairo.so.2": ["libpixman-1.so.0"],
        "/src/libpixman-1.so.0": [],
        "/src/libglib-2.0.so.0": [],
        "/src/libQt6Gui.so.6": ["libQt6Core.so.6", "libglib-2.0.so.0"],
        "/src/libQt6Core.so.6": [],
        "/src/QtGui.abi3.so": ["libQt6Gui.so.6"],
    }
    kept = {
        "libgtk-3.so.0": "/src/libgtk-3.so.0",
        "libcairo.so.2": "/src/libcairo.so.2",
        "libpixman-1.so.0": "/src/libpixman-1.so.0",
        "libglib-2.0.so.0": "/src/libglib-2.0.so.0",
        "PySide6/Qt/lib/libQt6Gui.so.6": "/src/libQt6Gui.so.6",
        "PySide6/Qt/lib/libQt6Core.so.6": "/src/libQt6Core.so.6",
        "PySide6/QtGui.abi3.so": "/src/QtGui.abi3.so",
    }
    orphans = orphaned_libraries(kept, ["/src/plugins/libqgtk3.so"], lambda src: graph[src])
    # glib is needed by Qt itself; GTK, cairo and pixman only by the removed theme plugin.
    assert orphans == {"libgtk-3.so.0", "libcairo.so.2", "libpixman-1.so.0"}


def test_orphan_matching_ignores_case_and_keeps_unreached_files() -> None:
    kept = {
        "Qt6Network.dll": "C:/q/Qt6Network.dll",
        "MSVCP140.dll": "C:/q/MSVCP140.dll",
        "x.pyd": "C:/q/x.pyd",
    }
    graph = {
        "C:/q/qtls.dll": ["qt6network.dll", "msvcp140.dll"],
        "C:/q/Qt6Network.dll": ["MSVCP140.dll"],
        "C:/q/MSVCP140.dll": [],
        "C:/q/x.pyd": ["msvcp140.DLL"],
    }
    assert orphaned_libraries(kept, ["C:/q/qtls.dll"], lambda src: graph[src]) == {"Qt6Network.dll"}


def test_dev_only_packages_and_unused_qt_modules_are_excluded() -> None:
    assert {"torch", "onnx", "pytest", "PyInstaller", "PySide6.QtNetwork", "PySide6.QtQml"} <= set(EXCLUDES)
    assert "scipy" in NOT_AT_RUN_TIME


def test_run_time_modules_import_without_scipy_or_torch() -> None:
    # The spec would otherwise keep the package in the bundle (and the build's size line fail).
    assert runtime_import_violations() == {}


def test_probe_names_the_module_and_line_that_needs_a_blocked_package() -> None:
    violations = runtime_import_violations(blocked=["numpy"], modules=["desktop_app.forecast.history"])
    (error,) = violations.values()
    assert "numpy" in error and re.search(r"desktop_app[/\\]forecast[/\\]\w+\.py:\d+\)$", error)


def test_frozen_build_checks_pass_unfrozen(capsys: pytest.CaptureFixture[str]) -> None:
    from entry import run_build_checks

    assert run_build_checks() == 0
    out = capsys.readouterr().out
    assert out.startswith("build check OK:") and "video decoded" in out


def test_one_launcher_outside_windows() -> None:
    import sys

    from build import cli_executable

    name = cli_executable(Path("bundle")).name
    assert name == ("scorad-desk.exe" if sys.platform == "win32" else "ScoradDesk")


def test_frozen_cli_explains_a_command_that_needs_a_left_out_package(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import entry

    import desktop_app.cli

    def needs_scipy() -> int:
        raise ModuleNotFoundError("No module named 'scipy'", name="scipy.optimize")

    monkeypatch.setattr(desktop_app.cli, "main", needs_scipy)
    monkeypatch.setattr(
        "sys.argv", ["ScoradDesk", "--data-dir", "x", "evaluate", "forecast", "--data", "f.csv"]
    )
    assert entry.run_cli() == 2
    err = capsys.readouterr().err
    assert "'evaluate forecast' needs scipy" in err and "development install" in err
    assert set(entry.DEV_ONLY) == set(NOT_AT_RUN_TIME)


def test_frozen_cli_does_not_hide_other_missing_modules(monkeypatch: pytest.MonkeyPatch) -> None:
    import entry

    import desktop_app.cli

    def needs_cv2() -> int:
        raise ModuleNotFoundError("No module named 'cv2'", name="cv2")

    monkeypatch.setattr(desktop_app.cli, "main", needs_cv2)
    with pytest.raises(ModuleNotFoundError):
        entry.run_cli()


def test_probe_reaches_every_cli_command_module() -> None:
    # Blocking one command module shows the probe builds the whole CLI, not just imports cli.py.
    violations = runtime_import_violations(blocked=["desktop_app.commands.calc"])
    assert set(violations) == {"desktop_app.cli:build_parser"}
