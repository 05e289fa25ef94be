"""Accounts: login, lockout, disable, password change re-wrap, recovery key, idle lock."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.storage import (
    LOCKOUT_SECONDS,
    MAX_FAILED_LOGINS,
    AccountDisabledError,
    AccountLockedError,
    AlreadySetUpError,
    AuthenticationError,
    Clinic,
    DuplicateError,
    InvalidRecordError,
    NotSetUpError,
    PermissionDeniedError,
    Role,
    Session,
    SessionClosedError,
    SessionLockedError,
    WeakPasswordError,
    open_clinic,
    setup_clinic,
)
from tests.storage.conftest import ADMIN, ADMIN_PW, FakeClock, add_patient


def _actions(session: Session) -> list[tuple[str, str]]:
    return [(e.username, e.action) for e in reversed(session.audit_entries(limit=1000))]


def test_setup_refuses_a_folder_that_already_holds_a_clinic(data_dir: Path) -> None:
    with pytest.raises(AlreadySetUpError):
        setup_clinic(data_dir, "Other", "x1", "long-enough")


def test_open_clinic_on_an_empty_folder_says_not_set_up(tmp_path: Path) -> None:
    with pytest.raises(NotSetUpError):
        open_clinic(tmp_path)


def test_setup_validates_its_input(tmp_path: Path) -> None:
    with pytest.raises(WeakPasswordError):
        setup_clinic(tmp_path / "a", "Clinic", "admin", "short")
    with pytest.raises(InvalidRecordError):
        setup_clinic(tmp_path / "b", "Clinic", "Bad Name!", "long-enough")
    with pytest.raises(InvalidRecordError):
        setup_clinic(tmp_path / "c", "  ", "admin", "long-enough")
    assert not (tmp_path / "a" / "clinic.db").exists()


def test_wrong_password_is_refused_and_audited_at_next_login(clinic: Clinic) -> None:
    with pytest.raises(AuthenticationError) as info:
        clinic.login(ADMIN, "not-the-password")
    assert "Wrong user name or password" in info.value.message
    with pytest.raises(AuthenticationError):
        clinic.login("nobody", "whatever-pw")
    session = clinic.login(ADMIN, ADMIN_PW)
    actions = _actions(session)
    assert (ADMIN, "login_failed") in actions and ("nobody", "login_failed") in actions
    assert actions[-1] == (ADMIN, "login")
    assert clinic.keyring().pending_events == []
    session.close()
    # a second login does not duplicate the flushed events
    again = clinic.login(ADMIN, ADMIN_PW)
    assert sum(1 for a in _actions(again) if a == (ADMIN, "login_failed")) == 1
    again.close()


def test_lockout_after_five_failures_then_timed_release(clinic: Clinic, clock: FakeClock) -> None:
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(AuthenticationError) as info:
            clinic.login(ADMIN, "bad-password")
        assert not isinstance(info.value, AccountLockedError)
    with pytest.raises(AccountLockedError):
        clinic.login(ADMIN, "bad-password")
    # even the right password is refused while locked
    with pytest.raises(AccountLockedError) as locked:
        clinic.login(ADMIN, ADMIN_PW)
    assert locked.value.until_epoch == pytest.approx(clock.now + LOCKOUT_SECONDS)
    clock.advance(LOCKOUT_SECONDS - 1)
    with pytest.raises(AccountLockedError):
        clinic.login(ADMIN, ADMIN_PW)
    clock.advance(2)
    session = clinic.login(ADMIN, ADMIN_PW)
    actions = _actions(session)
    assert actions.count((ADMIN, "login_failed")) == MAX_FAILED_LOGINS
    assert actions.count((ADMIN, "login_locked")) == 2
    session.close()


def test_success_resets_the_failure_counter(clinic: Clinic) -> None:
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(AuthenticationError):
            clinic.login(ADMIN, "bad-password")
    clinic.login(ADMIN, ADMIN_PW).close()
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(AuthenticationError) as info:
            clinic.login(ADMIN, "bad-password")
        assert not isinstance(info.value, AccountLockedError)


def test_users_roles_disable_and_reset(session: Session, clinic: Clinic) -> None:
    user = session.add_user("Dr.Ada", "ada-password", "clinician", "Dr Ada Lovelace")
    assert (user.username, user.role, user.active) == ("dr.ada", Role.CLINICIAN, True)
    with pytest.raises(DuplicateError):
        session.add_user("dr.ada", "another-pass", "clinician")
    ada = clinic.login("dr.ada", "ada-password")
    with pytest.raises(PermissionDeniedError):
        ada.add_user("eve", "eve-password", "admin")
    with pytest.raises(PermissionDeniedError):
        ada.erase_patient(add_patient(ada))
    ada.close()
    session.disable_user("dr.ada")
    assert "dr.ada" not in clinic.keyring().users
    with pytest.raises(AuthenticationError):
        clinic.login("dr.ada", "ada-password")
    session.reset_password("dr.ada", "fresh-password")
    clinic.login("dr.ada", "fresh-password").close()
    with pytest.raises(InvalidRecordError):
        session.disable_user(ADMIN)


def test_disabled_user_with_stale_keyring_slot_is_refused(
    session: Session, clinic: Clinic, data_dir: Path
) -> None:
    session.add_user("bob", "bob-password", "clinician")
    stale = (data_dir / "keyring.json").read_bytes()
    session.disable_user("bob")
    (data_dir / "keyring.json").write_bytes(stale)  # an old copy of the keyring still wraps the key
    with pytest.raises(AccountDisabledError):
        clinic.login("bob", "bob-password")


def test_password_change_rewraps_the_key(session: Session, clinic: Clinic) -> None:
    add_patient(session)
    before = clinic.keyring().users[ADMIN].wrapped
    with pytest.raises(AuthenticationError):
        session.change_password("wrong-old-pw", "new-password-1")
    session.change_password(ADMIN_PW, "new-password-1")
    assert clinic.keyring().users[ADMIN].wrapped != before
    session.close()
    with pytest.raises(AuthenticationError):
        clinic.login(ADMIN, ADMIN_PW)
    again = clinic.login(ADMIN, "new-password-1")
    assert again.count_patients() == 1
    again.close()


def test_recovery_key_sets_a_new_password(clinic: Clinic, recovery_key: str) -> None:
    with pytest.raises(AuthenticationError):
        clinic.login_with_recovery_key("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", ADMIN, "brand-new-pw")
    session = clinic.login_with_recovery_key(recovery_key.lower().replace("-", " "), ADMIN, "brand-new-pw")
    session.close()
    clinic.login(ADMIN, "brand-new-pw").close()
    with pytest.raises(AuthenticationError):
        clinic.login(ADMIN, ADMIN_PW)


def test_idle_auto_lock_and_unlock(session: Session, clock: FakeClock) -> None:
    add_patient(session)
    clock.advance(9 * 60)
    assert session.count_patients() == 1  # activity resets the timer
    clock.advance(10 * 60 + 1)
    with pytest.raises(SessionLockedError):
        session.count_patients()
    assert session.is_locked
    with pytest.raises(AuthenticationError):
        session.unlock("wrong-password")
    assert session.is_locked
    session.unlock(ADMIN_PW)
    assert session.count_patients() == 1
    session.set_setting("idle_lock_minutes", 2)
    clock.advance(2 * 60 + 1)
    with pytest.raises(SessionLockedError):
        session.search_patients("")
    session.unlock(ADMIN_PW)
    actions = [a for _u, a in _actions(session)]
    assert actions.count("auto_lock") == 2 and actions.count("unlock") == 2


def test_manual_lock_and_close(session: Session) -> None:
    session.lock()
    with pytest.raises(SessionLockedError):
        session.list_users()
    session.unlock(ADMIN_PW)
    session.close()
    with pytest.raises(SessionClosedError):
        session.list_users()


def test_polling_and_touch_never_block_on_a_busy_session(session: Session, clock: FakeClock) -> None:
    import threading
    import time

    held, release = threading.Event(), threading.Event()

    def busy_worker() -> None:  # e.g. a long export holding the session
        with session._mutex:
            held.set()
            release.wait(5)

    worker = threading.Thread(target=busy_worker)
    worker.start()
    held.wait(5)
    start = time.perf_counter()
    session.touch()
    assert session.is_locked is False
    clock.advance(11 * 60)
    assert session.is_locked is True  # seen at once; the audit row follows when the session is free
    assert time.perf_counter() - start < 0.5
    release.set()
    worker.join()
    with pytest.raises(SessionLockedError):
        session.count_patients()
    session.unlock(ADMIN_PW)
    assert "auto_lock" in [a for _u, a in _actions(session)]


def test_free_text_typed_as_a_user_name_never_reaches_the_audit(clinic: Clinic) -> None:
    with pytest.raises(AuthenticationError):
        clinic.login("Gwendolyn Ashbury", "some-password")
    session = clinic.login(ADMIN, ADMIN_PW)
    assert ("(invalid name)", "login_failed") in _actions(session)
    assert "Gwendolyn" not in " ".join(u for u, _a in _actions(session))
    session.close()
