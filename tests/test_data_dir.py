from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.data_dir import ENV_VAR, resolve_data_dir


def test_cli_value_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "cli") == tmp_path / "cli"


def test_environment_variable_next(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert resolve_data_dir(None) == tmp_path / "env"


def test_default_is_the_users_app_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_data_dir(None) == tmp_path / "xdg" / "ScoradDesk"


EMPTY_FLAG = "--data-dir was given an empty folder name"


@pytest.mark.parametrize(
    ("argv", "env", "words"),
    [
        (["--data-dir", "", "audit", "verify", "--user", "admin"], None, EMPTY_FLAG),
        (["--data-dir", "  ", "backup", "x", "--user", "admin"], None, EMPTY_FLAG),
        (["audit", "verify", "--user", "admin"], "", f"{ENV_VAR} is set but empty"),
    ],
)
def test_an_empty_data_folder_setting_is_a_usage_error_not_the_real_data(
    argv: list[str],
    env: str | None,
    words: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))  # where the real data would be
    if env is None:
        monkeypatch.delenv(ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(ENV_VAR, env)
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    assert words in capsys.readouterr().err
    assert not (tmp_path / "xdg").exists()
