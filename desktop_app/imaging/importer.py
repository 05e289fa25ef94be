"""Defensive import of photo files: decode, orient, convert to sRGB 8-bit RGB, drop every metadata field.

Why so careful: photos come from phones, cameras and e-mail attachments. They may be
huge (decompression bombs), cut short (an interrupted copy), 16-bit, CMYK, palette or
transparent, rotated only by an EXIF tag, and they often carry GPS coordinates and device
serial numbers that must never reach the clinic database. So the pixels are decoded, the
EXIF orientation applied, wide-gamut/ICC images converted to sRGB, and the clean pixels are
re-encoded to a fresh PNG that carries nothing but pixels (no EXIF, no XMP, no ICC, no text).

Every failure is a :class:`PhotoImportError` with a stable ``reason`` code and a message a
nurse understands; no other exception escapes :func:`import_photo`.

Speed: ``max_side`` asks Pillow's JPEG decoder for a reduced-size decode (``Image.draft``:
DCT scaling by 1/2, 1/4 or 1/8), so a 12-megapixel JPEG can be analysed at ~1000 px in tens
of milliseconds instead of decoding all 12 MP. ``encoded``/``sha256`` are computed on first
use (PNG encoding is the slowest step and the analysis path may not need it).
"""

from __future__ import annotations

import hashlib
import io
import threading
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Final

import numpy as np
from PIL import Image, ImageCms

# Reason codes (stable; the UI and the CLI may switch on them).
NOT_FOUND: Final = "not_found"
UNREADABLE: Final = "unreadable"
EMPTY: Final = "empty"
FILE_TOO_LARGE: Final = "file_too_large"
TOO_MANY_PIXELS: Final = "too_many_pixels"
UNSUPPORTED_FORMAT: Final = "unsupported_format"
HEIC_UNAVAILABLE: Final = "heic_unavailable"
TRUNCATED: Final = "truncated"
CORRUPT: Final = "corrupt"
UNSUPPORTED_PIXELS: Final = "unsupported_pixels"
INVALID_ARGUMENT: Final = "invalid_argument"

#: Default pixel limit: 60 MP covers 48/50-MP phone sensors in full-resolution mode while
#: bounding the decoded RGB buffer to ~180 MB. Above it a file is refused as a possible bomb.
DEFAULT_MAX_PIXELS: Final = 60_000_000
#: Default file-size limit (bytes). No clinical photo format needs more than this.
DEFAULT_MAX_FILE_BYTES: Final = 200 * 1024 * 1024

# Only these decoders are ever tried: fewer parsers, smaller attack surface.
_BASE_FORMATS: Final = ("JPEG", "MPO", "PNG", "TIFF", "WEBP", "BMP")
_HEIF_FORMATS: Final = ("HEIF", "AVIF")
# The formats as users are told about them (refusals here, the folder source's "no photos").
SUPPORTED_FORMATS_TEXT: Final = "JPEG, PNG, TIFF, HEIC, WebP, BMP"
# ISO-BMFF brands of HEIC/HEIF files, to tell "HEIC without pillow-heif" from garbage.
_HEIF_BRANDS: Final = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif")

_ORIENTATION_TAG: Final = 0x0112
_TRANSPOSE_FOR_ORIENTATION: Final[dict[int, tuple[Image.Transpose, ...]]] = {
    2: (Image.Transpose.FLIP_LEFT_RIGHT,),
    3: (Image.Transpose.ROTATE_180,),
    4: (Image.Transpose.FLIP_TOP_BOTTOM,),
    5: (Image.Transpose.TRANSPOSE,),
    6: (Image.Transpose.ROTATE_270,),
    7: (Image.Transpose.TRANSVERSE,),
    8: (Image.Transpose.ROTATE_90,),
}

_heif_lock = threading.Lock()
_heif_state: dict[str, bool] = {}


class PhotoImportError(Exception):
    """A photo could not be imported. ``reason`` is a stable code, ``message`` is for people."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True, eq=False)
class ImportedPhoto:
    """Clean pixels of an imported photo (RGB uint8, upright, sRGB) and their metadata-free PNG."""

    rgb: np.ndarray
    source_sha256: str  # hex sha256 of the file as received (provenance of the original)
    source_format: str  # e.g. "JPEG"
    source_size: tuple[int, int]  # (width, height) declared by the file, before orientation/downscaling
    orientation: int  # EXIF orientation that was applied (1 = none)
    colour_managed: bool  # True when an embedded ICC profile was converted to sRGB
    _png_compress_level: int = field(default=3, repr=False)

    @property
    def width(self) -> int:
        return int(self.rgb.shape[1])

    @property
    def height(self) -> int:
        return int(self.rgb.shape[0])

    @cached_property
    def encoded(self) -> bytes:
        """PNG of the clean pixels only (no EXIF, GPS, XMP, ICC or text chunks)."""
        buffer = io.BytesIO()
        Image.fromarray(self.rgb, "RGB").save(buffer, format="PNG", compress_level=self._png_compress_level)
        return buffer.getvalue()

    @cached_property
    def sha256(self) -> str:
        """Hex sha256 of :attr:`encoded` (the identity of the stored photo)."""
        return hashlib.sha256(self.encoded).hexdigest()


def heif_available() -> bool:
    """Register pillow-heif's opener once if the optional package is installed."""
    with _heif_lock:
        if "ok" not in _heif_state:
            try:
                import pillow_heif

                pillow_heif.register_heif_opener()
                _heif_state["ok"] = True
            except Exception:  # ImportError, or a broken native library: HEIC simply unsupported
                _heif_state["ok"] = False
        return _heif_state["ok"]


def _looks_like_heif(head: bytes) -> bool:
    return len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS


def _read_source(source: Path | bytes | bytearray | memoryview, max_file_bytes: int) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > max_file_bytes:
                raise PhotoImportError(
                    FILE_TOO_LARGE,
                    f"{path.name} is {size / 1e6:.0f} MB, more than the {max_file_bytes / 1e6:.0f} MB "
                    "allowed for a photo.",
                )
            data = path.read_bytes()
        except PhotoImportError:
            raise
        except FileNotFoundError:
            raise PhotoImportError(NOT_FOUND, f"The file {path} does not exist.") from None
        except IsADirectoryError:
            raise PhotoImportError(UNREADABLE, f"{path} is a folder, not a photo.") from None
        except OSError as exc:
            raise PhotoImportError(UNREADABLE, f"The file {path} cannot be read ({exc.strerror}).") from None
    if not data:
        raise PhotoImportError(EMPTY, "The file is empty (0 bytes): it is not a photo.")
    if len(data) > max_file_bytes:
        raise PhotoImportError(FILE_TOO_LARGE, "The photo file is too large to import.")
    return data


def _orientation(image: Image.Image) -> int:
    try:
        value = image.getexif().get(_ORIENTATION_TAG, 1)
    except Exception:  # a malformed EXIF block must not make an otherwise good photo unreadable
        return 1
    return value if isinstance(value, int) and value in _TRANSPOSE_FOR_ORIENTATION else 1


def _to_srgb(image: Image.Image) -> tuple[Image.Image, bool]:
    """Convert through the embedded ICC profile to sRGB when there is one that parses."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "CMYK", "L"):
        return image, False
    try:
        source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        srgb = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(image, source_profile, srgb, outputMode="RGB")
    except Exception:  # broken or exotic profile: keep the pixels as sRGB, as browsers do
        return image, False
    return (converted if converted is not None else image), True


def _high_bit_depth_to_uint8(image: Image.Image) -> np.ndarray:
    """16-bit and 32-bit greyscale → 8-bit, scaling the container's range (never clipping)."""
    array = np.asarray(image)
    if image.mode.startswith("I;16"):
        return (array.astype(np.uint32) >> 8).astype(np.uint8)
    if image.mode == "F":
        finite = array[np.isfinite(array)]
        if finite.size == 0 or finite.min() < 0:
            raise PhotoImportError(UNSUPPORTED_PIXELS, "The photo holds floating-point data, not a picture.")
        peak = float(finite.max())
        scale = 1.0 if peak <= 1.0 else 255.0 if peak <= 255.0 else 65535.0
        if peak > 65535.0:
            raise PhotoImportError(
                UNSUPPORTED_PIXELS, "The photo's pixel values are outside any image range."
            )
        return np.round(np.nan_to_num(array) / scale * 255.0).astype(np.uint8)
    # mode "I": 32-bit integers, as Pillow presents many 16-bit PNG/TIFF files
    low, high = int(array.min()), int(array.max())
    if low < 0 or high > 65535:
        raise PhotoImportError(UNSUPPORTED_PIXELS, "The photo's pixel values are outside any image range.")
    if high <= 255:
        return array.astype(np.uint8)
    return (array.astype(np.uint32) >> 8).astype(np.uint8)


def _flatten_to_rgb(image: Image.Image) -> np.ndarray:
    """Any Pillow mode → RGB uint8; transparency is composited over white (the paper look)."""
    mode = image.mode
    if mode in ("I", "F") or mode.startswith("I;16"):
        grey = _high_bit_depth_to_uint8(image)
        return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))
    if (mode == "P" and "transparency" in image.info) or mode in ("PA", "LA", "La", "RGBa"):
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        rgba = np.asarray(image).astype(np.uint16)
        alpha = rgba[:, :, 3:4]
        rgb = (rgba[:, :, :3] * alpha + 255 * (255 - alpha) + 127) // 255
        return np.ascontiguousarray(rgb.astype(np.uint8))
    if image.mode != "RGB":
        image = image.convert("RGB")
    return np.ascontiguousarray(np.asarray(image, dtype=np.uint8))


def _reduce(image: Image.Image, max_side: int) -> Image.Image:
    width, height = image.size
    longest = max(width, height)
    if longest <= max_side:
        return image
    scale = max_side / longest
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def _decode(data: bytes, max_side: int | None, max_pixels: int) -> ImportedPhoto:
    Image.init()  # registers every plugin (Image.open with ``formats`` needs them loaded); cheap after once
    formats = tuple(f for f in _BASE_FORMATS + (_HEIF_FORMATS if heif_available() else ()) if f in Image.OPEN)
    if _looks_like_heif(data[:16]) and not heif_available():
        raise PhotoImportError(
            HEIC_UNAVAILABLE,
            "This is a HEIC/HEIF photo (iPhone format), which needs the optional pillow-heif package. "
            "Export it as JPEG, or install pillow-heif.",
        )
    try:
        image: Image.Image = Image.open(io.BytesIO(data), formats=formats)
    except Image.DecompressionBombError:
        raise PhotoImportError(TOO_MANY_PIXELS, "The photo has too many pixels to open safely.") from None
    except Image.UnidentifiedImageError:
        raise PhotoImportError(
            UNSUPPORTED_FORMAT,
            f"This file is not a photo in a supported format ({SUPPORTED_FORMATS_TEXT}).",
        ) from None
    source_format = image.format or "unknown"
    width, height = image.size
    if width <= 0 or height <= 0:
        raise PhotoImportError(CORRUPT, "The photo declares no pixels; the file is damaged.")
    if width * height > max_pixels:
        raise PhotoImportError(
            TOO_MANY_PIXELS,
            f"The photo is {width}×{height} ({width * height / 1e6:.0f} MP), more than the "
            f"{max_pixels / 1e6:.0f} MP allowed; it may be a malicious file or a panorama. "
            "Export a smaller copy.",
        )
    orientation = _orientation(image)
    if max_side is not None and source_format in ("JPEG", "MPO"):
        # DCT-domain downscaling: the decoder produces >= the requested size, cheaply.
        scale = max_side / max(width, height)
        if scale < 1.0:
            image.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
    try:
        image.load()
    except OSError as exc:
        text = str(exc).lower()
        if "truncated" in text or "premature end" in text or "broken data stream" in text:
            raise PhotoImportError(
                TRUNCATED, "The photo file is incomplete (cut short during copying); copy it again."
            ) from None
        raise PhotoImportError(CORRUPT, "The photo file is damaged and cannot be decoded.") from None
    image, managed = _to_srgb(image)
    if max_side is not None:
        image = _reduce(image, max_side)
    for step in _TRANSPOSE_FOR_ORIENTATION.get(orientation, ()):
        image = image.transpose(step)
    rgb = _flatten_to_rgb(image)
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.shape[0] == 0 or rgb.shape[1] == 0:
        raise PhotoImportError(CORRUPT, "The photo decoded to an unusable picture.")
    rgb.setflags(write=False)
    return ImportedPhoto(
        rgb=rgb,
        source_sha256=hashlib.sha256(data).hexdigest(),
        source_format=source_format,
        source_size=(width, height),
        orientation=orientation,
        colour_managed=managed,
    )


def import_photo(
    source: Path | bytes,
    *,
    max_side: int | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> ImportedPhoto:
    """Decode a photo file (path or bytes) into clean, upright RGB pixels.

    ``max_side`` (optional) bounds the longest side of the result; JPEGs are then decoded at
    reduced size by the DCT (fast), other formats are decoded then resized. ``max_pixels``
    refuses files that declare more pixels (decompression bombs). Raises
    :class:`PhotoImportError` for every failure, and nothing else.
    """
    if max_side is not None and (not isinstance(max_side, int) or max_side < 16):
        raise PhotoImportError(INVALID_ARGUMENT, f"max_side must be an integer ≥ 16 (got {max_side!r}).")
    data = _read_source(source, max_file_bytes)
    try:
        return _decode(data, max_side, max_pixels)
    except PhotoImportError:
        raise
    except MemoryError:
        raise PhotoImportError(TOO_MANY_PIXELS, "The photo is too large to decode in memory.") from None
    except Exception:
        # Pillow's decoders raise many types on hostile input (ValueError, SyntaxError,
        # struct.error, IndexError, ...): to the caller they all mean "damaged file".
        raise PhotoImportError(CORRUPT, "The photo file is damaged and cannot be decoded.") from None
