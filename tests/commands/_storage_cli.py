"""Shared helpers for the storage command tests: a clinic set up through the CLI, stdin passwords."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.storage import FAST_TEST_KDF, crypto

ADMIN = "chief"
ADMIN_PW = "chief-password"


def run(monkeypatch: pytest.MonkeyPatch, folder: Path, argv: list[str], *passwords: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(p + "\n" for p in passwords)))
    return main(["--data-dir", str(folder), *argv])


def make_clinic(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setattr(crypto, "DEFAULT_KDF", FAST_TEST_KDF)
    folder = tmp_path / "data"
    argv = ["setup", "--clinic", "Clinique", "--admin", ADMIN, "--password-stdin"]
    assert run(monkeypatch, folder, argv, ADMIN_PW) == 0
    return folder


def auth(user: str = ADMIN) -> list[str]:
    return ["--user", user, "--password-stdin"]
