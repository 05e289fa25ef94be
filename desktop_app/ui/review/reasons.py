"""Screen wording for the quality checks, their instructions, ASCORAD's refusal reasons and
why a photo file could not be imported.

The imaging and ASCORAD services speak English with stable codes (category names, reason
codes, the instruction strings of ``desktop_app.imaging.quality``, the ``reason`` of a
``PhotoImportError``); every sentence a user sees
goes through Qt's translator here, so the capture screen and the review switch language with
the rest of the app. An instruction the table does not know is shown as the service wrote it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_app.imaging import importer
from desktop_app.ui.capture.visit_photos import PhotoTooSmallError

translate = QCoreApplication.translate


def category_label(name: str) -> str:
    return {
        "framing": translate("Capture", "Framing"),
        "lighting": translate("Capture", "Lighting"),
        "blur": translate("Capture", "Focus"),
        "resolution": translate("Capture", "Resolution"),
        "distance": translate("Capture", "Distance"),
        "glare": translate("Capture", "Glare"),
        "colour_cast": translate("Capture", "Colour"),
    }.get(name, name)


def instruction_text(text: str) -> str:
    """The translated one-line instruction of a quality category."""
    return {
        "Ready": translate("Capture", "Ready — hold still"),
        "Resolution OK": translate("Capture", "Resolution OK"),
        "Use a higher camera resolution": translate("Capture", "Use a higher camera resolution"),
        "Too dark — add light": translate("Capture", "Too dark — add light"),
        "Too bright — reduce light or turn off the flash": translate(
            "Capture", "Too bright — reduce light or turn off the flash"
        ),
        "Lighting OK": translate("Capture", "Lighting OK"),
        "Distance OK": translate("Capture", "Distance OK"),
        "Move closer": translate("Capture", "Move closer"),
        "Move back": translate("Capture", "Move back"),
        "Place the dermatoscope flat on the skin": translate(
            "Capture", "Place the dermatoscope flat on the skin"
        ),
        "Centre the lesion": translate("Capture", "Centre the lesion"),
        "Framing OK": translate("Capture", "Framing OK"),
        "In focus": translate("Capture", "In focus"),
        "Hold still": translate("Capture", "Hold still"),
        "Hold still — let the camera focus": translate("Capture", "Hold still — let the camera focus"),
        "No glare": translate("Capture", "No glare"),
        "Tilt to remove glare": translate("Capture", "Tilt to remove glare"),
        "Colours OK": translate("Capture", "Colours OK"),
        "Colour cast — use white light, switch off coloured lamps": translate(
            "Capture", "Colour cast — use white light, switch off coloured lamps"
        ),
    }.get(text, text)


def status_label(status: str) -> str:
    return {
        "pass": translate("Capture", "good"),
        "warn": translate("Capture", "borderline"),
        "fail": translate("Capture", "fix this"),
    }.get(status, status)


def refusal_text(reason: str | None) -> tuple[str, str]:
    """(what went wrong, how to fix it) for an ASCORAD refusal code."""
    code = reason or ""
    if code.startswith("quality_failed:"):
        category = code.split(":", 1)[1]
        fixes = {
            "lighting": translate(
                "Review", "Add light (or reduce it if the skin looks washed out) and retake."
            ),
            "blur": translate("Review", "Hold the camera still, let it focus, and retake."),
            "resolution": translate("Review", "Choose a higher camera resolution and retake."),
            "glare": translate(
                "Review", "Tilt the camera or the light until the shiny spots go, and retake."
            ),
            "colour_cast": translate("Review", "Use white light, switch off coloured lamps, and retake."),
            "framing": translate("Review", "Centre the affected skin in the guide and retake."),
            "distance": translate("Review", "Move closer so the skin fills the guide, and retake."),
        }
        return (
            translate("Review", "The photo failed the quality check: %1.").replace(
                "%1", category_label(category)
            ),
            fixes.get(category, translate("Review", "Retake the photo.")),
        )
    if code == "no_colour":
        return (
            translate("Review", "This photo is black and white: ASCORAD needs colour to read redness."),
            translate(
                "Review", "Switch the camera to colour (not a monochrome or infrared mode) and retake."
            ),
        )
    if code == "not_skin":
        return (
            translate("Review", "No skin was found in this photo."),
            translate("Review", "Point the camera at the affected skin, fill the guide with it, and retake."),
        )
    if code == "too_little_skin":
        return (
            translate("Review", "Too little skin is visible to score this photo."),
            translate("Review", "Move closer so the skin fills most of the picture, and retake."),
        )
    return (
        translate("Review", "This photo could not be scored (%1).").replace("%1", code or "?"),
        translate("Review", "Retake the photo, or grade this area yourself."),
    )


def import_problem(exc: importer.PhotoImportError) -> str:
    """Why a photo file was not imported, in the screen's language (the importer's own English
    message for a reason this table does not know)."""
    if isinstance(exc, PhotoTooSmallError):
        return (
            translate(
                "Capture",
                "The photo is only %1×%2 pixels: too small or too narrow for ASCORAD to assess "
                "(a thumbnail or a panorama?). Import the original photo.",
            )
            .replace("%1", str(exc.width))
            .replace("%2", str(exc.height))
        )
    known = {
        importer.NOT_FOUND: translate(
            "Capture", "It is no longer there (moved or deleted after it was chosen)."
        ),
        importer.UNREADABLE: translate(
            "Capture", "It cannot be read (no permission, a folder, or a drive that was removed)."
        ),
        importer.EMPTY: translate("Capture", "It is empty (0 bytes): it is not a photo."),
        importer.FILE_TOO_LARGE: translate("Capture", "It is too large to be a photo file."),
        importer.TOO_MANY_PIXELS: translate(
            "Capture", "It has too many pixels to open safely: export a smaller copy."
        ),
        importer.UNSUPPORTED_FORMAT: translate(
            "Capture", "It is not a photo in a supported format (JPEG, PNG, TIFF, HEIC, WebP, BMP)."
        ),
        importer.HEIC_UNAVAILABLE: translate(
            "Capture",
            "It is a HEIC/HEIF photo (iPhone format), which needs the optional pillow-heif package: "
            "export it as JPEG, or install pillow-heif.",
        ),
        importer.TRUNCATED: translate(
            "Capture", "It is incomplete (cut short during copying): copy it again."
        ),
        importer.CORRUPT: translate("Capture", "It is damaged and cannot be decoded."),
        importer.UNSUPPORTED_PIXELS: translate("Capture", "It holds data that is not a picture."),
    }
    return known.get(exc.reason, exc.message)
