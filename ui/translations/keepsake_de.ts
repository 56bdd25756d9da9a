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
        <source>Backup folder</source>
        <translation>Sicherungsordner</translation>
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
        <source>Copy to this f&amp;older (disk or NAS):</source>
        <translation>In diesen Ordner &amp;kopieren (Festplatte oder NAS):</translation>
    </message>
    <message>
        <source>Choose the backup folder</source>
        <translation>Sicherungsordner wählen</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Weiter</translation>
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
    <message numerus="yes">
        <source>All %n file(s) are backed up.</source>
        <translation>
            <numerusform>%n Datei ist gesichert.</numerusform>
            <numerusform>Alle %n Dateien sind gesichert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ks::TrustDialog</name>
    <message>
        <source>Trust this server&apos;s certificate?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your system does not trust the certificate of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is normal for a home NAS or server with a certificate it made itself. It can also mean that someone is intercepting the connection.

Compare the fingerprint below with the one your server shows (in its admin page, or ask whoever runs it). Trust it only if every character is the same. Keepsake will then trust this one certificate for this destination, and no other.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trust this certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust the certificate of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
