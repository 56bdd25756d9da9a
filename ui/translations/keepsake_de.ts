<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Keepsake keeps running</source>
        <translation>Keepsake läuft weiter</translation>
    </message>
    <message>
        <source>Backup goes on in the background. Quit from the tray icon.</source>
        <translation>Die Sicherung läuft im Hintergrund weiter. Beenden können Sie Keepsake über das Symbol im Infobereich.</translation>
    </message>
</context>
<context>
    <name>ks</name>
    <message>
        <source>%1 photos and %2 videos, %3</source>
        <translation>%1 Fotos und %2 Videos, %3</translation>
    </message>
    <message>
        <source>Read this folder?</source>
        <translation>Diesen Ordner lesen?</translation>
    </message>
    <message>
        <source>Keepsake will read the photos and videos in %1 (%2) to find what needs backing up. Nothing is changed or deleted there.</source>
        <translation>Keepsake liest die Fotos und Videos in %1 (%2), um festzustellen, was gesichert werden muss. Dort wird nichts verändert oder gelöscht.</translation>
    </message>
    <message>
        <source>Send copies to &quot;%1&quot;?</source>
        <translation>Kopien an „%1“ senden?</translation>
    </message>
    <message>
        <source>%1 will be copied to &quot;%2&quot; at %3. Keepsake never deletes anything there.</source>
        <translation>%1 werden nach „%2“ unter %3 kopiert. Keepsake löscht dort niemals etwas.</translation>
    </message>
    <message>
        <source>Use metered networks?</source>
        <translation>Getaktete Verbindungen nutzen?</translation>
    </message>
    <message>
        <source>This network may charge by the amount of data. Back up over it anyway?</source>
        <translation>Bei diesem Netzwerk wird womöglich nach Datenmenge abgerechnet. Trotzdem darüber sichern?</translation>
    </message>
    <message>
        <source>Keep backing up in the background?</source>
        <translation>Im Hintergrund weiter sichern?</translation>
    </message>
    <message>
        <source>Keepsake will keep running in the tray when its window is closed, and start when you log in.</source>
        <translation>Keepsake läuft nach dem Schließen des Fensters im Infobereich weiter und startet, wenn Sie sich anmelden.</translation>
    </message>
    <message>
        <source>Include where photos were taken?</source>
        <translation>Aufnahmeorte der Fotos mitsenden?</translation>
    </message>
    <message>
        <source>%1 photos record the place they were taken. Without your yes, Keepsake removes the location from the copies it sends.</source>
        <translation>%1 Fotos enthalten den Ort, an dem sie aufgenommen wurden. Ohne Ihre Zustimmung entfernt Keepsake den Ort aus den Kopien, die es sendet.</translation>
    </message>
    <message>
        <source>Folder %1</source>
        <translation>Ordner %1</translation>
    </message>
    <message>
        <source>WebDAV %1</source>
        <translation>WebDAV %1</translation>
    </message>
    <message>
        <source>WebDAV %1 (%2)</source>
        <translation>WebDAV %1 (%2)</translation>
    </message>
    <message>
        <source>S3 bucket %1 at %2</source>
        <translation>S3-Bucket %1 bei %2</translation>
    </message>
    <message>
        <source>A destination name is 1 to 64 letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, starting with a letter or digit.</source>
        <translation>Ein Zielname besteht aus 1 bis 64 Buchstaben, Ziffern, „.“, „_“ oder „-“ und beginnt mit einem Buchstaben oder einer Ziffer.</translation>
    </message>
</context>
<context>
    <name>ks::BackupExplanation</name>
    <message>
        <source>It is not in a source folder: Keepsake has no source folders yet.</source>
        <translation>Sie liegt in keinem Quellordner: Keepsake hat noch keine Quellordner.</translation>
    </message>
    <message>
        <source>It is not in a source folder, so Keepsake does not back it up. Source folders: %1.</source>
        <translation>Sie liegt in keinem Quellordner, daher sichert Keepsake sie nicht. Quellordner: %1.</translation>
    </message>
    <message>
        <source>This is a folder in %1; ask about a file in it.</source>
        <translation>Das ist ein Ordner in %1; fragen Sie nach einer Datei darin.</translation>
    </message>
    <message>
        <source>It is in %1, which waits for your consent to be read (keepsake-cli consent grant read-source %1).</source>
        <translation>Sie liegt in %1, und dieser Ordner wartet auf Ihre Einwilligung, gelesen zu werden (keepsake-cli consent grant read-source %1).</translation>
    </message>
    <message>
        <source>The source folder %1 could not be read at the last scan: %2.</source>
        <translation>Der Quellordner %1 konnte beim letzten Suchlauf nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>The scan could not take it: %1.</source>
        <translation>Der Suchlauf konnte sie nicht aufnehmen: %1.</translation>
    </message>
    <message>
        <source>The folder %1 could not be read at the last scan: %2.</source>
        <translation>Der Ordner %1 konnte beim letzten Suchlauf nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>There is no such file, and the catalog does not know it.</source>
        <translation>Diese Datei gibt es nicht, und der Katalog kennt sie nicht.</translation>
    </message>
    <message>
        <source>%1 has not been scanned yet; the next scan will find this file.</source>
        <translation>%1 wurde noch nicht durchsucht; der nächste Suchlauf findet diese Datei.</translation>
    </message>
    <message>
        <source>It is newer than the last scan (%1); the next scan will find it.</source>
        <translation>Sie ist neuer als der letzte Suchlauf (%1); der nächste Suchlauf findet sie.</translation>
    </message>
    <message>
        <source>It cannot be read: %1.</source>
        <translation>Sie kann nicht gelesen werden: %1.</translation>
    </message>
    <message>
        <source>It is not a recognised photo or video: its content is none of JPEG, HEIC, PNG, WebP, GIF, TIFF, camera RAW, MP4, MOV, M4V, XMP or AAE (the content decides, not the name).</source>
        <translation>Sie ist kein erkanntes Foto oder Video: Ihr Inhalt ist weder JPEG, HEIC, PNG, WebP, GIF, TIFF, Kamera-RAW, MP4, MOV, M4V, XMP noch AAE (es zählt der Inhalt, nicht der Name).</translation>
    </message>
    <message>
        <source>It is a video the last scan did not catalogue; the next scan will.</source>
        <translation>Sie ist ein Video, das der letzte Suchlauf nicht in den Katalog aufgenommen hat; der nächste Suchlauf holt das nach.</translation>
    </message>
    <message>
        <source>It is a sidecar the last scan did not catalogue; the next scan will.</source>
        <translation>Sie ist eine Begleitdatei, die der letzte Suchlauf nicht in den Katalog aufgenommen hat; der nächste Suchlauf holt das nach.</translation>
    </message>
    <message>
        <source>It is a photo the last scan did not catalogue; the next scan will.</source>
        <translation>Sie ist ein Foto, das der letzte Suchlauf nicht in den Katalog aufgenommen hat; der nächste Suchlauf holt das nach.</translation>
    </message>
    <message>
        <source>The last scan did not find it; the next scan will take it again.</source>
        <translation>Der letzte Suchlauf hat sie nicht gefunden; der nächste Suchlauf nimmt sie wieder auf.</translation>
    </message>
    <message>
        <source>It is gone from the source folder (moved or deleted since %1).</source>
        <translation>Sie ist nicht mehr im Quellordner (seit %1 verschoben oder gelöscht).</translation>
    </message>
    <message>
        <source>It cannot be backed up as it is: %1.</source>
        <translation>Sie kann so, wie sie ist, nicht gesichert werden: %1.</translation>
    </message>
    <message>
        <source>The scan found it but has not read it yet.</source>
        <translation>Der Suchlauf hat sie gefunden, aber noch nicht gelesen.</translation>
    </message>
    <message>
        <source>It changed since the last scan; the new version is backed up after the next scan.</source>
        <translation>Sie hat sich seit dem letzten Suchlauf geändert; die neue Fassung wird nach dem nächsten Suchlauf gesichert.</translation>
    </message>
    <message>
        <source>Its location (GPS) is removed from the copies sent, since there is no consent to share it.</source>
        <translation>Ihr Aufnahmeort (GPS) wird aus den gesendeten Kopien entfernt, da keine Einwilligung vorliegt, ihn weiterzugeben.</translation>
    </message>
    <message>
        <source>There is no destination to back up to yet.</source>
        <translation>Es gibt noch kein Ziel, auf das gesichert werden kann.</translation>
    </message>
    <message>
        <source>Waiting for your consent to upload to %1 (keepsake-cli consent grant upload %1).</source>
        <translation>Wartet auf Ihre Einwilligung, auf %1 hochzuladen (keepsake-cli consent grant upload %1).</translation>
    </message>
    <message>
        <source>Not planned: %1 may not be read.</source>
        <translation>Nicht eingeplant: %1 darf nicht gelesen werden.</translation>
    </message>
    <message>
        <source>Not planned yet; the engine plans it after the next scan.</source>
        <translation>Noch nicht eingeplant; das geschieht nach dem nächsten Suchlauf.</translation>
    </message>
    <message>
        <source>Not backed up.</source>
        <translation>Nicht gesichert.</translation>
    </message>
    <message>
        <source>An earlier version is backed up at %1 (%2); the file changed since, and its new version is planned after the next scan.</source>
        <translation>Eine frühere Fassung ist unter %1 gesichert (%2); die Datei hat sich seitdem geändert, ihre neue Fassung wird nach dem nächsten Suchlauf eingeplant.</translation>
    </message>
    <message>
        <source>Backed up as a duplicate of %1, whose identical content is at %2 (acknowledged %3).</source>
        <translation>Als Duplikat von %1 gesichert, dessen identischer Inhalt unter %2 liegt (bestätigt %3).</translation>
    </message>
    <message>
        <source>Backed up at %1 on %2 (acknowledged by the destination).</source>
        <translation>Gesichert unter %1 am %2 (vom Ziel bestätigt).</translation>
    </message>
    <message>
        <source>Backed up at %1 on %2 (acknowledged by the destination, tag %3).</source>
        <translation>Gesichert unter %1 am %2 (vom Ziel bestätigt, Tag %3).</translation>
    </message>
    <message>
        <source>Uploading now, to %1.</source>
        <translation>Wird gerade hochgeladen, nach %1.</translation>
    </message>
    <message>
        <source>Sent to %1; waiting for the destination to confirm the copy.</source>
        <translation>An %1 gesendet; wartet darauf, dass das Ziel die Kopie bestätigt.</translation>
    </message>
    <message>
        <source>Failed: %1. It waits for you to retry: the Failures tab, or keepsake-cli retry %2.</source>
        <translation>Fehlgeschlagen: %1. Sie wartet darauf, dass Sie es erneut versuchen: im Reiter „Fehler“ oder mit keepsake-cli retry %2.</translation>
    </message>
    <message>
        <source>Skipped by you. To back it up: keepsake-cli retry %1.</source>
        <translation>Von Ihnen übersprungen. Um sie zu sichern: keepsake-cli retry %1.</translation>
    </message>
    <message>
        <source>Registered; it will be queued.</source>
        <translation>Erfasst; sie wird in die Warteschlange gestellt.</translation>
    </message>
    <message>
        <source>Waiting for your consent to read %1.</source>
        <translation>Wartet auf Ihre Einwilligung, %1 zu lesen.</translation>
    </message>
    <message>
        <source>Identical content (%1) is on its way to %2 (%3); this file counts as backed up when that copy is acknowledged.</source>
        <translation>Identischer Inhalt (%1) ist unterwegs nach %2 (%3); diese Datei gilt als gesichert, sobald diese Kopie bestätigt ist.</translation>
    </message>
    <message>
        <source>Queued, but paused by you until you resume.</source>
        <translation>In der Warteschlange, aber von Ihnen pausiert, bis Sie fortsetzen.</translation>
    </message>
    <message>
        <source>Queued, but paused by you until %1.</source>
        <translation>In der Warteschlange, aber von Ihnen pausiert bis %1.</translation>
    </message>
    <message>
        <source>Queued, but paused by policy: %1.</source>
        <translation>In der Warteschlange, aber durch eine Regel pausiert: %1.</translation>
    </message>
    <message numerus="yes">
        <source>Failed (%n attempt(s) so far): %1. Next try at %2.</source>
        <translation>
            <numerusform>Fehlgeschlagen (bisher %n Versuch): %1. Nächster Versuch um %2.</numerusform>
            <numerusform>Fehlgeschlagen (bisher %n Versuche): %1. Nächster Versuch um %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Queued; waits until %1.</source>
        <translation>In der Warteschlange; wartet bis %1.</translation>
    </message>
    <message>
        <source>Queued; waiting: %1.</source>
        <translation>In der Warteschlange; wartet: %1.</translation>
    </message>
    <message>
        <source>Queued as %1, number %2 in line (an earlier attempt may have sent it: the destination is checked first).</source>
        <translation>In der Warteschlange als %1, an Stelle %2 (ein früherer Versuch hat sie womöglich schon gesendet: das Ziel wird zuerst geprüft).</translation>
    </message>
    <message>
        <source>Queued as %1, number %2 in line.</source>
        <translation>In der Warteschlange als %1, an Stelle %2.</translation>
    </message>
</context>
<context>
    <name>ks::ConnectionTester</name>
    <message>
        <source>Connected: Keepsake can sign in and write there (%1).</source>
        <translation>Verbunden: Keepsake kann sich dort anmelden und schreiben (%1).</translation>
    </message>
    <message>
        <source>Not connected: the server&apos;s certificate is not trusted, so Keepsake sends nothing there. Its SHA-256 fingerprint is %1.</source>
        <translation>Nicht verbunden: Dem Zertifikat des Servers wird nicht vertraut, daher sendet Keepsake nichts dorthin. Sein SHA-256-Fingerabdruck ist %1.</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>Nicht verbunden: %1</translation>
    </message>
</context>
<context>
    <name>ks::ConsentDialog</name>
    <message>
        <source>Allow</source>
        <translation>Erlauben</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Jetzt nicht</translation>
    </message>
    <message>
        <source>Allow: %1</source>
        <translation>Erlauben: %1</translation>
    </message>
</context>
<context>
    <name>ks::DestinationDialog</name>
    <message>
        <source>Destination %1</source>
        <translation>Ziel %1</translation>
    </message>
    <message>
        <source>Add a destination</source>
        <translation>Ziel hinzufügen</translation>
    </message>
    <message>
        <source>Destination name</source>
        <translation>Name des Ziels</translation>
    </message>
    <message>
        <source>Why the destination was not saved</source>
        <translation>Warum das Ziel nicht gespeichert wurde</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
</context>
<context>
    <name>ks::DestinationForm</name>
    <message>
        <source>Kind of destination</source>
        <translation>Art des Ziels</translation>
    </message>
    <message>
        <source>Local or NAS folder</source>
        <translation>Lokaler oder NAS-Ordner</translation>
    </message>
    <message>
        <source>WebDAV (Nextcloud, ownCloud, NAS)</source>
        <translation>WebDAV (Nextcloud, ownCloud, NAS)</translation>
    </message>
    <message>
        <source>S3-compatible storage</source>
        <translation>S3-kompatibler Speicher</translation>
    </message>
    <message>
        <source>Problem with the address</source>
        <translation>Problem mit der Adresse</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Ergebnis des Verbindungstests</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Verbindung wird getestet…</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Art:</translation>
    </message>
    <message>
        <source>Backup folder</source>
        <translation>Sicherungsordner</translation>
    </message>
    <message>
        <source>/media/me/BackupDisk/Photos</source>
        <translation>/media/ich/Sicherungsplatte/Fotos</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose the backup folder</source>
        <translation>Sicherungsordner wählen</translation>
    </message>
    <message>
        <source>Copy to this f&amp;older (disk or NAS):</source>
        <translation>In diesen Ordner &amp;kopieren (Festplatte oder NAS):</translation>
    </message>
    <message>
        <source>WebDAV address</source>
        <translation>WebDAV-Adresse</translation>
    </message>
    <message>
        <source>https://cloud.example/remote.php/dav/files/me/Photos</source>
        <translation>https://cloud.example/remote.php/dav/files/ich/Fotos</translation>
    </message>
    <message>
        <source>WebDAV user name</source>
        <translation>WebDAV-Benutzername</translation>
    </message>
    <message>
        <source>WebDAV password</source>
        <translation>WebDAV-Passwort</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>A&amp;dresse:</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>The password is kept in your system&apos;s keychain, nowhere else.</source>
        <translation>Das Passwort wird im Schlüsselbund Ihres Systems aufbewahrt und nirgendwo sonst.</translation>
    </message>
    <message>
        <source>S3 endpoint</source>
        <translation>S3-Endpunkt</translation>
    </message>
    <message>
        <source>https://s3.example:9000</source>
        <translation>https://s3.example:9000</translation>
    </message>
    <message>
        <source>S3 region</source>
        <translation>S3-Region</translation>
    </message>
    <message>
        <source>S3 bucket</source>
        <translation>S3-Bucket</translation>
    </message>
    <message>
        <source>Folder in the bucket</source>
        <translation>Ordner im Bucket</translation>
    </message>
    <message>
        <source>photos</source>
        <translation>fotos</translation>
    </message>
    <message>
        <source>S3 addressing style</source>
        <translation>S3-Adressierungsweise</translation>
    </message>
    <message>
        <source>Path style (most self-hosted servers)</source>
        <translation>Pfad-Stil (die meisten selbst betriebenen Server)</translation>
    </message>
    <message>
        <source>Virtual-host style (AWS and most providers)</source>
        <translation>Virtual-Host-Stil (AWS und die meisten Anbieter)</translation>
    </message>
    <message>
        <source>S3 access key ID</source>
        <translation>S3-Zugriffsschlüssel-ID</translation>
    </message>
    <message>
        <source>S3 secret key</source>
        <translation>Geheimer S3-Schlüssel</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>&amp;Endpunkt:</translation>
    </message>
    <message>
        <source>&amp;Region:</source>
        <translation>&amp;Region:</translation>
    </message>
    <message>
        <source>B&amp;ucket:</source>
        <translation>B&amp;ucket:</translation>
    </message>
    <message>
        <source>F&amp;older in bucket:</source>
        <translation>&amp;Ordner im Bucket:</translation>
    </message>
    <message>
        <source>Addressing st&amp;yle:</source>
        <translation>Adressierungs&amp;weise:</translation>
    </message>
    <message>
        <source>&amp;Access key ID:</source>
        <translation>&amp;Zugriffsschlüssel-ID:</translation>
    </message>
    <message>
        <source>&amp;Secret key:</source>
        <translation>&amp;Geheimer Schlüssel:</translation>
    </message>
    <message>
        <source>The secret key is kept in your system&apos;s keychain, nowhere else.</source>
        <translation>Der geheime Schlüssel wird im Schlüsselbund Ihres Systems aufbewahrt und nirgendwo sonst.</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
</context>
<context>
    <name>ks::EngineStatus</name>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>vor %n Minute</numerusform>
            <numerusform>vor %n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>vor %n Stunde</numerusform>
            <numerusform>vor %n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <source>Backing up %1 of %2</source>
        <translation>Wird gesichert: %1 von %2</translation>
    </message>
    <message numerus="yes">
        <source>Needs attention: %n failure(s)</source>
        <translation>
            <numerusform>Handlungsbedarf: %n Fehler</numerusform>
            <numerusform>Handlungsbedarf: %n Fehler</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting for your consent: %1</source>
        <translation>Wartet auf Ihre Einwilligung: %1</translation>
    </message>
    <message>
        <source>Looking for new photos</source>
        <translation>Suche nach neuen Fotos</translation>
    </message>
    <message numerus="yes">
        <source>Waiting to retry %n file(s)</source>
        <translation>
            <numerusform>%n Datei wird später erneut versucht</numerusform>
            <numerusform>%n Dateien werden später erneut versucht</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to back up yet</source>
        <translation>Noch nichts zu sichern</translation>
    </message>
    <message>
        <source>Up to date, last checked %1</source>
        <translation>Alles gesichert, zuletzt geprüft %1</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>Alles gesichert</translation>
    </message>
    <message>
        <source>Backing up %1 of %2 found so far</source>
        <translation>Wird gesichert: %1 von %2 bisher gefundenen</translation>
    </message>
</context>
<context>
    <name>ks::FailuresModel</name>
    <message>
        <source>when you retry</source>
        <translation>wenn Sie es erneut versuchen</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Versuche</translation>
    </message>
    <message>
        <source>Next try</source>
        <translation>Nächster Versuch</translation>
    </message>
</context>
<context>
    <name>ks::HistoryModel</name>
    <message>
        <source>When</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Stored as</source>
        <translation>Gespeichert als</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>ks::LibraryTab</name>
    <message>
        <source>In your source folders</source>
        <translation>In Ihren Quellordnern</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Files by kind</source>
        <translation>Dateien nach Art</translation>
    </message>
    <message>
        <source>Safely backed up</source>
        <translation>Sicher gesichert</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Backed up per destination</source>
        <translation>Gesichert je Ziel</translation>
    </message>
    <message>
        <source>Counted only once the destination confirmed the copy.</source>
        <translation>Erst gezählt, wenn das Ziel die Kopie bestätigt hat.</translation>
    </message>
    <message>
        <source>Why is a file not backed up?</source>
        <translation>Warum ist eine Datei nicht gesichert?</translation>
    </message>
    <message>
        <source>Path of a file</source>
        <translation>Pfad einer Datei</translation>
    </message>
    <message>
        <source>File to explain</source>
        <translation>Zu erklärende Datei</translation>
    </message>
    <message>
        <source>C&amp;hoose file…</source>
        <translation>Datei &amp;wählen…</translation>
    </message>
    <message>
        <source>E&amp;xplain</source>
        <translation>E&amp;rklären</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>Erklärung</translation>
    </message>
    <message>
        <source>Type or choose a file to learn, per destination, whether it is backed up and, if not, what it waits for.</source>
        <translation>Geben Sie eine Datei ein oder wählen Sie eine aus, um je Ziel zu erfahren, ob sie gesichert ist und, falls nicht, worauf sie wartet.</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>RAW</source>
        <translation>RAW</translation>
    </message>
    <message>
        <source>Videos</source>
        <translation>Videos</translation>
    </message>
    <message>
        <source>Sidecars</source>
        <translation>Begleitdateien</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Gesamt</translation>
    </message>
    <message>
        <source>The catalog could not be read.</source>
        <translation>Der Katalog konnte nicht gelesen werden.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) cannot be backed up as they are; ask why below.</source>
        <translation>
            <numerusform>%n Datei kann so nicht gesichert werden; fragen Sie unten nach dem Grund.</numerusform>
            <numerusform>%n Dateien können so nicht gesichert werden; fragen Sie unten nach dem Grund.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Looking…</source>
        <translation>Wird gesucht…</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Datei wählen</translation>
    </message>
</context>
<context>
    <name>ks::MainWindow</name>
    <message>
        <source>Keepsake</source>
        <translation>Keepsake</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <source>Backup status</source>
        <translation>Sicherungsstatus</translation>
    </message>
    <message>
        <source>Overall progress</source>
        <translation>Gesamtfortschritt</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausieren</translation>
    </message>
    <message>
        <source>For an hour</source>
        <translation>Für eine Stunde</translation>
    </message>
    <message>
        <source>Until tomorrow</source>
        <translation>Bis morgen</translation>
    </message>
    <message>
        <source>Until I resume</source>
        <translation>Bis ich fortsetze</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>F&amp;ortsetzen</translation>
    </message>
    <message>
        <source>&amp;Now</source>
        <translation>&amp;Jetzt</translation>
    </message>
    <message>
        <source>&amp;Failures</source>
        <translation>&amp;Fehler</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Verlauf</translation>
    </message>
    <message>
        <source>&amp;Consents</source>
        <translation>&amp;Einwilligungen</translation>
    </message>
    <message>
        <source>Current transfers</source>
        <translation>Laufende Übertragungen</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Retry &amp;all</source>
        <translation>&amp;Alle wiederholen</translation>
    </message>
    <message>
        <source>&amp;Skip</source>
        <translation>Über&amp;springen</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>Im Ordner &amp;zeigen</translation>
    </message>
    <message>
        <source>Search file names</source>
        <translation>Dateinamen durchsuchen</translation>
    </message>
    <message>
        <source>Search history</source>
        <translation>Verlauf durchsuchen</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <source>Backed up</source>
        <translation>Gesichert</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Retried</source>
        <translation>Erneut versucht</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>CSV e&amp;xportieren…</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>Verlauf exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Consents in force</source>
        <translation>Erteilte Einwilligungen</translation>
    </message>
    <message>
        <source>Re&amp;voke</source>
        <translation>Wider&amp;rufen</translation>
    </message>
    <message>
        <source>What you allowed Keepsake to do. Revoking stops that work at once.</source>
        <translation>Was Sie Keepsake erlaubt haben. Ein Widerruf beendet die betroffene Arbeit sofort.</translation>
    </message>
    <message>
        <source>%1 %2 — since %3</source>
        <translation>%1 %2 — seit %3</translation>
    </message>
    <message>
        <source>&amp;Failures (%1)</source>
        <translation>&amp;Fehler (%1)</translation>
    </message>
    <message>
        <source>%1 of %2 files, %3 of %4</source>
        <translation>%1 von %2 Dateien, %3 von %4</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>noch etwa %1 Min.</translation>
    </message>
    <message>
        <source>Looking for new and changed photos…</source>
        <translation>Suche nach neuen und geänderten Fotos…</translation>
    </message>
    <message>
        <source>Nothing is being sent right now.</source>
        <translation>Im Moment wird nichts gesendet.</translation>
    </message>
    <message>
        <source>%1 → %2  %3%</source>
        <translation>%1 → %2  %3 %</translation>
    </message>
    <message>
        <source>Settin&amp;gs…</source>
        <translation>Ein&amp;stellungen…</translation>
    </message>
    <message>
        <source>&amp;Library</source>
        <translation>&amp;Bibliothek</translation>
    </message>
</context>
<context>
    <name>ks::PolicyGate</name>
    <message>
        <source>paused: offline</source>
        <translation>pausiert: offline</translation>
    </message>
    <message>
        <source>paused: the network needs a sign-in (captive portal)</source>
        <translation>pausiert: das Netzwerk verlangt eine Anmeldung (Captive Portal)</translation>
    </message>
    <message>
        <source>paused: metered network (no consent)</source>
        <translation>pausiert: getaktete Verbindung (keine Einwilligung)</translation>
    </message>
    <message>
        <source>paused: battery low at %1%</source>
        <translation>pausiert: Akku schwach (%1 %)</translation>
    </message>
    <message>
        <source>paused: on battery at %1%</source>
        <translation>pausiert: Akkubetrieb (%1 %)</translation>
    </message>
    <message>
        <source>paused: on battery</source>
        <translation>pausiert: Akkubetrieb</translation>
    </message>
    <message>
        <source>paused: outside the backup window %1–%2</source>
        <translation>pausiert: außerhalb des Sicherungszeitraums %1–%2</translation>
    </message>
</context>
<context>
    <name>ks::SettingsController</name>
    <message>
        <source>%1 is not a folder.</source>
        <translation>%1 ist kein Ordner.</translation>
    </message>
    <message>
        <source>Counting the photos and videos in %1…</source>
        <translation>Fotos und Videos in %1 werden gezählt…</translation>
    </message>
    <message>
        <source>%1 was not added: Keepsake may not read it.</source>
        <translation>%1 wurde nicht hinzugefügt: Keepsake darf den Ordner nicht lesen.</translation>
    </message>
    <message>
        <source>Added %1.</source>
        <translation>%1 hinzugefügt.</translation>
    </message>
    <message>
        <source>There is already a destination named &quot;%1&quot;.</source>
        <translation>Es gibt bereits ein Ziel namens „%1“.</translation>
    </message>
    <message>
        <source>There is no destination named &quot;%1&quot;.</source>
        <translation>Es gibt kein Ziel namens „%1“.</translation>
    </message>
    <message>
        <source>The settings could not be saved in the catalog.</source>
        <translation>Die Einstellungen konnten nicht im Katalog gespeichert werden.</translation>
    </message>
    <message>
        <source>The folder and file name pattern &quot;%1&quot; cannot be used: %2</source>
        <translation>Das Muster für Ordner- und Dateinamen „%1“ kann nicht verwendet werden: %2</translation>
    </message>
</context>
<context>
    <name>ks::SettingsDialog</name>
    <message>
        <source>Keepsake settings</source>
        <translation>Keepsake-Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>&amp;Quellen</translation>
    </message>
    <message>
        <source>&amp;Destinations</source>
        <translation>&amp;Ziele</translation>
    </message>
    <message>
        <source>&amp;Policies</source>
        <translation>&amp;Regeln</translation>
    </message>
    <message>
        <source>Ad&amp;vanced</source>
        <translation>Er&amp;weitert</translation>
    </message>
    <message>
        <source>Settings message</source>
        <translation>Meldung der Einstellungen</translation>
    </message>
    <message>
        <source>The password of %1 was not stored: %2</source>
        <translation>Das Passwort für %1 wurde nicht gespeichert: %2</translation>
    </message>
    <message>
        <source>The password of %1 is stored in the keychain.</source>
        <translation>Das Passwort für %1 ist im Schlüsselbund gespeichert.</translation>
    </message>
    <message>
        <source>Folders to back up</source>
        <translation>Zu sichernde Ordner</translation>
    </message>
    <message>
        <source>&amp;Folders Keepsake backs up:</source>
        <translation>&amp;Ordner, die Keepsake sichert:</translation>
    </message>
    <message>
        <source>&amp;Add folder…</source>
        <translation>Ordner &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Choose a folder to back up</source>
        <translation>Zu sichernden Ordner wählen</translation>
    </message>
    <message>
        <source>Removed %1. Nothing already backed up is deleted anywhere.</source>
        <translation>%1 entfernt. Bereits Gesichertes wird nirgendwo gelöscht.</translation>
    </message>
    <message>
        <source>Destinations</source>
        <translation>Ziele</translation>
    </message>
    <message>
        <source>&amp;Where Keepsake sends copies:</source>
        <translation>Wohin Keepsake Kopien &amp;sendet:</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>&amp;Edit or change password…</source>
        <translation>&amp;Bearbeiten oder Passwort ändern…</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>&amp;Forget certificate</source>
        <translation>Zertifikat &amp;vergessen</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>Ergebnis des Verbindungstests</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>Verbindung wird getestet…</translation>
    </message>
    <message>
        <source>Keepsake no longer trusts the certificate it was told to trust for %1.</source>
        <translation>Keepsake vertraut dem Zertifikat nicht mehr, dem es für %1 vertrauen sollte.</translation>
    </message>
    <message>
        <source>Remove %1?</source>
        <translation>%1 entfernen?</translation>
    </message>
    <message>
        <source>Keepsake will stop sending copies to %1 and forget its password and history. Files already there stay.</source>
        <translation>Keepsake sendet keine Kopien mehr an %1 und vergisst Passwort und Verlauf dieses Ziels. Dateien, die schon dort sind, bleiben erhalten.</translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation>%1 entfernt.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source> (trusted certificate %1…)</source>
        <translation> (vertrautes Zertifikat %1…)</translation>
    </message>
    <message>
        <source>Back up over &amp;metered networks (mobile data, hotspots)</source>
        <translation>Über &amp;getaktete Verbindungen sichern (mobile Daten, Hotspots)</translation>
    </message>
    <message>
        <source>Back up on ba&amp;ttery power</source>
        <translation>Im &amp;Akkubetrieb sichern</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Pause when the battery is below this level</source>
        <translation>Pausieren, wenn der Akkustand darunter liegt</translation>
    </message>
    <message>
        <source>Only back up bet&amp;ween</source>
        <translation>Nur s&amp;ichern zwischen</translation>
    </message>
    <message>
        <source>Backup window start</source>
        <translation>Beginn des Sicherungszeitraums</translation>
    </message>
    <message>
        <source>Backup window end</source>
        <translation>Ende des Sicherungszeitraums</translation>
    </message>
    <message>
        <source> KB/s</source>
        <translation> KB/s</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>Bandwidth limit in kilobytes per second</source>
        <translation>Bandbreitenbegrenzung in Kilobyte pro Sekunde</translation>
    </message>
    <message>
        <source>but pause b&amp;elow</source>
        <translation>aber pausieren &amp;unter</translation>
    </message>
    <message>
        <source>&amp;and</source>
        <translation>u&amp;nd</translation>
    </message>
    <message>
        <source>&amp;Limit upload speed to:</source>
        <translation>Upload-Geschwindigkeit &amp;begrenzen auf:</translation>
    </message>
    <message>
        <source>Turning this on asks for your consent first.</source>
        <translation>Beim Einschalten werden Sie zuerst um Ihre Einwilligung gebeten.</translation>
    </message>
    <message>
        <source>Where each photo goes at the destination. Use {year}, {month}, {day} (when it was taken), {source} (the folder&apos;s name), {filename}, {basename}, {ext} and {hash8}.</source>
        <translation>Wo jedes Foto am Ziel abgelegt wird. Verwenden Sie {year}, {month}, {day} (Aufnahmedatum), {source} (Name des Ordners), {filename}, {basename}, {ext} und {hash8}.</translation>
    </message>
    <message>
        <source>&amp;Transfers at the same time:</source>
        <translation>Gleichzeitige Ü&amp;bertragungen:</translation>
    </message>
    <message>
        <source>&amp;Folder and file names:</source>
        <translation>&amp;Ordner- und Dateinamen:</translation>
    </message>
    <message>
        <source>Saved. Metered networks stay off: you did not allow them.</source>
        <translation>Gespeichert. Getaktete Verbindungen bleiben aus: Sie haben sie nicht erlaubt.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>Show desktop &amp;notifications (backup complete, new failures)</source>
        <translation>Desktop-Be&amp;nachrichtigungen zeigen (Sicherung fertig, neue Fehler)</translation>
    </message>
</context>
<context>
    <name>ks::SetupDialog</name>
    <message>
        <source>Set up Keepsake</source>
        <translation>Keepsake einrichten</translation>
    </message>
    <message>
        <source>Folder to back up</source>
        <translation>Zu sichernder Ordner</translation>
    </message>
    <message>
        <source>backup-disk</source>
        <translation>Sicherungsplatte</translation>
    </message>
    <message>
        <source>Destination name</source>
        <translation>Name des Ziels</translation>
    </message>
    <message>
        <source>Keepsake copies your photos and videos to a place you choose and keeps that copy up to date. Choose what to back up and where; Keepsake will then ask before it reads or sends anything.</source>
        <translation>Keepsake kopiert Ihre Fotos und Videos an einen Ort Ihrer Wahl und hält diese Kopie aktuell. Wählen Sie, was wohin gesichert werden soll; Keepsake fragt dann nach, bevor es etwas liest oder sendet.</translation>
    </message>
    <message>
        <source>Back up this &amp;folder:</source>
        <translation>Diesen &amp;Ordner sichern:</translation>
    </message>
    <message>
        <source>Choose the folder to back up</source>
        <translation>Zu sichernden Ordner wählen</translation>
    </message>
    <message>
        <source>Destination &amp;name:</source>
        <translation>&amp;Name des Ziels:</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
</context>
<context>
    <name>ks::StatusReader</name>
    <message>
        <source>paused by you</source>
        <translation>von Ihnen pausiert</translation>
    </message>
    <message>
        <source>paused by you until %1</source>
        <translation>von Ihnen pausiert bis %1</translation>
    </message>
</context>
<context>
    <name>ks::TrayIcon</name>
    <message>
        <source>Open Keepsake</source>
        <translation>Keepsake öffnen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Some files need attention</source>
        <translation>Einige Dateien brauchen Ihre Aufmerksamkeit</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) could not be backed up.</source>
        <translation>
            <numerusform>%n Datei konnte nicht gesichert werden.</numerusform>
            <numerusform>%n Dateien konnten nicht gesichert werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Backup complete</source>
        <translation>Sicherung abgeschlossen</translation>
    </message>
    <message>
        <source>Open Keepsake to see why.</source>
        <translation>Öffnen Sie Keepsake, um den Grund zu sehen.</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) backed up.</source>
        <translation>
            <numerusform>%n Datei gesichert.</numerusform>
            <numerusform>%n Dateien gesichert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Everything is backed up.</source>
        <translation>Alles ist gesichert.</translation>
    </message>
    <message>
        <source>Backup finished with problems</source>
        <translation>Sicherung mit Problemen beendet</translation>
    </message>
</context>
<context>
    <name>ks::TrustDialog</name>
    <message>
        <source>Trust this server&apos;s certificate?</source>
        <translation>Dem Zertifikat dieses Servers vertrauen?</translation>
    </message>
    <message>
        <source>Your system does not trust the certificate of %1</source>
        <translation>Ihr System vertraut dem Zertifikat von %1 nicht</translation>
    </message>
    <message>
        <source>This is normal for a home NAS or server with a certificate it made itself. It can also mean that someone is intercepting the connection.

Compare the fingerprint below with the one your server shows (in its admin page, or ask whoever runs it). Trust it only if every character is the same. Keepsake will then trust this one certificate for this destination, and no other.</source>
        <translation>Das ist bei einem NAS oder Server zu Hause mit einem selbst erstellten Zertifikat normal. Es kann aber auch bedeuten, dass jemand die Verbindung abfängt.

Vergleichen Sie den Fingerabdruck unten mit dem, den Ihr Server anzeigt (auf seiner Verwaltungsseite, oder fragen Sie, wer ihn betreibt). Vertrauen Sie ihm nur, wenn jedes Zeichen übereinstimmt. Keepsake vertraut dann genau diesem einen Zertifikat für dieses Ziel und keinem anderen.</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256-Fingerabdruck:</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation>SHA-256-Fingerabdruck</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate</source>
        <translation>Diesem Zertifikat &amp;vertrauen</translation>
    </message>
    <message>
        <source>Trust the certificate of %1</source>
        <translation>Dem Zertifikat von %1 vertrauen</translation>
    </message>
</context>
</TS>
