"""Every visible string is translated to French, and the compiled .qm matches the .ts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from desktop_app.ui.i18n import current_language, qm_path, set_language
from desktop_app.ui.resources import translations_dir

TS = translations_dir() / "scorad_desk_fr.ts"
ROOT = Path(__file__).resolve().parents[2]
SOURCES = translations_dir() / "lupdate-sources.txt"


def source_files() -> list[str]:
    """The Python files lupdate scans (listed in resources/translations/lupdate-sources.txt)."""
    files: list[str] = []
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        path = ROOT / entry
        files += [str(path)] if path.is_file() else sorted(str(p) for p in path.rglob("*.py"))
    return files


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    return {
        (ctx.findtext("name") or "", m.findtext("source") or ""): m
        for ctx in root.findall("context")
        for m in ctx.findall("message")
    }


def test_no_french_string_is_unfinished_or_empty() -> None:
    messages = _messages(TS)
    assert len(messages) > 200
    for key, message in messages.items():
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, key
        assert (translation.text or "").strip(), key


def test_the_ts_file_holds_every_string_of_the_code(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        found = shutil.which("pyside6-lupdate")
        if found is None:
            pytest.skip("pyside6-lupdate is not installed")
        lupdate = Path(found)
    fresh = tmp_path / "fresh.ts"
    sources = source_files()
    assert any(s.endswith("main_window.py") for s in sources)
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    missing = set(_messages(fresh)) - set(_messages(TS))
    assert not missing, f"strings not in the French .ts (run lupdate and translate): {sorted(missing)[:5]}"


def test_switching_language_changes_strings_and_back(qapp: object) -> None:
    assert Path(qm_path("fr")).exists()
    assert set_language("fr")
    assert current_language() == "fr"
    assert QCoreApplication.translate("Workspace", "Settings") == "Réglages"
    assert QCoreApplication.translate("Labels", "Head and neck") == "Tête et cou"
    assert set_language("en")
    assert QCoreApplication.translate("Workspace", "Settings") == "Settings"
    assert not set_language("xx")  # unknown language: stays English
    assert QCoreApplication.translate("Workspace", "Settings") == "Settings"
