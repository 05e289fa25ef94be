<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
  <context>
    <name>App</name>
    <message>
      <source>Unexpected error</source>
      <translation>Erreur inattendue</translation>
    </message>
    <message>
      <source>Something went wrong in ScoradDesk. What was saved is safe. If it happens again, note what you were doing and tell your IT support.</source>
      <translation>Un problème est survenu dans ScoradDesk. Ce qui a été enregistré est en sécurité. Si cela se reproduit, notez ce que vous faisiez et prévenez votre support informatique.</translation>
    </message>
  </context>
  <context>
    <name>BodyMap</name>
    <message>
      <source>Body map</source>
      <translation>Carte corporelle</translation>
    </message>
    <message>
      <source>Front</source>
      <translation>Face</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>Dos</translation>
    </message>
  </context>
  <context>
    <name>Demo</name>
    <message>
      <source>ScoradDesk demo</source>
      <translation>Démonstration ScoradDesk</translation>
    </message>
    <message>
      <source>Preparing a demo clinic with made-up patients…</source>
      <translation>Préparation d'une clinique de démonstration avec des patients fictifs…</translation>
    </message>
    <message>
      <source>Preparing the demo…</source>
      <translation>Préparation de la démonstration…</translation>
    </message>
  </context>
  <context>
    <name>Errors</name>
    <message>
      <source>Wrong user name or password.</source>
      <translation>Nom d'utilisateur ou mot de passe incorrect.</translation>
    </message>
    <message>
      <source>This account has been disabled by an administrator.</source>
      <translation>Ce compte a été désactivé par un administrateur.</translation>
    </message>
    <message>
      <source>The session is locked. Enter your password to continue.</source>
      <translation>La session est verrouillée. Saisissez votre mot de passe pour continuer.</translation>
    </message>
    <message>
      <source>This session has ended; log in again.</source>
      <translation>Cette session est terminée ; reconnectez-vous.</translation>
    </message>
    <message>
      <source>This data folder holds no clinic yet: run first-time setup.</source>
      <translation>Ce dossier de données ne contient pas encore de clinique : lancez la première configuration.</translation>
    </message>
    <message>
      <source>The clinic database file is missing.</source>
      <translation>Le fichier de la base de données de la clinique est introuvable.</translation>
    </message>
    <message>
      <source>The clinic database is damaged.</source>
      <translation>La base de données de la clinique est endommagée.</translation>
    </message>
    <message>
      <source>The data folder holds a file that is not a ScoradDesk database.</source>
      <translation>Le dossier de données contient un fichier qui n'est pas une base ScoradDesk.</translation>
    </message>
    <message>
      <source>The database does not open with this installation's key.</source>
      <translation>La base de données ne s'ouvre pas avec la clé de cette installation.</translation>
    </message>
    <message>
      <source>The key file of this clinic is missing or damaged.</source>
      <translation>Le fichier de clés de cette clinique est absent ou endommagé.</translation>
    </message>
    <message>
      <source>The disk is full: nothing was saved. Free some space and try again.</source>
      <translation>Le disque est plein : rien n'a été enregistré. Libérez de l'espace et réessayez.</translation>
    </message>
    <message>
      <source>The data folder is read-only: nothing was saved.</source>
      <translation>Le dossier de données est en lecture seule : rien n'a été enregistré.</translation>
    </message>
    <message>
      <source>The disk reported an error: nothing was saved.</source>
      <translation>Le disque a signalé une erreur : rien n'a été enregistré.</translation>
    </message>
    <message>
      <source>This database was written by a newer ScoradDesk: update the application.</source>
      <translation>Cette base a été écrite par une version plus récente de ScoradDesk : mettez l'application à jour.</translation>
    </message>
    <message>
      <source>Only an administrator can do this.</source>
      <translation>Seul un administrateur peut faire cela.</translation>
    </message>
    <message>
      <source>The backup could not be written.</source>
      <translation>La sauvegarde n'a pas pu être écrite.</translation>
    </message>
    <message>
      <source>This backup is of another clinic; your current data was not touched.</source>
      <translation>Cette sauvegarde appartient à une autre clinique ; vos données actuelles n'ont pas été modifiées.</translation>
    </message>
    <message>
      <source>The backup failed its checks; your current data was not touched.</source>
      <translation>La sauvegarde n'a pas passé les contrôles ; vos données actuelles n'ont pas été modifiées.</translation>
    </message>
    <message>
      <source>This account is locked after too many failed logins.</source>
      <translation>Ce compte est bloqué après trop d'échecs de connexion.</translation>
    </message>
  </context>
  <context>
    <name>History</name>
    <message>
      <source>Visit of %1 (read-only)</source>
      <translation>Consultation du %1 (lecture seule)</translation>
    </message>
    <message>
      <source>Clinician SCORAD</source>
      <translation>SCORAD du clinicien</translation>
    </message>
    <message>
      <source>Patient PO-SCORAD</source>
      <translation>PO-SCORAD du patient</translation>
    </message>
    <message>
      <source>Nothing was recorded at this visit.</source>
      <translation>Rien n'a été enregistré lors de cette consultation.</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Fermer</translation>
    </message>
    <message>
      <source>History</source>
      <translation>Historique</translation>
    </message>
    <message>
      <source>Choose a patient in the Patients list.</source>
      <translation>Choisissez un patient dans la liste des patients.</translation>
    </message>
    <message>
      <source>New visit</source>
      <translation>Nouvelle consultation</translation>
    </message>
    <message>
      <source>Open visit</source>
      <translation>Ouvrir la consultation</translation>
    </message>
    <message>
      <source>Resume visit</source>
      <translation>Reprendre la consultation</translation>
    </message>
    <message>
      <source>Export PDF…</source>
      <translation>Exporter en PDF…</translation>
    </message>
    <message>
      <source>History — %1</source>
      <translation>Historique — %1</translation>
    </message>
    <message>
      <source>Identifier %1 · born %2 (%3)</source>
      <translation>Identifiant %1 · né(e) le %2 (%3)</translation>
    </message>
    <message>
      <source>A forecast appears once 3 visits have a clinician SCORAD.</source>
      <translation>Une prévision apparaît dès que 3 consultations ont un SCORAD du clinicien.</translation>
    </message>
    <message>
      <source>Shaded: where the next SCORAD is expected (50 % and 90 % ranges), from this patient's history. Decision support, not a diagnosis.</source>
      <translation>Zone ombrée : où le prochain SCORAD est attendu (intervalles à 50 % et 90 %), d'après l'historique de ce patient. Aide à la décision, pas un diagnostic.</translation>
    </message>
    <message>
      <source>Computing the forecast…</source>
      <translation>Calcul de la prévision…</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>Date</translation>
    </message>
    <message>
      <source>Band</source>
      <translation>Sévérité</translation>
    </message>
    <message>
      <source>(in progress)</source>
      <translation>(en cours)</translation>
    </message>
  </context>
  <context>
    <name>HistoryChart</name>
    <message>
      <source>Score history chart</source>
      <translation>Graphique de l'historique des scores</translation>
    </message>
    <message>
      <source>No visits yet</source>
      <translation>Aucune consultation pour l'instant</translation>
    </message>
    <message>
      <source>Forecast (50 % and 90 %)</source>
      <translation>Prévision (50 % et 90 %)</translation>
    </message>
    <message>
      <source>Flare risk %1 %</source>
      <translation>Risque de poussée %1 %</translation>
    </message>
  </context>
  <context>
    <name>Labels</name>
    <message>
      <source>Head and neck</source>
      <translation>Tête et cou</translation>
    </message>
    <message>
      <source>Left upper limb</source>
      <translation>Membre supérieur gauche</translation>
    </message>
    <message>
      <source>Right upper limb</source>
      <translation>Membre supérieur droit</translation>
    </message>
    <message>
      <source>Trunk (front)</source>
      <translation>Tronc (face avant)</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>Dos</translation>
    </message>
    <message>
      <source>Left lower limb</source>
      <translation>Membre inférieur gauche</translation>
    </message>
    <message>
      <source>Right lower limb</source>
      <translation>Membre inférieur droit</translation>
    </message>
    <message>
      <source>Genitals</source>
      <translation>Organes génitaux</translation>
    </message>
    <message>
      <source>Erythema (redness)</source>
      <translation>Érythème (rougeur)</translation>
    </message>
    <message>
      <source>Oedema/papulation</source>
      <translation>Œdème/papules</translation>
    </message>
    <message>
      <source>Oozing/crusts</source>
      <translation>Suintement/croûtes</translation>
    </message>
    <message>
      <source>Excoriations</source>
      <translation>Excoriations</translation>
    </message>
    <message>
      <source>Lichenification</source>
      <translation>Lichénification</translation>
    </message>
    <message>
      <source>Dryness (on uninvolved skin)</source>
      <translation>Sécheresse (peau non atteinte)</translation>
    </message>
    <message>
      <source>Redness of the eczema, from faint pink to deep red.</source>
      <translation>Rougeur de l'eczéma, du rose pâle au rouge foncé.</translation>
    </message>
    <message>
      <source>Swelling and raised bumps you can see or feel.</source>
      <translation>Gonflement et petits reliefs visibles ou palpables.</translation>
    </message>
    <message>
      <source>Weeping fluid and the yellow crusts it leaves.</source>
      <translation>Liquide qui suinte et croûtes jaunes qu'il laisse.</translation>
    </message>
    <message>
      <source>Scratch marks: linear scratches and erosions.</source>
      <translation>Traces de grattage : griffures linéaires et érosions.</translation>
    </message>
    <message>
      <source>Thickened skin with exaggerated skin lines.</source>
      <translation>Peau épaissie aux plis cutanés accentués.</translation>
    </message>
    <message>
      <source>Dryness and scaling, judged on skin without eczema.</source>
      <translation>Sécheresse et squames, jugées sur la peau sans eczéma.</translation>
    </message>
    <message>
      <source>None</source>
      <translation>Absent</translation>
    </message>
    <message>
      <source>Mild</source>
      <translation>Léger</translation>
    </message>
    <message>
      <source>Moderate</source>
      <translation>Modéré</translation>
    </message>
    <message>
      <source>Severe</source>
      <translation>Sévère</translation>
    </message>
    <message>
      <source>How dry is the skin where there is no eczema?</source>
      <translation>La peau est-elle sèche là où il n'y a pas d'eczéma ?</translation>
    </message>
    <message>
      <source>How red is the eczema?</source>
      <translation>L'eczéma est-il rouge ?</translation>
    </message>
    <message>
      <source>How swollen is the eczema?</source>
      <translation>L'eczéma est-il gonflé ?</translation>
    </message>
    <message>
      <source>Is the eczema oozing or crusted?</source>
      <translation>L'eczéma suinte-t-il ou fait-il des croûtes ?</translation>
    </message>
    <message>
      <source>Are there scratch marks?</source>
      <translation>Y a-t-il des traces de grattage ?</translation>
    </message>
    <message>
      <source>Is the skin thickened?</source>
      <translation>La peau est-elle épaissie ?</translation>
    </message>
    <message>
      <source>Not at all</source>
      <translation>Pas du tout</translation>
    </message>
    <message>
      <source>A little</source>
      <translation>Un peu</translation>
    </message>
    <message>
      <source>Quite a lot</source>
      <translation>Assez</translation>
    </message>
    <message>
      <source>A lot</source>
      <translation>Beaucoup</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>Blanchi</translation>
    </message>
    <message>
      <source>Classic (mild &lt; 25 ≤ moderate ≤ 50 &lt; severe)</source>
      <translation>Classique (léger &lt; 25 ≤ modéré ≤ 50 &lt; sévère)</translation>
    </message>
    <message>
      <source>Chopra 2017 (clear, mild, moderate, severe)</source>
      <translation>Chopra 2017 (blanchi, léger, modéré, sévère)</translation>
    </message>
    <message>
      <source>SCORAD</source>
      <translation>SCORAD</translation>
    </message>
    <message>
      <source>oSCORAD</source>
      <translation>oSCORAD</translation>
    </message>
    <message>
      <source>PO-SCORAD</source>
      <translation>PO-SCORAD</translation>
    </message>
    <message>
      <source>ASCORAD</source>
      <translation>ASCORAD</translation>
    </message>
  </context>
  <context>
    <name>Main</name>
    <message>
      <source>Data folder: %1</source>
      <translation>Dossier de données : %1</translation>
    </message>
    <message>
      <source>Creating the encrypted clinic database…</source>
      <translation>Création de la base de données chiffrée de la clinique…</translation>
    </message>
    <message>
      <source>Checking the password…</source>
      <translation>Vérification du mot de passe…</translation>
    </message>
    <message>
      <source>Checking the recovery key…</source>
      <translation>Vérification de la clé de récupération…</translation>
    </message>
    <message>
      <source>Visit</source>
      <translation>Consultation</translation>
    </message>
    <message>
      <source>Export PDF</source>
      <translation>Exporter en PDF</translation>
    </message>
    <message>
      <source>PDF saved: %1</source>
      <translation>PDF enregistré : %1</translation>
    </message>
    <message>
      <source>Writing the PDF…</source>
      <translation>Écriture du PDF…</translation>
    </message>
    <message>
      <source>Choose a backup folder first.</source>
      <translation>Choisissez d'abord un dossier de sauvegarde.</translation>
    </message>
    <message>
      <source>Backup written to %1 (%2 patients, %3 photos).</source>
      <translation>Sauvegarde écrite dans %1 (%2 patients, %3 photos).</translation>
    </message>
    <message>
      <source>%1 photo file(s) were missing or damaged in the clinic&apos;s data and are not in this backup (their records are). An earlier backup may still hold them: keep it.</source>
      <translation>%1 fichier(s) photo manquaient ou étaient endommagés dans les données de la clinique et ne sont pas dans cette sauvegarde (leurs dossiers y sont). Une sauvegarde plus ancienne peut encore les contenir : gardez-la.</translation>
    </message>
    <message>
      <source>Backing up…</source>
      <translation>Sauvegarde en cours…</translation>
    </message>
    <message>
      <source>Choose the backup folder.</source>
      <translation>Choisissez le dossier de sauvegarde.</translation>
    </message>
    <message>
      <source>The backup was restored. Log in to continue.</source>
      <translation>La sauvegarde a été restaurée. Connectez-vous pour continuer.</translation>
    </message>
    <message>
      <source>Checking and restoring the backup…</source>
      <translation>Vérification et restauration de la sauvegarde…</translation>
    </message>
    <message>
      <source>The previous data was kept in %1.</source>
      <translation>Les données précédentes ont été conservées dans %1.</translation>
    </message>
    <message>
      <source>Restore cancelled: this clinic's data was not changed.</source>
      <translation>Restauration annulée : les données de cette clinique n'ont pas été modifiées.</translation>
    </message>
  </context>
  <context>
    <name>PatientMode</name>
    <message>
      <source>Your eczema today</source>
      <translation>Votre eczéma aujourd'hui</translation>
    </message>
    <message>
      <source>◀ Back</source>
      <translation>◀ Retour</translation>
    </message>
    <message>
      <source>Next ▶</source>
      <translation>Suivant ▶</translation>
    </message>
    <message>
      <source>There are 9 short questions about your skin (or your child's skin) today.
Tap or click the answer that fits best, then press Next.
There are no wrong answers.</source>
      <translation>Voici 9 questions courtes sur votre peau (ou celle de votre enfant) aujourd'hui.
Touchez ou cliquez la réponse qui convient le mieux, puis appuyez sur Suivant.
Il n'y a pas de mauvaise réponse.</translation>
    </message>
    <message>
      <source>Colour</source>
      <translation>Colorier</translation>
    </message>
    <message>
      <source>Rub out</source>
      <translation>Gommer</translation>
    </message>
    <message>
      <source>Thank you! Please hand the screen back to the doctor or nurse.</source>
      <translation>Merci ! Rendez l'écran au médecin ou à l'infirmière.</translation>
    </message>
    <message>
      <source>Colour in where the eczema is today.</source>
      <translation>Coloriez les endroits où se trouve l'eczéma aujourd'hui.</translation>
    </message>
    <message>
      <source>Use your finger or the mouse, on the front and on the back.</source>
      <translation>Utilisez le doigt ou la souris, sur le devant et sur le dos.</translation>
    </message>
    <message>
      <source>Look at the pictures and choose the closest one.</source>
      <translation>Regardez les images et choisissez la plus ressemblante.</translation>
    </message>
    <message>
      <source>How bad was the itching, on average, over the last 3 days?</source>
      <translation>Quelle a été l'intensité des démangeaisons, en moyenne, ces 3 derniers jours ?</translation>
    </message>
    <message>
      <source>How badly did the eczema disturb sleep over the last 3 nights?</source>
      <translation>À quel point l'eczéma a-t-il gêné le sommeil ces 3 dernières nuits ?</translation>
    </message>
    <message>
      <source>0 means not at all, 10 the worst you can imagine.</source>
      <translation>0 veut dire pas du tout, 10 le pire que vous puissiez imaginer.</translation>
    </message>
    <message>
      <source>All done</source>
      <translation>C'est terminé</translation>
    </message>
    <message>
      <source>Question %1 of %2</source>
      <translation>Question %1 sur %2</translation>
    </message>
    <message>
      <source>Hand back ✓</source>
      <translation>Rendre l'écran ✓</translation>
    </message>
  </context>
  <context>
    <name>Patients</name>
    <message>
      <source>Female</source>
      <translation>Féminin</translation>
    </message>
    <message>
      <source>Male</source>
      <translation>Masculin</translation>
    </message>
    <message>
      <source>Other</source>
      <translation>Autre</translation>
    </message>
    <message>
      <source>Not recorded</source>
      <translation>Non renseigné</translation>
    </message>
    <message>
      <source>New patient</source>
      <translation>Nouveau patient</translation>
    </message>
    <message>
      <source>Edit patient</source>
      <translation>Modifier le patient</translation>
    </message>
    <message>
      <source>The patient agrees to photographs being taken and stored</source>
      <translation>Le patient accepte que des photos soient prises et conservées</translation>
    </message>
    <message>
      <source>Identifier (file number)</source>
      <translation>Identifiant (numéro de dossier)</translation>
    </message>
    <message>
      <source>Given name</source>
      <translation>Prénom</translation>
    </message>
    <message>
      <source>Family name</source>
      <translation>Nom</translation>
    </message>
    <message>
      <source>Birth date</source>
      <translation>Date de naissance</translation>
    </message>
    <message>
      <source>Sex</source>
      <translation>Sexe</translation>
    </message>
    <message>
      <source>Skin phototype (Fitzpatrick)</source>
      <translation>Phototype (Fitzpatrick)</translation>
    </message>
    <message>
      <source>Photo consent</source>
      <translation>Consentement photo</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Enregistrer</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <source>Another patient already has this identifier.</source>
      <translation>Un autre patient a déjà cet identifiant.</translation>
    </message>
    <message>
      <source>Enter the patient's identifier.</source>
      <translation>Saisissez l'identifiant du patient.</translation>
    </message>
    <message>
      <source>Enter the given name.</source>
      <translation>Saisissez le prénom.</translation>
    </message>
    <message>
      <source>Enter the family name.</source>
      <translation>Saisissez le nom.</translation>
    </message>
    <message>
      <source>Enter a valid birth date, not in the future.</source>
      <translation>Saisissez une date de naissance valide, pas dans le futur.</translation>
    </message>
    <message>
      <source>Patients</source>
      <translation>Patients</translation>
    </message>
    <message>
      <source>Search by name or identifier…</source>
      <translation>Rechercher par nom ou identifiant…</translation>
    </message>
    <message>
      <source>Search patients</source>
      <translation>Rechercher des patients</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>Modifier</translation>
    </message>
    <message>
      <source>Open history</source>
      <translation>Ouvrir l'historique</translation>
    </message>
    <message>
      <source>Start a visit</source>
      <translation>Commencer une consultation</translation>
    </message>
    <message>
      <source>Erase patient…</source>
      <translation>Effacer le patient…</translation>
    </message>
    <message>
      <source>No patient found</source>
      <translation>Aucun patient trouvé</translation>
    </message>
    <message>
      <source>Patients found: %1</source>
      <translation>Patients trouvés : %1</translation>
    </message>
    <message>
      <source>Erase patient</source>
      <translation>Effacer le patient</translation>
    </message>
    <message>
      <source>Erase %1 and every visit, score and photo of this patient? This cannot be undone.</source>
      <translation>Effacer %1 et toutes ses consultations, scores et photos ? Cette action est irréversible.</translation>
    </message>
    <message>
      <source>To confirm, type the identifier %1:</source>
      <translation>Pour confirmer, tapez l'identifiant %1 :</translation>
    </message>
    <message>
      <source>Nothing was erased.</source>
      <translation>Rien n'a été effacé.</translation>
    </message>
    <message>
      <source>%1 months</source>
      <translation>%1 mois</translation>
    </message>
    <message>
      <source>%1 years</source>
      <translation>%1 ans</translation>
    </message>
    <message>
      <source>Identifier</source>
      <translation>Identifiant</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Nom</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>Âge</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>oui</translation>
    </message>
    <message>
      <source>no</source>
      <translation>non</translation>
    </message>
  </context>
  <context>
    <name>ScoradForm</name>
    <message>
      <source>Required: a value from 0 to 10.</source>
      <translation>Obligatoire : une valeur de 0 à 10.</translation>
    </message>
    <message>
      <source>Enter a value from 0 to 10, one decimal.</source>
      <translation>Saisissez une valeur de 0 à 10, avec une décimale.</translation>
    </message>
    <message>
      <source>Required: choose a grade from 0 to 3.</source>
      <translation>Obligatoire : choisissez un grade de 0 à 3.</translation>
    </message>
    <message>
      <source>Choose a whole grade from 0 to 3.</source>
      <translation>Choisissez un grade entier de 0 à 3.</translation>
    </message>
    <message>
      <source>Enter a percentage from 0 to 100.</source>
      <translation>Saisissez un pourcentage de 0 à 100.</translation>
    </message>
    <message>
      <source>A · Extent (click a region or paint on it)</source>
      <translation>A · Étendue (cliquez une région ou coloriez-la)</translation>
    </message>
    <message>
      <source>Select</source>
      <translation>Sélectionner</translation>
    </message>
    <message>
      <source>Paint</source>
      <translation>Colorier</translation>
    </message>
    <message>
      <source>Erase</source>
      <translation>Gommer</translation>
    </message>
    <message>
      <source>B · Intensity (on a representative area)</source>
      <translation>B · Intensité (sur une zone représentative)</translation>
    </message>
    <message>
      <source>C · Symptoms over the last 3 days and nights</source>
      <translation>C · Symptômes des 3 derniers jours et nuits</translation>
    </message>
    <message>
      <source>Itch (pruritus)</source>
      <translation>Démangeaisons (prurit)</translation>
    </message>
    <message>
      <source>Sleep loss (sleeplessness)</source>
      <translation>Perte de sommeil (insomnie)</translation>
    </message>
    <message>
      <source>A %1 · B %2 · C %3</source>
      <translation>A %1 · B %2 · C %3</translation>
    </message>
    <message>
      <source>SCORAD –</source>
      <translation>SCORAD –</translation>
    </message>
    <message>
      <source>oSCORAD –</source>
      <translation>oSCORAD –</translation>
    </message>
    <message>
      <source>SCORAD %1</source>
      <translation>SCORAD %1</translation>
    </message>
    <message>
      <source>oSCORAD %1</source>
      <translation>oSCORAD %1</translation>
    </message>
  </context>
  <context>
    <name>Settings</name>
    <message>
      <source>Settings</source>
      <translation>Réglages</translation>
    </message>
    <message>
      <source>Clinic</source>
      <translation>Clinique</translation>
    </message>
    <message>
      <source> min</source>
      <translation> min</translation>
    </message>
    <message>
      <source>Clinic name</source>
      <translation>Nom de la clinique</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Langue</translation>
    </message>
    <message>
      <source>Severity bands</source>
      <translation>Classes de sévérité</translation>
    </message>
    <message>
      <source>Lock the screen after</source>
      <translation>Verrouiller l'écran après</translation>
    </message>
    <message>
      <source>Backup</source>
      <translation>Sauvegarde</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>Choisir…</translation>
    </message>
    <message>
      <source>Back up now</source>
      <translation>Sauvegarder maintenant</translation>
    </message>
    <message>
      <source>Backup folder</source>
      <translation>Dossier de sauvegarde</translation>
    </message>
    <message>
      <source>Camera defaults (used by photo capture)</source>
      <translation>Caméra par défaut (utilisée pour les photos)</translation>
    </message>
    <message>
      <source>Webcam</source>
      <translation>Webcam</translation>
    </message>
    <message>
      <source>USB dermatoscope</source>
      <translation>Dermatoscope USB</translation>
    </message>
    <message>
      <source>Device</source>
      <translation>Appareil</translation>
    </message>
    <message>
      <source>Camera number</source>
      <translation>Numéro de caméra</translation>
    </message>
    <message>
      <source>Resolution</source>
      <translation>Résolution</translation>
    </message>
    <message>
      <source>Save settings</source>
      <translation>Enregistrer les réglages</translation>
    </message>
    <message>
      <source>Clinic-wide settings can only be changed by an administrator.</source>
      <translation>Les réglages de la clinique ne peuvent être modifiés que par un administrateur.</translation>
    </message>
    <message>
      <source>Settings saved.</source>
      <translation>Réglages enregistrés.</translation>
    </message>
    <message>
      <source>Choose the backup folder</source>
      <translation>Choisir le dossier de sauvegarde</translation>
    </message>
    <message>
      <source>Forecast</source>
      <translation>Prévision</translation>
    </message>
    <message>
      <source>Refit on this clinic's history</source>
      <translation>Réajuster sur l'historique de cette clinique</translation>
    </message>
    <message>
      <source>The forecast uses its default parameters. Refit it once at least %1 patients have two or more clinician SCORADs, and again from time to time.</source>
      <translation>La prévision utilise ses paramètres par défaut. Réajustez-la dès qu'au moins %1 patients ont deux SCORAD cliniciens ou plus, puis de temps en temps.</translation>
    </message>
    <message>
      <source>The forecast uses parameters fitted on %1 patients (%2 assessments) on %3.</source>
      <translation>La prévision utilise des paramètres ajustés sur %1 patients (%2 évaluations) le %3.</translation>
    </message>
    <message>
      <source>Forecast refitted on this clinic's history.</source>
      <translation>Prévision réajustée sur l'historique de cette clinique.</translation>
    </message>
    <message>
      <source>Not enough history yet: at least %1 patients need two or more clinician SCORADs. The forecast keeps its current parameters.</source>
      <translation>Historique encore insuffisant : il faut au moins %1 patients ayant deux SCORAD cliniciens ou plus. La prévision garde ses paramètres actuels.</translation>
    </message>
    <message>
      <source>Refitting the forecast…</source>
      <translation>Réajustement de la prévision…</translation>
    </message>
  </context>
  <context>
    <name>Start</name>
    <message>
      <source>Demo clinic with made-up patients. User %1, password %2.</source>
      <translation>Clinique de démonstration avec des patients fictifs. Utilisateur %1, mot de passe %2.</translation>
    </message>
    <message>
      <source>Welcome to %1</source>
      <translation>Bienvenue dans %1</translation>
    </message>
    <message>
      <source>First-time setup: name the clinic and create the administrator account. Patient data stays encrypted on this computer.</source>
      <translation>Première configuration : nommez la clinique et créez le compte administrateur. Les données des patients restent chiffrées sur cet ordinateur.</translation>
    </message>
    <message>
      <source>e.g. admin</source>
      <translation>par ex. admin</translation>
    </message>
    <message>
      <source>Clinic name</source>
      <translation>Nom de la clinique</translation>
    </message>
    <message>
      <source>Administrator user name</source>
      <translation>Nom d'utilisateur de l'administrateur</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>Nom complet</translation>
    </message>
    <message>
      <source>Password (8 characters or more)</source>
      <translation>Mot de passe (8 caractères ou plus)</translation>
    </message>
    <message>
      <source>Repeat the password</source>
      <translation>Répétez le mot de passe</translation>
    </message>
    <message>
      <source>Create the clinic</source>
      <translation>Créer la clinique</translation>
    </message>
    <message>
      <source>Enter the clinic's name.</source>
      <translation>Saisissez le nom de la clinique.</translation>
    </message>
    <message>
      <source>The two passwords are not the same.</source>
      <translation>Les deux mots de passe ne sont pas identiques.</translation>
    </message>
    <message>
      <source>Recovery key</source>
      <translation>Clé de récupération</translation>
    </message>
    <message>
      <source>This key unlocks the clinic's data if every password is forgotten. It is shown only now: print it or save it to a USB stick, and keep it locked away.</source>
      <translation>Cette clé déverrouille les données de la clinique si tous les mots de passe sont oubliés. Elle n'est affichée que maintenant : imprimez-la ou enregistrez-la sur une clé USB, et gardez-la sous clé.</translation>
    </message>
    <message>
      <source>Print…</source>
      <translation>Imprimer…</translation>
    </message>
    <message>
      <source>Save to a file…</source>
      <translation>Enregistrer dans un fichier…</translation>
    </message>
    <message>
      <source>I have printed or saved the recovery key</source>
      <translation>J'ai imprimé ou enregistré la clé de récupération</translation>
    </message>
    <message>
      <source>Continue</source>
      <translation>Continuer</translation>
    </message>
    <message>
      <source>%1 recovery key for %2:

%3

Keep this sheet locked away.
</source>
      <translation>Clé de récupération %1 pour %2 :

%3

Gardez cette feuille sous clé.
</translation>
    </message>
    <message>
      <source>Saved to %1</source>
      <translation>Enregistrée dans %1</translation>
    </message>
    <message>
      <source>Save the recovery key</source>
      <translation>Enregistrer la clé de récupération</translation>
    </message>
    <message>
      <source>Sent to the printer.</source>
      <translation>Envoyée à l'imprimante.</translation>
    </message>
    <message>
      <source>Log in</source>
      <translation>Connexion</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>Nom d'utilisateur</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Mot de passe</translation>
    </message>
    <message>
      <source>Forgot the password? Use the recovery key…</source>
      <translation>Mot de passe oublié ? Utiliser la clé de récupération…</translation>
    </message>
    <message>
      <source>Use the recovery key</source>
      <translation>Utiliser la clé de récupération</translation>
    </message>
    <message>
      <source>Type the recovery key printed when the clinic was set up, the user name, and a new password for that user.</source>
      <translation>Saisissez la clé de récupération imprimée lors de la configuration de la clinique, le nom d'utilisateur et un nouveau mot de passe pour cet utilisateur.</translation>
    </message>
    <message>
      <source>New password</source>
      <translation>Nouveau mot de passe</translation>
    </message>
    <message>
      <source>Set the new password and log in</source>
      <translation>Définir le nouveau mot de passe et se connecter</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <source>Locked</source>
      <translation>Verrouillé</translation>
    </message>
    <message>
      <source>Switch user</source>
      <translation>Changer d'utilisateur</translation>
    </message>
    <message>
      <source>Unlock</source>
      <translation>Déverrouiller</translation>
    </message>
    <message>
      <source>The session of %1 is locked to protect patient data. Enter the password to go on.</source>
      <translation>La session de %1 est verrouillée pour protéger les données des patients. Saisissez le mot de passe pour continuer.</translation>
    </message>
    <message>
      <source>The clinic data cannot be opened</source>
      <translation>Les données de la clinique ne peuvent pas être ouvertes</translation>
    </message>
    <message>
      <source>Nothing has been changed or deleted. An administrator can restore the latest backup: choose the backup folder, then log in with an administrator account of that backup.</source>
      <translation>Rien n'a été modifié ni supprimé. Un administrateur peut restaurer la dernière sauvegarde : choisissez le dossier de sauvegarde, puis identifiez-vous avec un compte administrateur de cette sauvegarde.</translation>
    </message>
    <message>
      <source>Choose…</source>
      <translation>Choisir…</translation>
    </message>
    <message>
      <source>Backup folder</source>
      <translation>Dossier de sauvegarde</translation>
    </message>
    <message>
      <source>Administrator</source>
      <translation>Administrateur</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Quitter</translation>
    </message>
    <message>
      <source>Restore from backup</source>
      <translation>Restaurer une sauvegarde</translation>
    </message>
    <message>
      <source>Choose the backup folder</source>
      <translation>Choisir le dossier de sauvegarde</translation>
    </message>
    <message>
      <source>Data folder: %1</source>
      <translation>Dossier de données : %1</translation>
    </message>
    <message>
      <source>Backup of another clinic</source>
      <translation>Sauvegarde d'une autre clinique</translation>
    </message>
    <message>
      <source>This backup belongs to another clinic: “%1”, not to this clinic “%2”.</source>
      <translation>Cette sauvegarde appartient à une autre clinique : « %1 », et non à cette clinique « %2 ».</translation>
    </message>
    <message>
      <source>Restoring it replaces the patients, visits and photos of “%2” on this computer with those of “%1”; afterwards only the accounts of “%1” can log in.

The current data of “%2” is not deleted: it is kept aside in the folder “%3.before-restore-…”.

Restore only if this computer should now hold the clinic “%1”.</source>
      <translation>La restaurer remplace les patients, consultations et photos de « %2 » sur cet ordinateur par ceux de « %1 » ; ensuite, seuls les comptes de « %1 » pourront se connecter.

Les données actuelles de « %2 » ne sont pas supprimées : elles sont mises de côté dans le dossier « %3.before-restore-… ».

Ne restaurez que si cet ordinateur doit désormais contenir la clinique « %1 ».</translation>
    </message>
    <message>
      <source>Restore this backup</source>
      <translation>Restaurer cette sauvegarde</translation>
    </message>
  </context>
  <context>
    <name>Users</name>
    <message>
      <source>administrator</source>
      <translation>administrateur</translation>
    </message>
    <message>
      <source>clinician</source>
      <translation>clinicien</translation>
    </message>
    <message>
      <source>Add a user</source>
      <translation>Ajouter un utilisateur</translation>
    </message>
    <message>
      <source>lower case, e.g. jdupont</source>
      <translation>en minuscules, par ex. jdupont</translation>
    </message>
    <message>
      <source>User name</source>
      <translation>Nom d'utilisateur</translation>
    </message>
    <message>
      <source>Full name</source>
      <translation>Nom complet</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>Rôle</translation>
    </message>
    <message>
      <source>Password (8 characters or more)</source>
      <translation>Mot de passe (8 caractères ou plus)</translation>
    </message>
    <message>
      <source>Repeat the password</source>
      <translation>Répétez le mot de passe</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>Ajouter</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <source>The two passwords are not the same.</source>
      <translation>Les deux mots de passe ne sont pas identiques.</translation>
    </message>
    <message>
      <source>Users</source>
      <translation>Utilisateurs</translation>
    </message>
    <message>
      <source>Add a user…</source>
      <translation>Ajouter un utilisateur…</translation>
    </message>
    <message>
      <source>Disable the selected user</source>
      <translation>Désactiver l'utilisateur sélectionné</translation>
    </message>
    <message>
      <source>Disable user</source>
      <translation>Désactiver l'utilisateur</translation>
    </message>
    <message>
      <source>Disable %1? They will no longer be able to log in.</source>
      <translation>Désactiver %1 ? Cette personne ne pourra plus se connecter.</translation>
    </message>
  </context>
  <context>
    <name>Vas</name>
    <message>
      <source>0 none</source>
      <translation>0 aucun</translation>
    </message>
    <message>
      <source>10 worst imaginable</source>
      <translation>10 le pire imaginable</translation>
    </message>
  </context>
  <context>
    <name>Visit</name>
    <message>
      <source>Photos and the automatic SCORAD proposal (ASCORAD) are not part of this version. Press Next to score the visit yourself.</source>
      <translation>Les photos et la proposition de SCORAD automatique (ASCORAD) ne font pas partie de cette version. Appuyez sur Suivant pour coter vous-même la consultation.</translation>
    </message>
    <message>
      <source>Photos and ASCORAD</source>
      <translation>Photos et ASCORAD</translation>
    </message>
    <message>
      <source>Clinician SCORAD</source>
      <translation>SCORAD du clinicien</translation>
    </message>
    <message>
      <source>The patient (or a parent) answers the PO-SCORAD alone, in full-screen patient mode, then hands the screen back.</source>
      <translation>Le patient (ou un parent) répond seul au PO-SCORAD, en mode patient plein écran, puis rend l'écran.</translation>
    </message>
    <message>
      <source>Hand the screen to the patient</source>
      <translation>Passer l'écran au patient</translation>
    </message>
    <message>
      <source>No answers yet.</source>
      <translation>Pas encore de réponses.</translation>
    </message>
    <message>
      <source>Let the patient change the answers</source>
      <translation>Laisser le patient modifier ses réponses</translation>
    </message>
    <message>
      <source>Itch</source>
      <translation>Démangeaisons</translation>
    </message>
    <message>
      <source>Sleep loss</source>
      <translation>Perte de sommeil</translation>
    </message>
    <message>
      <source>Patient PO-SCORAD</source>
      <translation>PO-SCORAD du patient</translation>
    </message>
    <message>
      <source>Not complete</source>
      <translation>Incomplet</translation>
    </message>
    <message>
      <source>A (extent) %1 · B (intensity) %2 · C (symptoms) %3</source>
      <translation>A (étendue) %1 · B (intensité) %2 · C (symptômes) %3</translation>
    </message>
    <message>
      <source>Objective SCORAD %1</source>
      <translation>SCORAD objectif %1</translation>
    </message>
    <message>
      <source>Decision support for trained clinicians; not a diagnosis.</source>
      <translation>Aide à la décision pour cliniciens formés ; pas un diagnostic.</translation>
    </message>
    <message>
      <source>Export PDF…</source>
      <translation>Exporter en PDF…</translation>
    </message>
    <message>
      <source>The patient's score is %1 points from the clinician's.</source>
      <translation>Le score du patient s'écarte de %1 points de celui du clinicien.</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>Synthèse</translation>
    </message>
    <message>
      <source>Visit of %1 — %2 (%3)</source>
      <translation>Consultation du %1 — %2 (%3)</translation>
    </message>
    <message>
      <source>◀ Back</source>
      <translation>◀ Retour</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Enregistrer</translation>
    </message>
    <message>
      <source>Next ▶</source>
      <translation>Suivant ▶</translation>
    </message>
    <message>
      <source>Finish visit</source>
      <translation>Terminer la consultation</translation>
    </message>
    <message>
      <source>Saved.</source>
      <translation>Enregistré.</translation>
    </message>
    <message>
      <source>Draft kept: complete the items marked in red to record it.</source>
      <translation>Brouillon conservé : complétez les éléments en rouge pour l'enregistrer.</translation>
    </message>
    <message>
      <source>Visit not saved</source>
      <translation>Consultation non enregistrée</translation>
    </message>
    <message>
      <source>This visit could not be saved: %1
Leave anyway and lose what was entered since the last save?</source>
      <translation>Cette consultation n'a pas pu être enregistrée : %1
Quitter quand même et perdre ce qui a été saisi depuis le dernier enregistrement ?</translation>
    </message>
  </context>
  <context>
    <name>Workspace</name>
    <message>
      <source>Patients</source>
      <translation>Patients</translation>
    </message>
    <message>
      <source>Visit</source>
      <translation>Consultation</translation>
    </message>
    <message>
      <source>History</source>
      <translation>Historique</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>Réglages</translation>
    </message>
    <message>
      <source>administrator</source>
      <translation>administrateur</translation>
    </message>
    <message>
      <source>clinician</source>
      <translation>clinicien</translation>
    </message>
    <message>
      <source>%1 (%2) · %3</source>
      <translation>%1 (%2) · %3</translation>
    </message>
    <message>
      <source>Lock</source>
      <translation>Verrouiller</translation>
    </message>
    <message>
      <source>Switch user</source>
      <translation>Changer d'utilisateur</translation>
    </message>
    <message>
      <source>No visit is open. Choose a patient and start or resume a visit.</source>
      <translation>Aucune consultation ouverte. Choisissez un patient puis commencez ou reprenez une consultation.</translation>
    </message>
  </context>
</TS>