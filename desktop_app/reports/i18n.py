"""French and English wording of the reports, and language-aware number and date formats.

The PDF is a document of the patient record: it is printed in the clinic's language
(the app language setting), with that language's decimal separator (French "27,5") and
an unambiguous date (day, month name, year) so that 03/04 is never misread across borders.
The GUI uses Qt translations; reports carry their own table because they run without Qt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType

from desktop_app.domain.regions import Region
from desktop_app.domain.scorad import ScoreKind, Sign
from desktop_app.domain.severity import Band, BandSet
from desktop_app.reports.model import Language

_EN: Mapping[str, str] = MappingProxyType(
    {
        "visit_title": "Visit report",
        "history_title": "Severity history",
        "intended_use": (
            "Decision support for trained clinicians; not a diagnosis. Automatic (ASCORAD) values "
            "are proposals that the clinician confirmed or corrected."
        ),
        "intended_use_short": "Decision support for trained clinicians; not a diagnosis.",
        "page": "Page {page} of {pages}",
        "generated": "Generated {when} UTC",
        "patient": "Patient",
        "patient_id": "Patient ID",
        "name": "Name",
        "birth_date": "Birth date",
        "age": "Age",
        "sex": "Sex",
        "visit_date": "Visit date",
        "visit_id": "Visit",
        "clinician": "Clinician",
        "unknown": "not recorded",
        "age_assumed": "unknown (adult figure used)",
        "years": "{n} years",
        "months": "{n} months",
        "figure_adult": "figure age 2 and over",
        "figure_child": "child figure (under 2), maximum extent 96",
        "scores": "Scores",
        "score": "Score",
        "value": "Value",
        "band": "Severity band",
        "band_set": "Severity bands: {name}",
        "band_set_classic": (
            "classic (SCORAD < 25 mild, 25–50 moderate, > 50 severe; oSCORAD < 15, 15–40, > 40)"
        ),
        "band_set_chopra2017": (
            "Chopra et al. 2017 (SCORAD < 10 clear, 10–28.9 mild, 29–48.9 moderate, ≥ 49 severe; "
            "oSCORAD < 8, 8–23.9, 24–37.9, ≥ 38)"
        ),
        "scorad": "SCORAD",
        "oscorad": "Objective SCORAD (oSCORAD)",
        "po_scorad": "PO-SCORAD (patient-oriented)",
        "formula": "SCORAD = A/5 + 7B/2 + C; oSCORAD = A/5 + 7B/2",
        "items": "Items",
        "item": "Item",
        "confirmed": "Clinician (confirmed)",
        "proposal": "ASCORAD proposal",
        "patient_col": "Patient (PO-SCORAD)",
        "status": "Status",
        "corrected": "corrected",
        "accepted": "accepted",
        "not_scored": "no photo",
        "completed": "completed",
        "easi_title": "EASI (Eczema Area and Severity Index, 0–72)",
        "easi_region": "Region",
        "easi_area": "Area score (0–6)",
        "easi_multiplier": "Weight",
        "easi_region_score": "Region score",
        "easi_total": "EASI",
        "easi_formula": "Region score = sum of the four signs × area score × weight (Hanifin et al. 2001).",
        "easi_head_neck": "Head and neck",
        "easi_upper_limbs": "Upper limbs",
        "easi_trunk": "Trunk",
        "easi_lower_limbs": "Lower limbs",
        "easi_erythema": "Erythema",
        "easi_induration_papulation": "Induration / papulation",
        "easi_excoriation": "Excoriation",
        "easi_lichenification": "Lichenification",
        "confidence_note": "In brackets after an ASCORAD grade: the estimator’s confidence in it.",
        "figure": "Body figure",
        "source_clinician": "clinician",
        "source_patient": "patient",
        "source_proposal": "ASCORAD proposal",
        "a_extent": "A – extent (% of body surface)",
        "b_intensity": "B – intensity (0–18)",
        "c_subjective": "C – itch + sleep loss (0–20)",
        "pruritus": "Itch (pruritus), 0–10",
        "sleeplessness": "Sleep loss, 0–10",
        "region_pct": "{region}, % affected",
        "not_assessed": "—",
        "no_c": "C not recorded: SCORAD not computed",
        "body_map": "Body map: % of each region affected ({source})",
        "front": "Front",
        "back_view": "Back",
        "left": "L",
        "right": "R",
        "legend": "Affected fraction of the region",
        "region": "Region",
        "affected": "% affected",
        "weight": "Weight",
        "contribution": "Contribution to A",
        "total_a": "Total A",
        "trend": "Trend",
        "trend_axis": "Score",
        "forecast": "Forecast",
        "forecast_line": (
            "Forecast {kind} for {when}: median {median} (50 % interval {low50}–{high50}, "
            "90 % interval {low90}–{high90}); probability of a flare {p}; based on {n} visits."
        ),
        "no_forecast": "No forecast (it needs at least 3 past assessments).",
        "flare_definition": (
            "A flare is a score of {threshold} or more: a rise of at least the minimal clinically "
            "important difference ({mcid}) or a worse severity band."
        ),
        "legend_band50": "forecast 50 % interval",
        "legend_band90": "forecast 90 % interval",
        "legend_median": "forecast median",
        "photos": "Photos",
        "lesion": "lesion {pct} % of visible skin",
        "lesion_outline": (
            "Red outline: the lesion area that was scored (ASCORAD mask or the clinician’s correction)."
        ),
        "forecast_component": "Forecast (Kalman state-space model)",
        "params_default": "default parameters",
        "params_fitted": "parameters fitted on {n} patients",
        "sex_female": "female",
        "sex_male": "male",
        "sex_other": "other",
        "sex_unknown": "not recorded",
        "no_region": "region not tagged",
        "provenance": "Automatic results: provenance",
        "component": "Component",
        "version": "Version",
        "weights": "Weights SHA-256",
        "time": "Time (UTC)",
        "image_hashes": "Photo SHA-256",
        "no_automatic": "No automatic result in this visit.",
        "signature": "Clinician signature",
        "date_line": "Date",
        "history_table": "Visits",
        "date": "Date",
        "n_visits": "{n} visits from {first} to {last}",
    }
)

_FR: Mapping[str, str] = MappingProxyType(
    {
        "visit_title": "Compte rendu de consultation",
        "history_title": "Historique de sévérité",
        "intended_use": (
            "Aide à la décision destinée aux cliniciens formés ; ne constitue pas un diagnostic. "
            "Les valeurs automatiques (ASCORAD) sont des propositions confirmées ou corrigées par le "
            "clinicien."
        ),
        "intended_use_short": (
            "Aide à la décision destinée aux cliniciens formés ; ne constitue pas un diagnostic."
        ),
        "page": "Page {page} sur {pages}",
        "generated": "Édité le {when} UTC",
        "patient": "Patient",
        "patient_id": "Identifiant patient",
        "name": "Nom",
        "birth_date": "Date de naissance",
        "age": "Âge",
        "sex": "Sexe",
        "visit_date": "Date de consultation",
        "visit_id": "Consultation",
        "clinician": "Clinicien",
        "unknown": "non renseigné",
        "age_assumed": "inconnu (figure adulte utilisée)",
        "years": "{n} ans",
        "months": "{n} mois",
        "figure_adult": "figure à partir de 2 ans",
        "figure_child": "figure de l’enfant de moins de 2 ans, étendue maximale 96",
        "scores": "Scores",
        "score": "Score",
        "value": "Valeur",
        "band": "Sévérité",
        "band_set": "Seuils de sévérité : {name}",
        "band_set_classic": (
            "classiques (SCORAD < 25 léger, 25–50 modéré, > 50 sévère ; oSCORAD < 15, 15–40, > 40)"
        ),
        "band_set_chopra2017": (
            "Chopra et al. 2017 (SCORAD < 10 blanchi, 10–28,9 léger, 29–48,9 modéré, ≥ 49 sévère ; "
            "oSCORAD < 8, 8–23,9, 24–37,9, ≥ 38)"
        ),
        "scorad": "SCORAD",
        "oscorad": "SCORAD objectif (oSCORAD)",
        "po_scorad": "PO-SCORAD (évalué par le patient)",
        "formula": "SCORAD = A/5 + 7B/2 + C ; oSCORAD = A/5 + 7B/2",
        "items": "Items",
        "item": "Item",
        "confirmed": "Clinicien (confirmé)",
        "proposal": "Proposition ASCORAD",
        "patient_col": "Patient (PO-SCORAD)",
        "status": "Statut",
        "corrected": "corrigé",
        "accepted": "accepté",
        "not_scored": "pas de photo",
        "completed": "complété",
        "easi_title": "EASI (Eczema Area and Severity Index, 0–72)",
        "easi_region": "Région",
        "easi_area": "Score de surface (0–6)",
        "easi_multiplier": "Poids",
        "easi_region_score": "Score de la région",
        "easi_total": "EASI",
        "easi_formula": (
            "Score de la région = somme des quatre signes × score de surface × poids (Hanifin et al. 2001)."
        ),
        "easi_head_neck": "Tête et cou",
        "easi_upper_limbs": "Membres supérieurs",
        "easi_trunk": "Tronc",
        "easi_lower_limbs": "Membres inférieurs",
        "easi_erythema": "Érythème",
        "easi_induration_papulation": "Induration / papules",
        "easi_excoriation": "Excoriation",
        "easi_lichenification": "Lichénification",
        "confidence_note": "Entre parenthèses après un grade ASCORAD : la confiance de l’estimateur.",
        "figure": "Figure corporelle",
        "source_clinician": "clinicien",
        "source_patient": "patient",
        "source_proposal": "proposition ASCORAD",
        "a_extent": "A – étendue (% de surface corporelle)",
        "b_intensity": "B – intensité (0–18)",
        "c_subjective": "C – prurit + perte de sommeil (0–20)",
        "pruritus": "Prurit, 0–10",
        "sleeplessness": "Perte de sommeil, 0–10",
        "region_pct": "{region}, % atteint",
        "not_assessed": "—",
        "no_c": "C non renseigné : SCORAD non calculé",
        "body_map": "Schéma corporel : % de chaque région atteint ({source})",
        "front": "Face",
        "back_view": "Dos",
        "left": "G",
        "right": "D",
        "legend": "Fraction atteinte de la région",
        "region": "Région",
        "affected": "% atteint",
        "weight": "Poids",
        "contribution": "Contribution à A",
        "total_a": "Total A",
        "trend": "Évolution",
        "trend_axis": "Score",
        "forecast": "Prévision",
        "forecast_line": (
            "Prévision {kind} pour le {when} : médiane {median} (intervalle à 50 % {low50}–{high50}, "
            "à 90 % {low90}–{high90}) ; probabilité de poussée {p} ; fondée sur {n} consultations."
        ),
        "no_forecast": "Pas de prévision (il faut au moins 3 évaluations antérieures).",
        "flare_definition": (
            "Une poussée est un score d’au moins {threshold} : une hausse d’au moins la différence "
            "minimale cliniquement importante ({mcid}) ou le passage à une sévérité supérieure."
        ),
        "legend_band50": "prévision, intervalle à 50 %",
        "legend_band90": "prévision, intervalle à 90 %",
        "legend_median": "prévision, médiane",
        "photos": "Photos",
        "lesion": "lésion {pct} % de la peau visible",
        "lesion_outline": (
            "Contour rouge : zone lésionnelle évaluée (masque ASCORAD ou correction du clinicien)."
        ),
        "forecast_component": "Prévision (modèle espace d’états, Kalman)",
        "params_default": "paramètres par défaut",
        "params_fitted": "paramètres ajustés sur {n} patients",
        "sex_female": "féminin",
        "sex_male": "masculin",
        "sex_other": "autre",
        "sex_unknown": "non renseigné",
        "no_region": "région non indiquée",
        "provenance": "Résultats automatiques : traçabilité",
        "component": "Composant",
        "version": "Version",
        "weights": "SHA-256 des poids",
        "time": "Heure (UTC)",
        "image_hashes": "SHA-256 des photos",
        "no_automatic": "Aucun résultat automatique pour cette consultation.",
        "signature": "Signature du clinicien",
        "date_line": "Date",
        "history_table": "Consultations",
        "date": "Date",
        "n_visits": "{n} consultations du {first} au {last}",
    }
)

_REGIONS: Mapping[Language, Mapping[Region, str]] = MappingProxyType(
    {
        Language.EN: MappingProxyType(
            {
                Region.HEAD_NECK: "Head and neck",
                Region.UPPER_LIMB_LEFT: "Left upper limb",
                Region.UPPER_LIMB_RIGHT: "Right upper limb",
                Region.TRUNK_FRONT: "Trunk (front)",
                Region.BACK: "Back",
                Region.LOWER_LIMB_LEFT: "Left lower limb",
                Region.LOWER_LIMB_RIGHT: "Right lower limb",
                Region.GENITALS: "Genitals",
            }
        ),
        Language.FR: MappingProxyType(
            {
                Region.HEAD_NECK: "Tête et cou",
                Region.UPPER_LIMB_LEFT: "Membre supérieur gauche",
                Region.UPPER_LIMB_RIGHT: "Membre supérieur droit",
                Region.TRUNK_FRONT: "Tronc (face antérieure)",
                Region.BACK: "Dos",
                Region.LOWER_LIMB_LEFT: "Membre inférieur gauche",
                Region.LOWER_LIMB_RIGHT: "Membre inférieur droit",
                Region.GENITALS: "Organes génitaux",
            }
        ),
    }
)

_SIGNS: Mapping[Language, Mapping[Sign, str]] = MappingProxyType(
    {
        Language.EN: MappingProxyType(
            {
                Sign.ERYTHEMA: "Erythema (redness)",
                Sign.OEDEMA_PAPULATION: "Oedema/papulation",
                Sign.OOZING_CRUSTS: "Oozing/crusts",
                Sign.EXCORIATIONS: "Excoriations",
                Sign.LICHENIFICATION: "Lichenification",
                Sign.DRYNESS: "Dryness (uninvolved skin)",
            }
        ),
        Language.FR: MappingProxyType(
            {
                Sign.ERYTHEMA: "Érythème (rougeur)",
                Sign.OEDEMA_PAPULATION: "Œdème/papules",
                Sign.OOZING_CRUSTS: "Suintement/croûtes",
                Sign.EXCORIATIONS: "Excoriations",
                Sign.LICHENIFICATION: "Lichénification",
                Sign.DRYNESS: "Sécheresse (peau non atteinte)",
            }
        ),
    }
)

_BANDS: Mapping[Language, Mapping[Band, str]] = MappingProxyType(
    {
        Language.EN: MappingProxyType(
            {Band.CLEAR: "clear", Band.MILD: "mild", Band.MODERATE: "moderate", Band.SEVERE: "severe"}
        ),
        Language.FR: MappingProxyType(
            {Band.CLEAR: "blanchi", Band.MILD: "léger", Band.MODERATE: "modéré", Band.SEVERE: "sévère"}
        ),
    }
)

_KIND_SHORT: Mapping[ScoreKind, str] = MappingProxyType(
    {ScoreKind.SCORAD: "SCORAD", ScoreKind.OSCORAD: "oSCORAD", ScoreKind.PO_SCORAD: "PO-SCORAD"}
)

_MONTHS: Mapping[Language, tuple[str, ...]] = MappingProxyType(
    {
        Language.EN: ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
        Language.FR: (
            "janv.",
            "févr.",
            "mars",
            "avr.",
            "mai",
            "juin",
            "juil.",
            "août",
            "sept.",
            "oct.",
            "nov.",
            "déc.",
        ),
    }
)


class Wording:
    """The strings and formats of one language."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._table = _FR if language is Language.FR else _EN

    def __call__(self, key: str, **values: object) -> str:
        text = self._table[key]
        return text.format(**values) if values else text

    def region(self, region: Region) -> str:
        return _REGIONS[self.language][region]

    def sign(self, sign: Sign) -> str:
        return _SIGNS[self.language][sign]

    def sex(self, code: str | None) -> str:
        """Storage's codes (female, male, other, unknown) in words; anything else as recorded."""
        if not code:
            return self("sex_unknown")
        key = f"sex_{code.lower()}"
        return self(key) if key in self._table else code

    def band(self, band: Band) -> str:
        return _BANDS[self.language][band]

    def band_set(self, band_set: BandSet) -> str:
        return self("band_set", name=self(f"band_set_{band_set.value}"))

    def kind(self, kind: ScoreKind) -> str:
        return self(kind.value)

    def kind_short(self, kind: ScoreKind) -> str:
        return _KIND_SHORT[kind]

    def number(self, value: float, decimals: int = 1) -> str:
        """Fixed decimals with the language's separator (French: comma)."""
        text = f"{value:.{decimals}f}"
        return text.replace(".", ",") if self.language is Language.FR else text

    def percent(self, fraction: float) -> str:
        """A fraction 0-1 as a whole percent when whole, else one decimal."""
        pct = round(fraction * 100, 1)
        return self.number(pct, 0 if pct.is_integer() else 1)

    def date(self, day: dt.date) -> str:
        return f"{day.day} {_MONTHS[self.language][day.month - 1]} {day.year}"

    def short_date(self, day: dt.date) -> str:
        """Axis labels: month and year only."""
        return f"{_MONTHS[self.language][day.month - 1]} {day.year}"

    def datetime(self, moment: dt.datetime) -> str:
        return f"{self.date(moment.date())} {moment:%H:%M}"

    def age(self, years: float | None) -> str:
        if years is None:
            return self("age_assumed")
        months = int(years * 12 + 1e-9)  # completed months, as ages are told
        if months < 24:
            return self("months", n=months)
        return self("years", n=months // 12)
