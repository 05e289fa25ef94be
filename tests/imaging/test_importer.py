"""The importer decodes defensively, orients, flattens every pixel format and strips metadata."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from desktop_app.imaging.importer import (
    CORRUPT,
    EMPTY,
    HEIC_UNAVAILABLE,
    NOT_FOUND,
    TOO_MANY_PIXELS,
    TRUNCATED,
    UNREADABLE,
    UNSUPPORTED_FORMAT,
    PhotoImportError,
    heif_available,
    import_photo,
)


def _encode(image: Image.Image, fmt: str, **kwargs: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def _textured(width: int = 64, height: int = 48) -> Image.Image:
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack([x * 255 // max(1, width - 1), y * 255 // max(1, height - 1), (x + y) % 256], axis=-1)
    return Image.fromarray(rgb.astype(np.uint8), "RGB")


def _png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        chunks.append(data[offset + 4 : offset + 8])
        offset += 12 + length
    return chunks


def test_plain_jpeg_round_trips_to_clean_png() -> None:
    data = _encode(_textured(), "JPEG", quality=95)
    photo = import_photo(data)
    assert (photo.width, photo.height) == (64, 48)
    assert photo.rgb.dtype == np.uint8 and photo.rgb.shape == (48, 64, 3)
    assert photo.source_format == "JPEG"
    assert photo.source_sha256 == hashlib.sha256(data).hexdigest()
    assert photo.sha256 == hashlib.sha256(photo.encoded).hexdigest()
    decoded = np.asarray(Image.open(io.BytesIO(photo.encoded)).convert("RGB"))
    np.testing.assert_array_equal(decoded, photo.rgb)


def test_path_source_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    _textured().save(path)
    photo = import_photo(path)
    np.testing.assert_array_equal(photo.rgb, np.asarray(_textured()))


def test_gps_and_camera_metadata_are_gone_from_the_bytes() -> None:
    exif = Image.Exif()
    exif[0x010F] = "SECRETMAKER"  # Make
    exif[0x0131] = "SECRETSOFTWARE"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (48.0, 51.0, 29.0)
    gps[3] = "E"
    gps[4] = (2.0, 17.0, 40.0)
    gps[0x1B] = b"ASCII\x00\x00\x00SECRETGPSMETHOD"
    data = _encode(_textured(), "JPEG", exif=exif.tobytes(), icc_profile=b"", comment=b"SECRETCOMMENT")
    assert b"SECRETMAKER" in data and b"SECRETGPSMETHOD" in data and b"SECRETCOMMENT" in data
    photo = import_photo(data)
    for marker in (b"SECRETMAKER", b"SECRETSOFTWARE", b"SECRETGPSMETHOD", b"SECRETCOMMENT", b"Exif", b"GPS"):
        assert marker not in photo.encoded
    assert set(_png_chunks(photo.encoded)) == {b"IHDR", b"IDAT", b"IEND"}  # no eXIf/iTXt/iCCP chunk
    assert Image.open(io.BytesIO(photo.encoded)).getexif() == {}


def test_exif_orientation_is_applied() -> None:
    stored = np.zeros((20, 40, 3), np.uint8)
    stored[:, :20] = (255, 0, 0)  # left half red
    stored[:, 20:] = (0, 0, 255)  # right half blue
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    data = _encode(Image.fromarray(stored), "JPEG", quality=98, exif=exif.tobytes())
    photo = import_photo(data)
    assert photo.orientation == 6
    assert (photo.width, photo.height) == (20, 40)
    top, bottom = photo.rgb[:15].mean(axis=(0, 1)), photo.rgb[25:].mean(axis=(0, 1))
    assert top[0] > 200 and top[2] < 60  # the stored left (red) is now on top
    assert bottom[2] > 200 and bottom[0] < 60


def test_decompression_bomb_is_refused_before_decoding() -> None:
    small = _encode(Image.new("L", (8, 8)), "PNG")
    # Rewrite IHDR to claim 50000×50000 pixels (2.5 gigapixels) and fix its CRC.
    ihdr = bytearray(small[8 : 8 + 25])
    ihdr[8:16] = struct.pack(">II", 50_000, 50_000)
    ihdr[21:25] = struct.pack(">I", zlib.crc32(bytes(ihdr[4:21])))
    bomb = small[:8] + bytes(ihdr) + small[33:]
    with pytest.raises(PhotoImportError) as info:
        import_photo(bomb)
    assert info.value.reason == TOO_MANY_PIXELS


def test_pixel_limit_is_configurable() -> None:
    with pytest.raises(PhotoImportError) as info:
        import_photo(_encode(_textured(100, 100), "PNG"), max_pixels=5_000)
    assert info.value.reason == TOO_MANY_PIXELS and "MP" in info.value.message


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_file_is_a_typed_error(fmt: str) -> None:
    rng = np.random.default_rng(1)
    noisy = Image.fromarray(rng.integers(0, 255, (200, 200, 3), dtype=np.uint8))
    data = _encode(noisy, fmt)
    with pytest.raises(PhotoImportError) as info:
        import_photo(data[: len(data) // 2])
    assert info.value.reason in (TRUNCATED, CORRUPT)
    if fmt == "JPEG":
        assert info.value.reason == TRUNCATED


def test_sixteen_bit_greyscale_png_is_scaled_not_clipped() -> None:
    ramp = (np.arange(256, dtype=np.uint32)[None, :].repeat(4, 0) * 257).astype(np.uint16)
    data = _encode(Image.fromarray(ramp), "PNG")
    photo = import_photo(data)
    assert photo.rgb.shape == (4, 256, 3)
    np.testing.assert_array_equal(photo.rgb[0, :, 0], np.arange(256, dtype=np.uint8))
    np.testing.assert_array_equal(photo.rgb[..., 0], photo.rgb[..., 2])


def test_sixteen_bit_tiff_is_scaled() -> None:
    ramp = np.full((8, 8), 40_000, dtype=np.uint16)
    photo = import_photo(_encode(Image.fromarray(ramp), "TIFF"))
    assert int(photo.rgb[0, 0, 0]) == 40_000 >> 8


def test_cmyk_jpeg_becomes_rgb() -> None:
    data = _encode(Image.new("CMYK", (16, 16), (0, 255, 255, 0)), "JPEG", quality=98)
    photo = import_photo(data)
    r, g, b = photo.rgb.reshape(-1, 3).mean(axis=0)
    assert r > 200 and g < 60 and b < 60


def test_alpha_is_composited_over_white() -> None:
    rgba = np.zeros((4, 4, 4), np.uint8)
    rgba[..., 0] = 255
    rgba[:, :2, 3] = 255  # left opaque red, right fully transparent
    photo = import_photo(_encode(Image.fromarray(rgba, "RGBA"), "PNG"))
    assert tuple(photo.rgb[0, 0]) == (255, 0, 0)
    assert tuple(photo.rgb[0, 3]) == (255, 255, 255)


def test_greyscale_and_palette_become_rgb() -> None:
    grey = import_photo(_encode(Image.new("L", (5, 5), 77), "PNG"))
    assert tuple(grey.rgb[2, 2]) == (77, 77, 77)
    palette = _textured().convert("P")
    pal = import_photo(_encode(palette, "PNG"))
    assert pal.rgb.shape == (48, 64, 3)
    assert np.abs(pal.rgb.astype(int) - np.asarray(palette.convert("RGB")).astype(int)).max() == 0


def test_max_side_uses_reduced_decode_and_bounds_the_result() -> None:
    data = _encode(_textured(800, 600), "JPEG", quality=90)
    photo = import_photo(data, max_side=200)
    assert (photo.width, photo.height) == (200, 150)
    assert photo.source_size == (800, 600)
    png = import_photo(_encode(_textured(300, 100), "PNG"), max_side=150)
    assert (png.width, png.height) == (150, 50)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"", EMPTY),
        (b"this is a text file, not a photo", UNSUPPORTED_FORMAT),
        (b"GIF89a" + b"\x00" * 40, UNSUPPORTED_FORMAT),  # GIF is not an accepted clinical format
    ],
)
def test_non_photos_are_typed_errors(payload: bytes, reason: str) -> None:
    with pytest.raises(PhotoImportError) as info:
        import_photo(payload)
    assert info.value.reason == reason
    assert info.value.message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(PhotoImportError) as info:
        import_photo(tmp_path / "nope.jpg")
    assert info.value.reason == NOT_FOUND
    with pytest.raises(PhotoImportError) as info:
        import_photo(tmp_path)
    assert info.value.reason == UNREADABLE


@pytest.mark.skipif(heif_available(), reason="pillow-heif is installed: HEIC decodes")
def test_heic_without_pillow_heif_says_what_to_do() -> None:
    fake_heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    with pytest.raises(PhotoImportError) as info:
        import_photo(fake_heic)
    assert info.value.reason == HEIC_UNAVAILABLE
    assert "JPEG" in info.value.message


_SEED_JPEG = _encode(_textured(32, 24), "JPEG", quality=80)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, len(_SEED_JPEG) - 1), st.integers(0, 255)), min_size=1, max_size=12),
    st.integers(8, len(_SEED_JPEG)),
)
def test_mutated_jpegs_only_ever_raise_the_typed_error(edits: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(_SEED_JPEG)
    for position, value in edits:
        data[position] = value
    try:
        photo = import_photo(bytes(data[:cut]))
    except PhotoImportError as exc:
        assert exc.reason and exc.message
    else:
        assert photo.rgb.dtype == np.uint8 and photo.rgb.ndim == 3 and photo.rgb.shape[2] == 3


def test_embedded_icc_profile_is_converted_and_dropped() -> None:
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = _encode(_textured(), "PNG", icc_profile=srgb)
    photo = import_photo(data)
    assert photo.colour_managed
    assert np.abs(photo.rgb.astype(int) - np.asarray(_textured()).astype(int)).max() <= 2
    assert b"iCCP" not in photo.encoded
    broken = import_photo(_encode(_textured(), "PNG", icc_profile=b"not a profile"))
    assert not broken.colour_managed  # a broken profile is ignored, the photo still imports
