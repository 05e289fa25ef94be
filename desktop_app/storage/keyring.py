"""The keyring file: wrapped data keys and login counters, stored next to the database.

It must be readable before anyone has logged in (it is what a login unlocks), so it is
plain JSON; it holds no patient data: per-user Argon2id salt, cost and the AES-GCM-wrapped
data key, the recovery-key-wrapped data key, lockout counters, and failed-login events
waiting to be written into the (encrypted) audit trail at the next successful login.
User names are clinicians' log-in names, not patient data. Someone who can edit this file
can reset lockout counters or drop pending failure events, but cannot read any data: that
still needs a password or the recovery key (offline guessing is what Argon2id slows down).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.storage.atomic_file import write_atomic
from desktop_app.storage.crypto import KdfParams
from desktop_app.storage.errors import KeyringError

FORMAT = "scorad-desk-keyring"
VERSION = 1


@dataclass
class UserSlot:
    salt: bytes
    kdf: KdfParams
    wrapped: bytes
    failed: int = 0
    locked_until: float = 0.0


@dataclass
class Keyring:
    installation_id: str
    clinic_name: str
    db_salt: bytes
    recovery_wrapped: bytes
    users: dict[str, UserSlot] = field(default_factory=dict)
    pending_events: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "installation_id": self.installation_id,
            "clinic_name": self.clinic_name,
            "db_salt": self.db_salt.hex(),
            "recovery": {"wrapped": self.recovery_wrapped.hex()},
            "users": {
                name: {
                    "salt": s.salt.hex(),
                    "kdf": s.kdf.to_dict(),
                    "wrapped": s.wrapped.hex(),
                    "failed": s.failed,
                    "locked_until": s.locked_until,
                }
                for name, s in sorted(self.users.items())
            },
            "pending_events": self.pending_events,
        }
        return json.dumps(data, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Keyring:
        try:
            data = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT:
                raise KeyringError("The keyring file is not a ScoradDesk keyring.")
            if int(data.get("version", 0)) > VERSION:
                raise KeyringError("The keyring was written by a newer ScoradDesk: update the application.")
            users = {
                name: UserSlot(
                    salt=bytes.fromhex(u["salt"]),
                    kdf=KdfParams.from_dict(u["kdf"]),
                    wrapped=bytes.fromhex(u["wrapped"]),
                    failed=int(u.get("failed", 0)),
                    locked_until=float(u.get("locked_until", 0.0)),
                )
                for name, u in data["users"].items()
            }
            return cls(
                installation_id=str(data["installation_id"]),
                clinic_name=str(data.get("clinic_name", "")),
                db_salt=bytes.fromhex(data["db_salt"]),
                recovery_wrapped=bytes.fromhex(data["recovery"]["wrapped"]),
                users=users,
                pending_events=list(data.get("pending_events", [])),
            )
        except KeyringError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise KeyringError(
                "The keyring file (keyring.json) is damaged, so nobody can log in. Restore it from a backup."
            ) from None

    def key_aad(self, slot_name: str) -> bytes:
        """Associated data binding a wrapped key to this installation and slot (no slot swapping)."""
        return f"scorad-desk-key|{self.installation_id}|{slot_name}".encode()


def load(path: Path) -> Keyring:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KeyringError("The keyring file (keyring.json) is missing: restore it from a backup.") from None
    except OSError as exc:
        raise KeyringError(f"The keyring file cannot be read ({exc.strerror}).") from None
    return Keyring.from_json(raw)


def save(path: Path, keyring: Keyring) -> None:
    write_atomic(path, keyring.to_json())
