"""French for the capture/review/compare strings: fills resources/translations/capture_fr.ts
and compiles capture_fr.qm. Re-run after ``pyside6-lupdate`` added strings (see docs/capture-review.md).

    .venv/bin/python tools/capture_translations_fr.py
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "capture_fr.ts"
QM = TS.with_suffix(".qm")

FRENCH: dict[str, str] = {
    "Camera": "Caméra",
    "Resolution": "Résolution",
    "Profile": "Profil",
    "Clinical photo": "Photo clinique",
    "Dermatoscope": "Dermatoscope",
    "Find cameras": "Chercher les caméras",
    "Import from file…": "Importer un fichier…",
    "Source": "Source",
    "Looking for cameras…": "Recherche des caméras…",
    "Demo camera (synthetic skin, for training)": "Caméra de démonstration (peau synthétique, "
    "pour s'exercer)",
    "%1 camera(s) found": "%1 caméra(s) trouvée(s)",
    "Asked %1, got %2": "Demandé %1, obtenu %2",
    "The camera stopped sending pictures (unplugged or taken by another program). Check the cable; "
    "reconnecting automatically…": "La caméra n'envoie plus d'images (débranchée ou prise par un autre "
    "programme). Vérifiez le câble ; reconnexion automatique…",
    "The camera could not be reached. Check the cable, then press Reconnect now.": "La caméra est "
    "injoignable. Vérifiez le câble, puis appuyez sur Reconnecter.",
    "The recording has ended.": "L'enregistrement est terminé.",
    "Starting the camera…": "Démarrage de la caméra…",
    "Capture (Space)": "Prendre la photo (Espace)",
    "Capture automatically when everything is green": "Prendre automatiquement quand tout est vert",
    "Reconnect now": "Reconnecter",
    "Everything is green: click the region to let auto-capture take it.": "Tout est vert : cliquez la "
    "région pour que la prise automatique se déclenche.",
    "Body region of the photo": "Région du corps photographiée",
    "Photo capture is disabled: this patient has not consented to photos. Record the consent in the "
    "patient's record to take photos.": "Prise de photos désactivée : ce patient n'a pas consenti aux "
    "photos. Enregistrez le consentement dans son dossier pour photographier.",
    "The patient has not consented to photos.": "Le patient n'a pas consenti aux photos.",
    "Click the body region this photo shows to keep it.": "Cliquez la région du corps que montre la photo "
    "pour la garder.",
    "Click the region you are photographing.": "Cliquez la région que vous photographiez.",
    "Next photo: %1": "Prochaine photo : %1",
    "Preview %1 frames/s": "Aperçu %1 images/s",
    "Camera preview": "Aperçu de la caméra",
    "Waiting for the camera…": "En attente de la caméra…",
    "no picture": "pas d'image",
    "Tag the region": "Indiquer la région",
    "Error": "Erreur",
    "Saving…": "Enregistrement…",
    "Scoring…": "Calcul…",
    "Reading photo…": "Lecture de la photo…",
    "Reading %1…": "Lecture de %1…",
    "Refused — retake": "Refusée — à reprendre",
    "Reviewed": "Revue",
    "Proposal ready": "Proposition prête",
    "Photos of this visit": "Photos de cette consultation",
    "Delete photo": "Supprimer la photo",
    "Retake": "Reprendre",
    "Framing": "Cadrage",
    "Lighting": "Éclairage",
    "Focus": "Netteté",
    "Distance": "Distance",
    "Glare": "Reflets",
    "Colour": "Couleur",
    "Ready — hold still": "Prêt — ne bougez plus",
    "Resolution OK": "Résolution correcte",
    "Use a higher camera resolution": "Choisissez une résolution plus élevée",
    "Too dark — add light": "Trop sombre — ajoutez de la lumière",
    "Too bright — reduce light or turn off the flash": "Trop clair — baissez la lumière ou coupez le flash",
    "Lighting OK": "Éclairage correct",
    "Distance OK": "Distance correcte",
    "Move closer": "Rapprochez-vous",
    "Move back": "Reculez",
    "Place the dermatoscope flat on the skin": "Posez le dermatoscope à plat sur la peau",
    "Centre the lesion": "Centrez la lésion",
    "Framing OK": "Cadrage correct",
    "In focus": "Image nette",
    "Hold still": "Ne bougez plus",
    "Hold still — let the camera focus": "Ne bougez plus — laissez la caméra faire la mise au point",
    "No glare": "Pas de reflets",
    "Tilt to remove glare": "Inclinez pour supprimer les reflets",
    "Colours OK": "Couleurs correctes",
    "Colour cast — use white light, switch off coloured lamps": "Dominante de couleur — lumière blanche, "
    "éteignez les lampes colorées",
    "good": "bon",
    "borderline": "limite",
    "fix this": "à corriger",
    "◀ Take another photo": "◀ Prendre une autre photo",
    "Compare with earlier visits…": "Comparer aux consultations précédentes…",
    "1 · Capture": "1 · Prise de vue",
    "2 · Review ASCORAD": "2 · Revue ASCORAD",
    "Loading the ASCORAD model…": "Chargement du modèle ASCORAD…",
    "Photos and ASCORAD": "Photos et ASCORAD",
    "Tag the body region of every photo (click the body map) or delete it.": "Indiquez la région du corps "
    "de chaque photo (cliquez le schéma) ou supprimez-la.",
    "Photos are still being saved or scored; try again in a moment.": "Des photos sont encore en cours "
    "d'enregistrement ou de calcul ; réessayez dans un instant.",
    "ASCORAD is not available (%1). Photos are kept; grade the visit yourself.": "ASCORAD n'est pas "
    "disponible (%1). Les photos sont gardées ; cotez la consultation vous-même.",
    "Import a photo": "Importer une photo",
    "Photos (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif *.webp *.bmp)": "Photos (*.jpg *.jpeg *.png "
    "*.tif *.tiff *.heic *.heif *.webp *.bmp)",
    "%1 (click another region to change it)": "%1 (cliquez une autre région pour la changer)",
    "%1 photo(s). No ASCORAD proposal yet.": "%1 photo(s). Pas encore de proposition ASCORAD.",
    "proposal: A %1 · B %2 · objective %3": "proposition : A %1 · B %2 · objectif %3",
    "No photo of: %1 — grade those regions in the form.": "Pas de photo de : %1 — cotez ces régions dans "
    "le formulaire.",
    "%1 proposal (objective) %2": "proposition %1 (objectif) %2",
    "confirmed by the clinician": "confirmée par le clinicien",
    "corrected by the clinician": "corrigée par le clinicien",
    "lesion %1 % of the skin": "lésion %1 % de la peau",
    "Body region": "Région du corps",
    "Fit both": "Ajuster les deux",
    "Region": "Région",
    "Earlier photo": "Photo antérieure",
    "Later photo": "Photo ultérieure",
    "No photos of this patient to compare yet.": "Pas encore de photos de ce patient à comparer.",
    "Only one visit has photos of this region so far.": "Une seule consultation a des photos de cette "
    "région pour l'instant.",
    "Compare photos": "Comparer les photos",
    "Close": "Fermer",
    "Photos per visit": "Photos par consultation",
    "No photos for this patient.": "Pas de photos pour ce patient.",
    "lesion %1 %": "lésion %1 %",
    "Double-click to compare this region across visits": "Double-cliquez pour comparer cette région entre "
    "consultations",
    "Proposed by ASCORAD from the photos: check it, change it if needed.": "Proposé par ASCORAD d'après "
    "les photos : vérifiez, modifiez si besoin.",
    "ASCORAD proposal": "Proposition ASCORAD",
    "ASCORAD unsure — set it": "ASCORAD incertain — à coter",
    "Photo with the lesion mask": "Photo avec le masque des lésions",
    "No photo selected": "Aucune photo choisie",
    "Show lesion mask": "Afficher le masque des lésions",
    "Mask opacity": "Opacité du masque",
    "Opacity": "Opacité",
    "Look": "Regarder",
    "Brush (add lesion)": "Pinceau (ajouter)",
    "Eraser": "Gomme",
    "Brush size": "Taille du pinceau",
    "Undo": "Annuler",
    "Sign": "Signe",
    "ASCORAD\n(confidence)": "ASCORAD\n(confiance)",
    "Your grade": "Votre cote",
    "<span style='color:%1'><b>Orange</b></span> grade: ASCORAD's, rounded. Black: yours. Click your grade "
    "again to undo it.": "Cote en <span style='color:%1'><b>orange</b></span> : celle d'ASCORAD, arrondie. "
    "En noir : la vôtre. Recliquez votre cote pour l'annuler.",
    "Confirm this photo's review": "Confirmer la revue de cette photo",
    "ASCORAD is decision support, not a diagnosis: check the mask and every grade.": "ASCORAD est une aide "
    "à la décision, pas un diagnostic : vérifiez le masque et chaque cote.",
    "Retake this photo": "Reprendre cette photo",
    "Take or choose a photo to review its ASCORAD proposal.": "Prenez ou choisissez une photo pour revoir "
    "sa proposition ASCORAD.",
    "This photo could not be scored: %1": "Cette photo n'a pas pu être évaluée : %1",
    "ASCORAD is scoring this photo…": "ASCORAD évalue cette photo…",
    "no region yet": "pas encore de région",
    "ASCORAD proposal — %1": "Proposition ASCORAD — %1",
    "Lesion: %1 % of the visible skin": "Lésion : %1 % de la peau visible",
    "(corrected; ASCORAD said %1 %)": "(corrigé ; ASCORAD proposait %1 %)",
    "ASCORAD marked only clearly red skin: it sees few eczema signs in this photo. "
    "Paint any lesion it missed.": "ASCORAD n'a marqué que la peau nettement rouge : il voit peu de "
    "signes d'eczéma sur cette photo. Ajoutez au pinceau toute lésion oubliée.",
    "ASCORAD grade %1, confidence %2 %": "Cote ASCORAD %1, confiance %2 %",
    "⚠ unsure: set it": "⚠ incertain : à coter",
    "ASCORAD is unsure of %1: grade them yourself.": "ASCORAD est incertain pour %1 : cotez-les vous-même.",
    "Corrected by you; saved with the visit as an annotation.": "Corrigé par vous ; enregistré avec la "
    "consultation comme annotation.",
    "Confirmed by you.": "Confirmé par vous.",
    "Not reviewed yet.": "Pas encore revu.",
    "Add light (or reduce it if the skin looks washed out) and retake.": "Ajoutez de la lumière (ou "
    "baissez-la si la peau paraît délavée) et reprenez la photo.",
    "Hold the camera still, let it focus, and retake.": "Tenez la caméra immobile, laissez-la faire la mise "
    "au point, et reprenez la photo.",
    "Choose a higher camera resolution and retake.": "Choisissez une résolution plus élevée et reprenez la "
    "photo.",
    "Tilt the camera or the light until the shiny spots go, and retake.": "Inclinez la caméra ou la lumière "
    "jusqu'à ce que les reflets disparaissent, et reprenez la photo.",
    "Use white light, switch off coloured lamps, and retake.": "Utilisez une lumière blanche, éteignez les "
    "lampes colorées, et reprenez la photo.",
    "Centre the affected skin in the guide and retake.": "Centrez la peau atteinte dans le cadre et reprenez "
    "la photo.",
    "Move closer so the skin fills the guide, and retake.": "Rapprochez-vous pour que la peau remplisse le "
    "cadre, et reprenez la photo.",
    "The photo failed the quality check: %1.": "La photo n'a pas passé le contrôle de qualité : %1.",
    "Retake the photo.": "Reprenez la photo.",
    "This photo is black and white: ASCORAD needs colour to read redness.": "Cette photo est en noir et "
    "blanc : l'ASCORAD a besoin des couleurs pour lire la rougeur.",
    "Switch the camera to colour (not a monochrome or infrared mode) and retake.": "Passez la caméra en "
    "couleur (pas en mode monochrome ou infrarouge) et reprenez la photo.",
    "No skin was found in this photo.": "Aucune peau n'a été trouvée sur cette photo.",
    "Point the camera at the affected skin, fill the guide with it, and retake.": "Visez la peau atteinte, "
    "remplissez-en le cadre, et reprenez la photo.",
    "Too little skin is visible to score this photo.": "Trop peu de peau visible pour évaluer cette photo.",
    "Move closer so the skin fills most of the picture, and retake.": "Rapprochez-vous pour que la peau "
    "remplisse la plus grande partie de l'image, et reprenez la photo.",
    "This photo could not be scored (%1).": "Cette photo n'a pas pu être évaluée (%1).",
    "Retake the photo, or grade this area yourself.": "Reprenez la photo, ou cotez cette zone vous-même.",
    "The file %1 was not imported.": "Le fichier %1 n'a pas été importé.",
    "The photo is only %1×%2 pixels: too small or too narrow for ASCORAD to assess "
    "(a thumbnail or a panorama?). Import the original photo.": "La photo ne fait que %1×%2 pixels : "
    "trop petite ou trop étroite pour qu'ASCORAD l'évalue (une miniature ou un panorama ?). Importez la "
    "photo d'origine.",
    "It is no longer there (moved or deleted after it was chosen).": "Il n'est plus là (déplacé ou supprimé "
    "après avoir été choisi).",
    "It cannot be read (no permission, a folder, or a drive that was removed).": "Il ne peut pas être lu "
    "(droits insuffisants, dossier, ou disque retiré).",
    "It is empty (0 bytes): it is not a photo.": "Il est vide (0 octet) : ce n'est pas une photo.",
    "It is too large to be a photo file.": "Il est trop volumineux pour être une photo.",
    "It has too many pixels to open safely: export a smaller copy.": "Il a trop de pixels pour être ouvert "
    "sans risque : exportez-en une copie plus petite.",
    "It is not a photo in a supported format (JPEG, PNG, TIFF, HEIC, WebP, BMP).": "Ce n'est pas une photo "
    "dans un format pris en charge (JPEG, PNG, TIFF, HEIC, WebP, BMP).",
    "It is a HEIC/HEIF photo (iPhone format), which needs the optional pillow-heif package: export it as "
    "JPEG, or install pillow-heif.": "C'est une photo HEIC/HEIF (format iPhone), qui nécessite le module "
    "optionnel pillow-heif : exportez-la en JPEG, ou installez pillow-heif.",
    "It is incomplete (cut short during copying): copy it again.": "Il est incomplet (coupé pendant la "
    "copie) : copiez-le à nouveau.",
    "It is damaged and cannot be decoded.": "Il est endommagé et ne peut pas être décodé.",
    "It holds data that is not a picture.": "Il contient des données qui ne sont pas une image.",
    "The photo of %1 saved with this visit cannot be shown: %2": "La photo de la région %1 enregistrée "
    "avec cette consultation ne peut pas être affichée : %2",
    "its file is missing. Restore a backup to get it back.": "son fichier est manquant. Restaurez une "
    "sauvegarde pour la récupérer.",
    "its file is damaged. Restore a backup to get it back.": "son fichier est endommagé. Restaurez une "
    "sauvegarde pour la récupérer.",
}


def main() -> int:
    tree = ET.parse(TS)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        if source in FRENCH:
            translation.text = FRENCH[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), str(TS), "-qm", str(QM)], check=True)
    for source in missing:
        print(f"untranslated: {source!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
