"""Key handling: one random data key, wrapped per user (Argon2id) and by a recovery key.

Why this shape: the database and photos are encrypted with keys derived from one random
256-bit *data key*, so a password change only re-wraps 32 bytes instead of re-encrypting
the clinic's data. Each user's password is stretched with Argon2id (RFC 9106, the
password-hashing competition winner) into a key-encryption key that wraps the data key
with AES-256-GCM; the GCM tag is the password check (a wrong password fails
authentication), so no separate password hash is stored. The recovery key is 160 random
bits printed once at setup; it is already high-entropy, so HKDF (RFC 5869) suffices.

Sub-keys (HKDF-SHA256 with distinct ``info`` labels) separate uses: the SQLCipher raw key,
photo encryption, photo file naming (HMAC) and export anonymisation.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

DATA_KEY_BYTES = 32
NONCE_BYTES = 12
RECOVERY_KEY_BYTES = 20  # 160 bits -> 32 base32 characters


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Default: t=3, m=64 MiB, p=2 (RFC 9106 §4 second recommended option,
    lowered to 64 MiB for clinic laptops; about 0.2-0.4 s here)."""

    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 2

    def to_dict(self) -> dict[str, int]:
        return {"t": self.time_cost, "m": self.memory_kib, "p": self.parallelism}

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> KdfParams:
        return cls(time_cost=int(data["t"]), memory_kib=int(data["m"]), parallelism=int(data["p"]))


DEFAULT_KDF = KdfParams()
# Only for tests and benchmarks that must not spend Argon2's cost on every login.
FAST_TEST_KDF = KdfParams(time_cost=1, memory_kib=1024, parallelism=1)


def new_data_key() -> bytes:
    return os.urandom(DATA_KEY_BYTES)


def new_salt() -> bytes:
    return os.urandom(16)


def password_kek(password: str, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id(password, salt) -> 32-byte key-encryption key."""
    from argon2.low_level import Type, hash_secret_raw  # lazy: keeps CLI start-up light

    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def subkey(data_key: bytes, purpose: str) -> bytes:
    """A 32-byte key for one purpose, derived from the data key (HKDF-SHA256)."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"scorad-desk/{purpose}".encode()
    ).derive(data_key)


def wrap_key(kek: bytes, data_key: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(kek).encrypt(nonce, data_key, aad)


def unwrap_key(kek: bytes, blob: bytes, aad: bytes) -> bytes | None:
    """The data key, or None when the KEK (password) is wrong or the blob was altered."""
    try:
        return AESGCM(kek).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError):
        return None


def encrypt(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def decrypt(key: bytes, blob: bytes, aad: bytes) -> bytes | None:
    """Plaintext, or None when authentication fails (changed byte, wrong id, wrong key)."""
    if len(blob) < NONCE_BYTES + 16:
        return None
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag:
        return None


def hmac_hex(key: bytes, *parts: bytes) -> str:
    mac = hmac.new(key, digestmod=hashlib.sha256)
    for part in parts:
        mac.update(len(part).to_bytes(8, "big"))
        mac.update(part)
    return mac.hexdigest()


def new_recovery_key() -> str:
    """160 random bits as 8 groups of 4 base32 characters (no 0/1/8 confusion: RFC 4648 alphabet)."""
    text = base64.b32encode(os.urandom(RECOVERY_KEY_BYTES)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def recovery_kek(recovery_key: str) -> bytes | None:
    """KEK from a typed recovery key (case, spaces and dashes ignored); None if malformed."""
    text = "".join(ch for ch in recovery_key.upper() if ch.isalnum())
    try:
        raw = base64.b32decode(text)
    except (ValueError, base64.binascii.Error):  # type: ignore[attr-defined]
        return None
    if len(raw) != RECOVERY_KEY_BYTES:
        return None
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"scorad-desk/recovery").derive(raw)
