<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name>Capture</name>
    <message>
        <source>Camera</source>
        <translation>Caméra</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Résolution</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Clinical photo</source>
        <translation>Photo clinique</translation>
    </message>
    <message>
        <source>Dermatoscope</source>
        <translation>Dermatoscope</translation>
    </message>
    <message>
        <source>Find cameras</source>
        <translation>Chercher les caméras</translation>
    </message>
    <message>
        <source>Import from file…</source>
        <translation>Importer un fichier…</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Looking for cameras…</source>
        <translation>Recherche des caméras…</translation>
    </message>
    <message>
        <source>Demo camera (synthetic skin, for training)</source>
        <translation>Caméra de démonstration (peau synthétique, pour s'exercer)</translation>
    </message>
    <message>
        <source>%1 camera(s) found</source>
        <translation>%1 caméra(s) trouvée(s)</translation>
    </message>
    <message>
        <source>Asked %1, got %2</source>
        <translation>Demandé %1, obtenu %2</translation>
    </message>
    <message>
        <source>The camera stopped sending pictures (unplugged or taken by another program). Check the cable; reconnecting automatically…</source>
        <translation>La caméra n'envoie plus d'images (débranchée ou prise par un autre programme). Vérifiez le câble ; reconnexion automatique…</translation>
    </message>
    <message>
        <source>The camera could not be reached. Check the cable, then press Reconnect now.</source>
        <translation>La caméra est injoignable. Vérifiez le câble, puis appuyez sur Reconnecter.</translation>
    </message>
    <message>
        <source>The recording has ended.</source>
        <translation>L'enregistrement est terminé.</translation>
    </message>
    <message>
        <source>Starting the camera…</source>
        <translation>Démarrage de la caméra…</translation>
    </message>
    <message>
        <source>Capture (Space)</source>
        <translation>Prendre la photo (Espace)</translation>
    </message>
    <message>
        <source>Capture automatically when everything is green</source>
        <translation>Prendre automatiquement quand tout est vert</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>Reconnecter</translation>
    </message>
    <message>
        <source>Body region of the photo</source>
        <translation>Région du corps photographiée</translation>
    </message>
    <message>
        <source>Photo capture is disabled: this patient has not consented to photos. Record the consent in the patient's record to take photos.</source>
        <translation>Prise de photos désactivée : ce patient n'a pas consenti aux photos. Enregistrez le consentement dans son dossier pour photographier.</translation>
    </message>
    <message>
        <source>The patient has not consented to photos.</source>
        <translation>Le patient n'a pas consenti aux photos.</translation>
    </message>
    <message>
        <source>Click the body region this photo shows to keep it.</source>
        <translation>Cliquez la région du corps que montre la photo pour la garder.</translation>
    </message>
    <message>
        <source>Click the region you are photographing.</source>
        <translation>Cliquez la région que vous photographiez.</translation>
    </message>
    <message>
        <source>Next photo: %1</source>
        <translation>Prochaine photo : %1</translation>
    </message>
    <message>
        <source>Preview %1 frames/s</source>
        <translation>Aperçu %1 images/s</translation>
    </message>
    <message>
        <source>Everything is green: click the region to let auto-capture take it.</source>
        <translation>Tout est vert : cliquez la région pour que la prise automatique se déclenche.</translation>
    </message>
    <message>
        <source>Camera preview</source>
        <translation>Aperçu de la caméra</translation>
    </message>
    <message>
        <source>Waiting for the camera…</source>
        <translation>En attente de la caméra…</translation>
    </message>
    <message>
        <source>no picture</source>
        <translation>pas d'image</translation>
    </message>
    <message>
        <source>Reading photo…</source>
        <translation>Lecture de la photo…</translation>
    </message>
    <message>
        <source>Tag the region</source>
        <translation>Indiquer la région</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation>Calcul…</translation>
    </message>
    <message>
        <source>Refused — retake</source>
        <translation>Refusée — à reprendre</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>Revue</translation>
    </message>
    <message>
        <source>Proposal ready</source>
        <translation>Proposition prête</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lecture de %1…</translation>
    </message>
    <message>
        <source>Photos of this visit</source>
        <translation>Photos de cette consultation</translation>
    </message>
    <message>
        <source>Delete photo</source>
        <translation>Supprimer la photo</translation>
    </message>
    <message>
        <source>Retake</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Framing</source>
        <translation>Cadrage</translation>
    </message>
    <message>
        <source>Lighting</source>
        <translation>Éclairage</translation>
    </message>
    <message>
        <source>Focus</source>
        <translation>Netteté</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distance</translation>
    </message>
    <message>
        <source>Glare</source>
        <translation>Reflets</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Couleur</translation>
    </message>
    <message>
        <source>Ready — hold still</source>
        <translation>Prêt — ne bougez plus</translation>
    </message>
    <message>
        <source>Resolution OK</source>
        <translation>Résolution correcte</translation>
    </message>
    <message>
        <source>Use a higher camera resolution</source>
        <translation>Choisissez une résolution plus élevée</translation>
    </message>
    <message>
        <source>Too dark — add light</source>
        <translation>Trop sombre — ajoutez de la lumière</translation>
    </message>
    <message>
        <source>Too bright — reduce light or turn off the flash</source>
        <translation>Trop clair — baissez la lumière ou coupez le flash</translation>
    </message>
    <message>
        <source>Lighting OK</source>
        <translation>Éclairage correct</translation>
    </message>
    <message>
        <source>Distance OK</source>
        <translation>Distance correcte</translation>
    </message>
    <message>
        <source>Move closer</source>
        <translation>Rapprochez-vous</translation>
    </message>
    <message>
        <source>Move back</source>
        <translation>Reculez</translation>
    </message>
    <message>
        <source>Place the dermatoscope flat on the skin</source>
        <translation>Posez le dermatoscope à plat sur la peau</translation>
    </message>
    <message>
        <source>Centre the lesion</source>
        <translation>Centrez la lésion</translation>
    </message>
    <message>
        <source>Framing OK</source>
        <translation>Cadrage correct</translation>
    </message>
    <message>
        <source>In focus</source>
        <translation>Image nette</translation>
    </message>
    <message>
        <source>Hold still</source>
        <translation>Ne bougez plus</translation>
    </message>
    <message>
        <source>Hold still — let the camera focus</source>
        <translation>Ne bougez plus — laissez la caméra faire la mise au point</translation>
    </message>
    <message>
        <source>No glare</source>
        <translation>Pas de reflets</translation>
    </message>
    <message>
        <source>Tilt to remove glare</source>
        <translation>Inclinez pour supprimer les reflets</translation>
    </message>
    <message>
        <source>Colours OK</source>
        <translation>Couleurs correctes</translation>
    </message>
    <message>
        <source>Colour cast — use white light, switch off coloured lamps</source>
        <translation>Dominante de couleur — lumière blanche, éteignez les lampes colorées</translation>
    </message>
    <message>
        <source>good</source>
        <translation>bon</translation>
    </message>
    <message>
        <source>borderline</source>
        <translation>limite</translation>
    </message>
    <message>
        <source>fix this</source>
        <translation>à corriger</translation>
    </message>
    <message>
        <source>The photo is only %1×%2 pixels: too small or too narrow for ASCORAD to assess (a thumbnail or a panorama?). Import the original photo.</source>
        <translation>La photo ne fait que %1×%2 pixels : trop petite ou trop étroite pour qu'ASCORAD l'évalue (une miniature ou un panorama ?). Importez la photo d'origine.</translation>
    </message>
    <message>
        <source>It is no longer there (moved or deleted after it was chosen).</source>
        <translation>Il n'est plus là (déplacé ou supprimé après avoir été choisi).</translation>
    </message>
    <message>
        <source>It cannot be read (no permission, a folder, or a drive that was removed).</source>
        <translation>Il ne peut pas être lu (droits insuffisants, dossier, ou disque retiré).</translation>
    </message>
    <message>
        <source>It is empty (0 bytes): it is not a photo.</source>
        <translation>Il est vide (0 octet) : ce n'est pas une photo.</translation>
    </message>
    <message>
        <source>It is too large to be a photo file.</source>
        <translation>Il est trop volumineux pour être une photo.</translation>
    </message>
    <message>
        <source>It has too many pixels to open safely: export a smaller copy.</source>
        <translation>Il a trop de pixels pour être ouvert sans risque : exportez-en une copie plus petite.</translation>
    </message>
    <message>
        <source>It is not a photo in a supported format (JPEG, PNG, TIFF, HEIC, WebP, BMP).</source>
        <translation>Ce n'est pas une photo dans un format pris en charge (JPEG, PNG, TIFF, HEIC, WebP, BMP).</translation>
    </message>
    <message>
        <source>It is a HEIC/HEIF photo (iPhone format), which needs the optional pillow-heif package: export it as JPEG, or install pillow-heif.</source>
        <translation>C'est une photo HEIC/HEIF (format iPhone), qui nécessite le module optionnel pillow-heif : exportez-la en JPEG, ou installez pillow-heif.</translation>
    </message>
    <message>
        <source>It is incomplete (cut short during copying): copy it again.</source>
        <translation>Il est incomplet (coupé pendant la copie) : copiez-le à nouveau.</translation>
    </message>
    <message>
        <source>It is damaged and cannot be decoded.</source>
        <translation>Il est endommagé et ne peut pas être décodé.</translation>
    </message>
    <message>
        <source>It holds data that is not a picture.</source>
        <translation>Il contient des données qui ne sont pas une image.</translation>
    </message>
    <message>
        <source>◀ Take another photo</source>
        <translation>◀ Prendre une autre photo</translation>
    </message>
    <message>
        <source>Compare with earlier visits…</source>
        <translation>Comparer aux consultations précédentes…</translation>
    </message>
    <message>
        <source>1 · Capture</source>
        <translation>1 · Prise de vue</translation>
    </message>
    <message>
        <source>2 · Review ASCORAD</source>
        <translation>2 · Revue ASCORAD</translation>
    </message>
    <message>
        <source>Loading the ASCORAD model…</source>
        <translation>Chargement du modèle ASCORAD…</translation>
    </message>
    <message>
        <source>Photos and ASCORAD</source>
        <translation>Photos et ASCORAD</translation>
    </message>
    <message>
        <source>Tag the body region of every photo (click the body map) or delete it.</source>
        <translation>Indiquez la région du corps de chaque photo (cliquez le schéma) ou supprimez-la.</translation>
    </message>
    <message>
        <source>Photos are still being saved or scored; try again in a moment.</source>
        <translation>Des photos sont encore en cours d'enregistrement ou de calcul ; réessayez dans un instant.</translation>
    </message>
    <message>
        <source>ASCORAD is not available (%1). Photos are kept; grade the visit yourself.</source>
        <translation>ASCORAD n'est pas disponible (%1). Les photos sont gardées ; cotez la consultation vous-même.</translation>
    </message>
    <message>
        <source>Import a photo</source>
        <translation>Importer une photo</translation>
    </message>
    <message>
        <source>Photos (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif *.webp *.bmp)</source>
        <translation>Photos (*.jpg *.jpeg *.png *.tif *.tiff *.heic *.heif *.webp *.bmp)</translation>
    </message>
    <message>
        <source>The file %1 was not imported.</source>
        <translation>Le fichier %1 n'a pas été importé.</translation>
    </message>
    <message>
        <source>%1 (click another region to change it)</source>
        <translation>%1 (cliquez une autre région pour la changer)</translation>
    </message>
    <message>
        <source>%1 photo(s). No ASCORAD proposal yet.</source>
        <translation>%1 photo(s). Pas encore de proposition ASCORAD.</translation>
    </message>
    <message>
        <source>proposal: A %1 · B %2 · objective %3</source>
        <translation>proposition : A %1 · B %2 · objectif %3</translation>
    </message>
    <message>
        <source>No photo of: %1 — grade those regions in the form.</source>
        <translation>Pas de photo de : %1 — cotez ces régions dans le formulaire.</translation>
    </message>
    <message>
        <source>its file is missing. Restore a backup to get it back.</source>
        <translation>son fichier est manquant. Restaurez une sauvegarde pour la récupérer.</translation>
    </message>
    <message>
        <source>its file is damaged. Restore a backup to get it back.</source>
        <translation>son fichier est endommagé. Restaurez une sauvegarde pour la récupérer.</translation>
    </message>
    <message>
        <source>The photo of %1 saved with this visit cannot be shown: %2</source>
        <translation>La photo de la région %1 enregistrée avec cette consultation ne peut pas être affichée : %2</translation>
    </message>
</context>
<context>
    <name>Compare</name>
    <message>
        <source>%1 proposal (objective) %2</source>
        <translation>proposition %1 (objectif) %2</translation>
    </message>
    <message>
        <source>confirmed by the clinician</source>
        <translation>confirmée par le clinicien</translation>
    </message>
    <message>
        <source>corrected by the clinician</source>
        <translation>corrigée par le clinicien</translation>
    </message>
    <message>
        <source>lesion %1 % of the skin</source>
        <translation>lésion %1 % de la peau</translation>
    </message>
    <message>
        <source>Body region</source>
        <translation>Région du corps</translation>
    </message>
    <message>
        <source>Fit both</source>
        <translation>Ajuster les deux</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <source>Earlier photo</source>
        <translation>Photo antérieure</translation>
    </message>
    <message>
        <source>Later photo</source>
        <translation>Photo ultérieure</translation>
    </message>
    <message>
        <source>No photos of this patient to compare yet.</source>
        <translation>Pas encore de photos de ce patient à comparer.</translation>
    </message>
    <message>
        <source>Only one visit has photos of this region so far.</source>
        <translation>Une seule consultation a des photos de cette région pour l'instant.</translation>
    </message>
    <message>
        <source>Compare photos</source>
        <translation>Comparer les photos</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>HistoryPhotos</name>
    <message>
        <source>Photos per visit</source>
        <translation>Photos par consultation</translation>
    </message>
    <message>
        <source>No photos for this patient.</source>
        <translation>Pas de photos pour ce patient.</translation>
    </message>
    <message>
        <source>lesion %1 %</source>
        <translation>lésion %1 %</translation>
    </message>
    <message>
        <source>Double-click to compare this region across visits</source>
        <translation>Double-cliquez pour comparer cette région entre consultations</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <source>Proposed by ASCORAD from the photos: check it, change it if needed.</source>
        <translation>Proposé par ASCORAD d'après les photos : vérifiez, modifiez si besoin.</translation>
    </message>
    <message>
        <source>ASCORAD proposal</source>
        <translation>Proposition ASCORAD</translation>
    </message>
    <message>
        <source>ASCORAD unsure — set it</source>
        <translation>ASCORAD incertain — à coter</translation>
    </message>
    <message>
        <source>Photo with the lesion mask</source>
        <translation>Photo avec le masque des lésions</translation>
    </message>
    <message>
        <source>No photo selected</source>
        <translation>Aucune photo choisie</translation>
    </message>
    <message>
        <source>Show lesion mask</source>
        <translation>Afficher le masque des lésions</translation>
    </message>
    <message>
        <source>Mask opacity</source>
        <translation>Opacité du masque</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacité</translation>
    </message>
    <message>
        <source>Look</source>
        <translation>Regarder</translation>
    </message>
    <message>
        <source>Brush (add lesion)</source>
        <translation>Pinceau (ajouter)</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>Gomme</translation>
    </message>
    <message>
        <source>Brush size</source>
        <translation>Taille du pinceau</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Signe</translation>
    </message>
    <message>
        <source>ASCORAD
(confidence)</source>
        <translation>ASCORAD
(confiance)</translation>
    </message>
    <message>
        <source>Your grade</source>
        <translation>Votre cote</translation>
    </message>
    <message>
        <source>&lt;span style='color:%1'&gt;&lt;b&gt;Orange&lt;/b&gt;&lt;/span&gt; grade: ASCORAD's, rounded. Black: yours. Click your grade again to undo it.</source>
        <translation>Cote en &lt;span style='color:%1'&gt;&lt;b&gt;orange&lt;/b&gt;&lt;/span&gt; : celle d'ASCORAD, arrondie. En noir : la vôtre. Recliquez votre cote pour l'annuler.</translation>
    </message>
    <message>
        <source>Confirm this photo's review</source>
        <translation>Confirmer la revue de cette photo</translation>
    </message>
    <message>
        <source>ASCORAD is decision support, not a diagnosis: check the mask and every grade.</source>
        <translation>ASCORAD est une aide à la décision, pas un diagnostic : vérifiez le masque et chaque cote.</translation>
    </message>
    <message>
        <source>Retake this photo</source>
        <translation>Reprendre cette photo</translation>
    </message>
    <message>
        <source>Take or choose a photo to review its ASCORAD proposal.</source>
        <translation>Prenez ou choisissez une photo pour revoir sa proposition ASCORAD.</translation>
    </message>
    <message>
        <source>This photo could not be scored: %1</source>
        <translation>Cette photo n'a pas pu être évaluée : %1</translation>
    </message>
    <message>
        <source>ASCORAD is scoring this photo…</source>
        <translation>ASCORAD évalue cette photo…</translation>
    </message>
    <message>
        <source>no region yet</source>
        <translation>pas encore de région</translation>
    </message>
    <message>
        <source>ASCORAD proposal — %1</source>
        <translation>Proposition ASCORAD — %1</translation>
    </message>
    <message>
        <source>Lesion: %1 % of the visible skin</source>
        <translation>Lésion : %1 % de la peau visible</translation>
    </message>
    <message>
        <source>(corrected; ASCORAD said %1 %)</source>
        <translation>(corrigé ; ASCORAD proposait %1 %)</translation>
    </message>
    <message>
        <source>ASCORAD marked only clearly red skin: it sees few eczema signs in this photo. Paint any lesion it missed.</source>
        <translation>ASCORAD n'a marqué que la peau nettement rouge : il voit peu de signes d'eczéma sur cette photo. Ajoutez au pinceau toute lésion oubliée.</translation>
    </message>
    <message>
        <source>ASCORAD grade %1, confidence %2 %</source>
        <translation>Cote ASCORAD %1, confiance %2 %</translation>
    </message>
    <message>
        <source>⚠ unsure: set it</source>
        <translation>⚠ incertain : à coter</translation>
    </message>
    <message>
        <source>ASCORAD is unsure of %1: grade them yourself.</source>
        <translation>ASCORAD est incertain pour %1 : cotez-les vous-même.</translation>
    </message>
    <message>
        <source>Corrected by you; saved with the visit as an annotation.</source>
        <translation>Corrigé par vous ; enregistré avec la consultation comme annotation.</translation>
    </message>
    <message>
        <source>Confirmed by you.</source>
        <translation>Confirmé par vous.</translation>
    </message>
    <message>
        <source>Not reviewed yet.</source>
        <translation>Pas encore revu.</translation>
    </message>
    <message>
        <source>Add light (or reduce it if the skin looks washed out) and retake.</source>
        <translation>Ajoutez de la lumière (ou baissez-la si la peau paraît délavée) et reprenez la photo.</translation>
    </message>
    <message>
        <source>Hold the camera still, let it focus, and retake.</source>
        <translation>Tenez la caméra immobile, laissez-la faire la mise au point, et reprenez la photo.</translation>
    </message>
    <message>
        <source>Choose a higher camera resolution and retake.</source>
        <translation>Choisissez une résolution plus élevée et reprenez la photo.</translation>
    </message>
    <message>
        <source>Tilt the camera or the light until the shiny spots go, and retake.</source>
        <translation>Inclinez la caméra ou la lumière jusqu'à ce que les reflets disparaissent, et reprenez la photo.</translation>
    </message>
    <message>
        <source>Use white light, switch off coloured lamps, and retake.</source>
        <translation>Utilisez une lumière blanche, éteignez les lampes colorées, et reprenez la photo.</translation>
    </message>
    <message>
        <source>Centre the affected skin in the guide and retake.</source>
        <translation>Centrez la peau atteinte dans le cadre et reprenez la photo.</translation>
    </message>
    <message>
        <source>Move closer so the skin fills the guide, and retake.</source>
        <translation>Rapprochez-vous pour que la peau remplisse le cadre, et reprenez la photo.</translation>
    </message>
    <message>
        <source>The photo failed the quality check: %1.</source>
        <translation>La photo n'a pas passé le contrôle de qualité : %1.</translation>
    </message>
    <message>
        <source>Retake the photo.</source>
        <translation>Reprenez la photo.</translation>
    </message>
    <message>
        <source>This photo is black and white: ASCORAD needs colour to read redness.</source>
        <translation>Cette photo est en noir et blanc : l'ASCORAD a besoin des couleurs pour lire la rougeur.</translation>
    </message>
    <message>
        <source>Switch the camera to colour (not a monochrome or infrared mode) and retake.</source>
        <translation>Passez la caméra en couleur (pas en mode monochrome ou infrarouge) et reprenez la photo.</translation>
    </message>
    <message>
        <source>No skin was found in this photo.</source>
        <translation>Aucune peau n'a été trouvée sur cette photo.</translation>
    </message>
    <message>
        <source>Point the camera at the affected skin, fill the guide with it, and retake.</source>
        <translation>Visez la peau atteinte, remplissez-en le cadre, et reprenez la photo.</translation>
    </message>
    <message>
        <source>Too little skin is visible to score this photo.</source>
        <translation>Trop peu de peau visible pour évaluer cette photo.</translation>
    </message>
    <message>
        <source>Move closer so the skin fills most of the picture, and retake.</source>
        <translation>Rapprochez-vous pour que la peau remplisse la plus grande partie de l'image, et reprenez la photo.</translation>
    </message>
    <message>
        <source>This photo could not be scored (%1).</source>
        <translation>Cette photo n'a pas pu être évaluée (%1).</translation>
    </message>
    <message>
        <source>Retake the photo, or grade this area yourself.</source>
        <translation>Reprenez la photo, ou cotez cette zone vous-même.</translation>
    </message>
</context>
</TS>