"""Where the clinic's data lives: the embedded default and its overrides.

Order of precedence: ``--data-dir`` on the command line, then the ``SCORAD_DESK_DATA``
environment variable, then the user's application-data folder from platformdirs
(``%LOCALAPPDATA%\\ScoradDesk`` on Windows, ``~/Library/Application Support/ScoradDesk``
on macOS, ``~/.local/share/ScoradDesk`` on Linux).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from desktop_app import APP_NAME

ENV_VAR = "SCORAD_DESK_DATA"


def empty_data_dir_setting(cli_value: str | None) -> str | None:
    """What is wrong when ``--data-dir`` or ``SCORAD_DESK_DATA`` is given but empty, else None.

    Why an error and not the default: a script that passes ``--data-dir "$FOLDER"`` with
    ``FOLDER`` unset meant some other folder; falling back to the user's real clinic data would
    run ``setup``, ``restore`` or an export against it."""
    if cli_value is not None and not cli_value.strip():
        return "--data-dir was given an empty folder name"
    env_value = os.environ.get(ENV_VAR)
    if cli_value is None and env_value is not None and not env_value.strip():
        return f"{ENV_VAR} is set but empty; unset it to use the default data folder"
    return None


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder to use (not created here: the storage layer creates it)."""
    if cli_value:
        return Path(cli_value).expanduser()
    env_value = os.environ.get(ENV_VAR)
    if env_value:
        return Path(env_value).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
