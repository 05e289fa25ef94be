"""Storage service: the encrypted clinic database, photo store, accounts, audit, backup, exports.

The GUI, reports and CLI use ONLY what this module exports (no SQL outside the package).
Everything returned is a plain frozen dataclass (``models``); every failure is a
:class:`StorageError` subclass (``errors``) with ``.message`` for the screen, ``.code``
for logic and ``.offers_restore`` (show "Restore from backup"). Invalid score items raise
the domain's ``ScoreInputError`` (``.field``, ``.message``) unchanged.

First run and login::

    from desktop_app.storage import setup_clinic, open_clinic, is_set_up
    if not is_set_up(folder):
        result = setup_clinic(folder, "Clinique du Parc", "admin", password)
        show_once(result.recovery_key)               # printed/shown ONCE, never stored
    clinic = open_clinic(folder)                      # NotSetUpError, KeyringError
    clinic.check_files()                              # start screen: DatabaseCorruptError, ... (no login)
    session = clinic.login("alice", password)         # AuthenticationError, AccountLockedError,
                                                      # AccountDisabledError, DatabaseCorruptError, ...
    clinic.login_with_recovery_key(key, "admin", new_password)   # forgotten password

Session (thread-safe; auto-locks after ``idle_lock_minutes``, default 10; pass
``open_clinic(folder, clock=...)`` to inject the clock; ``session.touch()`` on user
input; a call while locked raises :class:`SessionLockedError`; ``session.unlock(pw)``;
``session.lock()``; ``session.close()`` = logout; ``session.user`` -> :class:`User`):

* users — ``list_users()``, ``add_user(name, pw, role, display_name)``, ``disable_user(name)``,
  ``reset_password(name, pw)`` (admin); ``change_password(old, new)`` (self).
* patients — ``add_patient(identifier, given_name, family_name, birth_date, sex="unknown",
  phototype=None|1-6, photo_consent=False)``, ``update_patient(id, **fields)``,
  ``get_patient(id)``, ``find_patient(identifier)``, ``search_patients(text, limit=50)``
  (every word, case/accent-insensitive, identifier or names), ``count_patients()``,
  ``erase_patient(id)`` (admin; right to be forgotten: rows + photo files).
* visits — ``add_visit(patient_id, visit_date=today, note="")``, ``update_visit``,
  ``delete_visit``, ``get_visit``, ``list_visits(patient_id)``.
* assessments (totals computed by ``desktop_app.domain`` with the age at the visit) —
  ``record_scorad(visit_id, extent={region: 0-1}, intensity={sign: 0-3}, pruritus, sleeplessness,
  review_of=ascorad_id|None)`` (clinician; review -> ``Review.CONFIRMED`` / ``CORRECTED``),
  ``record_po_scorad(...)`` (same items), ``record_ascorad(visit_id, extent, intensity,
  provenance={...}, pruritus=None, sleeplessness=None, confidence=None, flagged_regions=())``,
  ``record_easi(visit_id, {easi_region: {erythema, induration_papulation, excoriation,
  lichenification, area}})``, ``get_assessment``, ``list_assessments(visit_id)``, ``delete_assessment``.
* photos — ``add_photo(visit_id, image_bytes, region, device=..., profile="clinical"|"dermatoscope",
  quality=report.to_dict(), width=, height=)`` -> :class:`Photo` (refused without consent);
  ``read_photo(photo_id)`` -> verified bytes (:class:`PhotoMissingError`,
  :class:`PhotoTamperedError`); ``get_photo``, ``list_photos(visit_id)``, ``delete_photo``.
* annotations — ``add_annotation(photo_id, signs={sign: 0-3|None}, lesion_mask_png=PNG L 0/255,
  lesion_percent=0-100|None, skin_tone="I-II"|"III-IV"|"V-VI"|None)``, ``list_annotations``,
  ``delete_annotation``.
* drafts — ``save_visit_draft(visit_id, {...})``, ``load_visit_draft(visit_id)`` -> dict | None,
  ``discard_visit_draft(visit_id)`` (unfinished forms survive a crash or an idle lock, encrypted).
* history — ``patient_history(patient_id)`` -> :class:`PatientHistory` (patient + visits oldest
  first, each :class:`VisitRecord` with assessments, photos, annotations);
  ``score_series("scorad"|"oscorad"|"po_scorad")`` -> ``{patient_id: [(date, score), ...]}`` for
  every patient in one query (the forecaster's clinic fit).
* settings — ``settings()`` -> :class:`Settings`, ``get_setting(key)``, ``set_setting(key, value)``
  for clinic_name, language, band_set, idle_lock_minutes, backup_folder, camera_defaults,
  forecast_parameters (admin; the clinic's fitted forecast parameters, empty = defaults).
* audit/integrity — ``verify_audit()`` -> ``AuditReport``, ``audit_entries(limit)`` (admin),
  ``check_integrity()`` -> :class:`IntegrityReport`, ``collect_orphan_photos()``.
* backup/exports — ``backup(dest_folder)`` -> :class:`BackupResult`; module-level
  ``restore_backup(data_dir, backup_folder, username, password, allow_other_installation=False)``
  -> :class:`RestoreResult` (a backup of another installation raises :class:`OtherInstallationError`,
  naming both clinics, unless allowed; ``check_backup_installation(data_dir, backup_folder)`` asks
  the same question alone);
  ``export_history(patient_id, path, fmt="csv"|"json")``, ``export_training(folder)`` ->
  :class:`ExportResult`; ``record_export(table, record_id, detail)`` audits an export made
  elsewhere (PDF reports).

Every create/update/delete/export/login (failures too) writes a hash-chained audit row in the
same transaction; audit rows hold record ids and field names only, never patient names.

Threads: a Session may be shared with worker threads (one lock inside). ``is_locked`` and
``touch()`` never block, so a GUI timer can poll them; ``backup``, ``check_integrity`` and
``export_training`` are slow (run them on a worker) and copy/check through their own
connection. ``restore_backup`` replaces the whole folder: close every Session first.
"""

from desktop_app.storage.audit import AuditEntry, AuditReport
from desktop_app.storage.backup import (
    OtherInstallationError,
    check_backup_installation,
    restore_backup,
    verify_backup_folder,
)
from desktop_app.storage.crypto import DEFAULT_KDF, FAST_TEST_KDF, KdfParams
from desktop_app.storage.errors import (
    AccountDisabledError,
    AccountLockedError,
    AlreadySetUpError,
    AuthenticationError,
    BackupError,
    DatabaseCorruptError,
    DatabaseMissingError,
    DiskFullError,
    DuplicateError,
    ForeignDatabaseError,
    InvalidRecordError,
    KeyringError,
    NotFoundError,
    NotSetUpError,
    PermissionDeniedError,
    PhotoMissingError,
    PhotoTamperedError,
    ReadOnlyError,
    RestoreError,
    SchemaTooNewError,
    SessionClosedError,
    SessionLockedError,
    StorageError,
    StorageIOError,
    WeakPasswordError,
    WrongKeyError,
)
from desktop_app.storage.models import (
    Annotation,
    Assessment,
    AssessmentKind,
    BackupResult,
    ExportResult,
    IntegrityReport,
    Patient,
    PatientHistory,
    Photo,
    RestoreResult,
    Review,
    Role,
    Settings,
    SetupResult,
    Sex,
    User,
    Visit,
    VisitRecord,
)
from desktop_app.storage.service import (
    LOCKOUT_SECONDS,
    MAX_FAILED_LOGINS,
    Clinic,
    Session,
    is_set_up,
    open_clinic,
    setup_clinic,
)

__all__ = [
    "DEFAULT_KDF",
    "FAST_TEST_KDF",
    "LOCKOUT_SECONDS",
    "MAX_FAILED_LOGINS",
    "AccountDisabledError",
    "AccountLockedError",
    "AlreadySetUpError",
    "Annotation",
    "Assessment",
    "AssessmentKind",
    "AuditEntry",
    "AuditReport",
    "AuthenticationError",
    "BackupError",
    "BackupResult",
    "Clinic",
    "DatabaseCorruptError",
    "DatabaseMissingError",
    "DiskFullError",
    "DuplicateError",
    "ExportResult",
    "ForeignDatabaseError",
    "IntegrityReport",
    "InvalidRecordError",
    "KdfParams",
    "KeyringError",
    "NotFoundError",
    "NotSetUpError",
    "OtherInstallationError",
    "Patient",
    "PatientHistory",
    "PermissionDeniedError",
    "Photo",
    "PhotoMissingError",
    "PhotoTamperedError",
    "ReadOnlyError",
    "RestoreError",
    "RestoreResult",
    "Review",
    "Role",
    "SchemaTooNewError",
    "Session",
    "SessionClosedError",
    "SessionLockedError",
    "Settings",
    "SetupResult",
    "Sex",
    "StorageError",
    "StorageIOError",
    "User",
    "Visit",
    "VisitRecord",
    "WeakPasswordError",
    "WrongKeyError",
    "check_backup_installation",
    "is_set_up",
    "open_clinic",
    "restore_backup",
    "setup_clinic",
    "verify_backup_folder",
]
