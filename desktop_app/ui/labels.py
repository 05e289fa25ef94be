"""Translated display names for domain values (regions, signs, bands, score kinds).

The domain keeps English identifiers and labels for files and the CLI; every label a user
sees goes through Qt's translator here, so switching to French changes all of them.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import ScoreKind, Sign
from desktop_app.domain.severity import Band, BandSet

translate = QCoreApplication.translate


def region_label(region: Region) -> str:
    return {
        Region.HEAD_NECK: translate("Labels", "Head and neck"),
        Region.UPPER_LIMB_LEFT: translate("Labels", "Left upper limb"),
        Region.UPPER_LIMB_RIGHT: translate("Labels", "Right upper limb"),
        Region.TRUNK_FRONT: translate("Labels", "Trunk (front)"),
        Region.BACK: translate("Labels", "Back"),
        Region.LOWER_LIMB_LEFT: translate("Labels", "Left lower limb"),
        Region.LOWER_LIMB_RIGHT: translate("Labels", "Right lower limb"),
        Region.GENITALS: translate("Labels", "Genitals"),
    }[region]


def sign_label(sign: Sign) -> str:
    return {
        Sign.ERYTHEMA: translate("Labels", "Erythema (redness)"),
        Sign.OEDEMA_PAPULATION: translate("Labels", "Oedema/papulation"),
        Sign.OOZING_CRUSTS: translate("Labels", "Oozing/crusts"),
        Sign.EXCORIATIONS: translate("Labels", "Excoriations"),
        Sign.LICHENIFICATION: translate("Labels", "Lichenification"),
        Sign.DRYNESS: translate("Labels", "Dryness (on uninvolved skin)"),
    }[sign]


def sign_description(sign: Sign) -> str:
    """One line a clinician reads to grade the item on a representative area."""
    return {
        Sign.ERYTHEMA: translate("Labels", "Redness of the eczema, from faint pink to deep red."),
        Sign.OEDEMA_PAPULATION: translate("Labels", "Swelling and raised bumps you can see or feel."),
        Sign.OOZING_CRUSTS: translate("Labels", "Weeping fluid and the yellow crusts it leaves."),
        Sign.EXCORIATIONS: translate("Labels", "Scratch marks: linear scratches and erosions."),
        Sign.LICHENIFICATION: translate("Labels", "Thickened skin with exaggerated skin lines."),
        Sign.DRYNESS: translate("Labels", "Dryness and scaling, judged on skin without eczema."),
    }[sign]


def grade_label(grade: int) -> str:
    return (
        translate("Labels", "None"),
        translate("Labels", "Mild"),
        translate("Labels", "Moderate"),
        translate("Labels", "Severe"),
    )[grade]


def lay_sign_question(sign: Sign) -> str:
    """PO-SCORAD wording for patients and parents (Stalder et al., Allergy 2011)."""
    return {
        Sign.DRYNESS: translate("Labels", "How dry is the skin where there is no eczema?"),
        Sign.ERYTHEMA: translate("Labels", "How red is the eczema?"),
        Sign.OEDEMA_PAPULATION: translate("Labels", "How swollen is the eczema?"),
        Sign.OOZING_CRUSTS: translate("Labels", "Is the eczema oozing or crusted?"),
        Sign.EXCORIATIONS: translate("Labels", "Are there scratch marks?"),
        Sign.LICHENIFICATION: translate("Labels", "Is the skin thickened?"),
    }[sign]


def lay_grade_label(grade: int) -> str:
    return (
        translate("Labels", "Not at all"),
        translate("Labels", "A little"),
        translate("Labels", "Quite a lot"),
        translate("Labels", "A lot"),
    )[grade]


def band_label(band: Band) -> str:
    return {
        Band.CLEAR: translate("Labels", "Clear"),
        Band.MILD: translate("Labels", "Mild"),
        Band.MODERATE: translate("Labels", "Moderate"),
        Band.SEVERE: translate("Labels", "Severe"),
    }[band]


def band_set_label(band_set: BandSet) -> str:
    return {
        BandSet.CLASSIC: translate("Labels", "Classic (mild < 25 ≤ moderate ≤ 50 < severe)"),
        BandSet.CHOPRA2017: translate("Labels", "Chopra 2017 (clear, mild, moderate, severe)"),
    }[band_set]


def kind_label(kind: ScoreKind | str) -> str:
    return {
        "scorad": translate("Labels", "SCORAD"),
        "oscorad": translate("Labels", "oSCORAD"),
        "po_scorad": translate("Labels", "PO-SCORAD"),
        "ascorad": translate("Labels", "ASCORAD"),
    }[str(kind)]
