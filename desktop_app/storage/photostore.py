"""The encrypted photo store: one file per photo, AES-256-GCM, verified on every read.

File name: HMAC-SHA256(naming key, photo id, sha256 of the plaintext) — a keyed hash, not
the bare sha256 of the image. The bare hash would let anyone with the folder see that two
files are the same photo, or confirm that a known photo is stored here; the keyed name
reveals nothing without the data key, and two records of the same image never share a
file, so erasing one never breaks the other. The plain sha256 (the image's provenance
hash, the one ASCORAD records) is kept inside the encrypted database.

File content: ``SDPHOTO1`` + 12-byte nonce + ciphertext+tag, with ``photo id`` as
associated data, so a file swapped onto another record fails authentication. Files are
written atomically with the ciphertext already in the temp file: no plaintext on disk.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from desktop_app.storage import crypto
from desktop_app.storage.atomic_file import fsync_dir, os_error, write_atomic
from desktop_app.storage.errors import PhotoMissingError, PhotoTamperedError, StorageIOError

MAGIC = b"SDPHOTO1"
SUFFIX = ".sdp"


class PhotoStore:
    def __init__(self, folder: Path, data_key: bytes) -> None:
        self.folder = folder
        self._enc_key = crypto.subkey(data_key, "photo-aes-gcm")
        self._name_key = crypto.subkey(data_key, "photo-name-hmac")

    @staticmethod
    def _aad(photo_id: str) -> bytes:
        return b"scorad-desk-photo|" + photo_id.encode("utf-8")

    def blob_name(self, photo_id: str, sha256_hex: str) -> str:
        return crypto.hmac_hex(self._name_key, photo_id.encode("utf-8"), bytes.fromhex(sha256_hex))

    def path(self, blob_name: str) -> Path:
        return self.folder / blob_name[:2] / f"{blob_name}{SUFFIX}"

    def write(self, photo_id: str, plaintext: bytes) -> tuple[str, str, int]:
        """Encrypt and store; returns (blob name, plaintext sha256, file size)."""
        sha = hashlib.sha256(plaintext).hexdigest()
        name = self.blob_name(photo_id, sha)
        blob = MAGIC + crypto.encrypt(self._enc_key, plaintext, self._aad(photo_id))
        target = self.path(name)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_error(exc, "creating the photo folder") from None
        write_atomic(target, blob)
        return name, sha, len(blob)

    def read(self, photo_id: str, blob_name: str, sha256_hex: str) -> bytes:
        """Decrypt and verify (GCM tag with the photo id, then the sha256 and the file name)."""
        target = self.path(blob_name)
        try:
            blob = target.read_bytes()
        except FileNotFoundError:
            raise PhotoMissingError(
                f"The file of photo {photo_id} is missing from the photo store. "
                "Restore the photos from a backup."
            ) from None
        except OSError as exc:
            raise StorageIOError(f"Photo {photo_id} cannot be read ({exc.strerror}).") from None
        plaintext = None
        if blob.startswith(MAGIC):
            plaintext = crypto.decrypt(self._enc_key, blob[len(MAGIC) :], self._aad(photo_id))
        if (
            plaintext is None
            or hashlib.sha256(plaintext).hexdigest() != sha256_hex
            or self.blob_name(photo_id, sha256_hex) != blob_name
        ):
            raise PhotoTamperedError(
                f"Photo {photo_id} failed its integrity check: the file was changed or damaged. "
                "Restore the photos from a backup."
            )
        return plaintext

    def verify_file(self, photo_id: str, blob_name: str, sha256_hex: str) -> None:
        self.read(photo_id, blob_name, sha256_hex)

    def delete(self, blob_name: str) -> None:
        target = self.path(blob_name)
        try:
            target.unlink(missing_ok=True)
        except OSError as exc:
            raise os_error(exc, "deleting a photo file") from None
        fsync_dir(target.parent)

    def all_blob_names(self) -> set[str]:
        names: set[str] = set()
        if not self.folder.is_dir():
            return names
        for sub in self.folder.iterdir():
            if sub.is_dir():
                names.update(p.name[: -len(SUFFIX)] for p in sub.iterdir() if p.name.endswith(SUFFIX))
        return names

    def remove_temp_files(self) -> int:
        """Delete leftover temp files of interrupted writes (ciphertext only, never plaintext)."""
        removed = 0
        if not self.folder.is_dir():
            return removed
        for sub in self.folder.iterdir():
            if sub.is_dir():
                for p in sub.iterdir():
                    if p.name.startswith(".") and p.name.endswith(".tmp"):
                        try:
                            os.unlink(p)
                            removed += 1
                        except OSError:
                            pass
        return removed
