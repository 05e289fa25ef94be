"""The GUI's single door to the storage service: start state, setup, login, lock, logout.

Everything the GUI persists goes through ``desktop_app.storage`` (no SQL here). This class
only remembers which clinic folder and which session the window is working with, and
classifies the folder's state for the start screen (setup, login, or recovery).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app import storage
from desktop_app.storage import Session, StorageError


@dataclass(frozen=True)
class StartState:
    """What the start screen shows: ``setup``, ``login`` or ``recovery`` (with the error)."""

    screen: str
    clinic_name: str = ""
    error: StorageError | None = None


class ClinicGateway:
    """One clinic folder and, once logged in, its session."""

    def __init__(
        self,
        data_dir: Path,
        clock: Callable[[], float] = time.time,
        kdf: storage.KdfParams | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock
        self.kdf = kdf  # tests and the demo pass FAST_TEST_KDF; real setups use the default
        self.session: Session | None = None
        self._clinic: storage.Clinic | None = None

    # -- before login --------------------------------------------------------------------
    def start_state(self) -> StartState:
        if not storage.is_set_up(self.data_dir):
            return StartState("setup")
        try:
            clinic = storage.open_clinic(self.data_dir, clock=self.clock)
            clinic.check_files()
            name = clinic.clinic_name
        except StorageError as exc:
            return StartState("recovery", error=exc)
        self._clinic = clinic
        return StartState("login", clinic_name=name)

    def setup(
        self, clinic_name: str, admin: str, password: str, display_name: str = ""
    ) -> storage.SetupResult:
        extra: dict[str, Any] = {"kdf": self.kdf} if self.kdf is not None else {}
        return storage.setup_clinic(
            self.data_dir, clinic_name, admin, password, admin_display_name=display_name, **extra
        )

    def clinic(self) -> storage.Clinic:
        if self._clinic is None:
            self._clinic = storage.open_clinic(self.data_dir, clock=self.clock)
        return self._clinic

    def login(self, username: str, password: str) -> Session:
        session = self.clinic().login(username, password)
        self.logout()
        self.session = session
        return session

    def login_with_recovery_key(self, recovery_key: str, username: str, new_password: str) -> Session:
        """Forgotten password: the printed recovery key sets a new one (audited by the service)."""
        session = self.clinic().login_with_recovery_key(recovery_key, username, new_password)
        self.logout()
        self.session = session
        return session

    def logout(self) -> None:
        if self.session is not None and not self.session.is_closed:
            self.session.close()
        self.session = None

    def require_session(self) -> Session:
        if self.session is None:
            raise storage.SessionClosedError("Nobody is logged in.")
        return self.session

    # -- backup and recovery -------------------------------------------------------------
    def restore(
        self, backup_folder: Path, username: str, password: str, allow_other_installation: bool = False
    ) -> storage.RestoreResult:
        """Restore the folder from a backup; the service verifies it before replacing anything
        and keeps the damaged data aside. A backup of another installation raises
        :class:`storage.OtherInstallationError` (nothing changed) unless the user confirmed it."""
        self.logout()
        self._clinic = None
        return storage.restore_backup(
            self.data_dir,
            backup_folder,
            username,
            password,
            clock=self.clock,
            allow_other_installation=allow_other_installation,
        )

    def backup(self, folder: Path) -> storage.BackupResult:
        return self.require_session().backup(folder)
