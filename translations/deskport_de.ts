<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>deskport::ConsentDialog</name>
    <message>
        <source>Deskport: someone wants to connect</source>
        <translation>Deskport: Jemand möchte sich verbinden</translation>
    </message>
    <message>
        <source>&amp;Allow</source>
        <translation>&amp;Zulassen</translation>
    </message>
    <message>
        <source>&amp;Deny</source>
        <translation>&amp;Ablehnen</translation>
    </message>
    <message>
        <source>%1 logged in with the control password and wants to see this screen and use its mouse and keyboard.</source>
        <translation>%1 hat sich mit dem Steuerungspasswort angemeldet und möchte diesen Bildschirm sehen und Maus und Tastatur benutzen.</translation>
    </message>
    <message>
        <source>%1 logged in with the view-only password and wants to watch this screen.</source>
        <translation>%1 hat sich mit dem Nur-Ansehen-Passwort angemeldet und möchte diesen Bildschirm ansehen.</translation>
    </message>
    <message numerus="yes">
        <source>Without an answer it is denied in %n second(s).</source>
        <translation>
            <numerusform>Ohne Antwort wird in %n Sekunde abgelehnt.</numerusform>
            <numerusform>Ohne Antwort wird in %n Sekunden abgelehnt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>deskport::PtyProcess</name>
    <message>
        <source>This terminal was already started.</source>
        <translation>Dieses Terminal wurde bereits gestartet.</translation>
    </message>
    <message>
        <source>The terminal size %1x%2 is out of range (%3 to %4 columns and rows).</source>
        <translation>Die Terminalgröße %1x%2 liegt außerhalb des Bereichs (%3 bis %4 Spalten und Zeilen).</translation>
    </message>
    <message>
        <source>The program to run must be given as an absolute path, not &quot;%1&quot;.</source>
        <translation>Das auszuführende Programm muss als absoluter Pfad angegeben werden, nicht „%1“.</translation>
    </message>
    <message>
        <source>The command line, folder or environment contains a NUL character.</source>
        <translation>Befehlszeile, Ordner oder Umgebung enthalten ein NUL-Zeichen.</translation>
    </message>
    <message>
        <source>The environment entry &quot;%1&quot; is not of the form NAME=value.</source>
        <translation>Der Umgebungseintrag „%1“ hat nicht die Form NAME=Wert.</translation>
    </message>
    <message>
        <source>Cannot open a pseudo-terminal: %1</source>
        <translation>Pseudo-Terminal kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Cannot start a process: %1</source>
        <translation>Prozess kann nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>Cannot run %1: the process failed before starting it.</source>
        <translation>%1 kann nicht ausgeführt werden: Der Prozess ist vor dem Start gescheitert.</translation>
    </message>
    <message>
        <source>Cannot change to the folder %1: %2</source>
        <translation>Wechsel in den Ordner %1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation>%1 kann nicht ausgeführt werden: %2</translation>
    </message>
</context>
<context>
    <name>deskport::QrDialog</name>
    <message>
        <source>Turn on sharing to get a link.</source>
        <translation>Für einen Link zuerst die Bildschirmfreigabe einschalten.</translation>
    </message>
    <message>
        <source>This link is too long for a QR code.</source>
        <translation>Dieser Link ist zu lang für einen QR-Code.</translation>
    </message>
    <message>
        <source>Deskport link as a QR code</source>
        <translation>Deskport-Link als QR-Code</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>deskport::SettingsDialog</name>
    <message>
        <source>%1 fps</source>
        <translation>%1 fps</translation>
    </message>
    <message>
        <source>All addresses</source>
        <translation>Alle Adressen</translation>
    </message>
    <message>
        <source>This computer only (127.0.0.1)</source>
        <translation>Nur dieser Computer (127.0.0.1)</translation>
    </message>
    <message>
        <source>Full size</source>
        <translation>Originalgröße</translation>
    </message>
    <message>
        <source>All screens</source>
        <translation>Alle Bildschirme</translation>
    </message>
    <message>
        <source>Screen %1: %2 (%3)</source>
        <translation>Bildschirm %1: %2 (%3)</translation>
    </message>
    <message>
        <source>Bind address: %1</source>
        <translation>Netzwerkadresse: %1</translation>
    </message>
    <message>
        <source>Control password: %1</source>
        <translation>Steuerungspasswort: %1</translation>
    </message>
    <message>
        <source>Enter a view-only password, or turn view-only access off.</source>
        <translation>Bitte ein Nur-Ansehen-Passwort eingeben oder den Nur-Ansehen-Zugang ausschalten.</translation>
    </message>
    <message>
        <source>View-only password: %1</source>
        <translation>Nur-Ansehen-Passwort: %1</translation>
    </message>
    <message>
        <source>The control and view-only passwords must differ.</source>
        <translation>Steuerungspasswort und Nur-Ansehen-Passwort müssen sich unterscheiden.</translation>
    </message>
    <message>
        <source>Deskport Settings</source>
        <translation>Deskport-Einstellungen</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Passwords</source>
        <translation>Passwörter</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>&amp;Erreichbar über:</translation>
    </message>
    <message>
        <source>&amp;Control password:</source>
        <translation>&amp;Steuerungspasswort:</translation>
    </message>
    <message>
        <source>&amp;View-only password:</source>
        <translation>&amp;Nur-Ansehen-Passwort:</translation>
    </message>
    <message>
        <source>&amp;Framerate:</source>
        <translation>&amp;Bildrate:</translation>
    </message>
    <message>
        <source>&amp;Quality:</source>
        <translation>&amp;Qualität:</translation>
    </message>
    <message>
        <source>&amp;Maximum resolution:</source>
        <translation>&amp;Maximale Auflösung:</translation>
    </message>
    <message>
        <source>&amp;Screen:</source>
        <translation>Bil&amp;dschirm:</translation>
    </message>
    <message>
        <source>L&amp;anguage:</source>
        <translation>Spr&amp;ache:</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>unverändert</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Erzeugen</translation>
    </message>
    <message>
        <source>Allow view-only viewers</source>
        <translation>Nur-Ansehen-Zugang erlauben</translation>
    </message>
    <message>
        <source>Show passwords</source>
        <translation>Passwörter anzeigen</translation>
    </message>
    <message>
        <source>Start sharing when I log in</source>
        <translation>Bildschirm bei der Anmeldung freigeben</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>The most frames per second any viewer gets</source>
        <translation>Höchstzahl der Bilder pro Sekunde, die ein Zuschauer erhält</translation>
    </message>
    <message>
        <source>JPEG quality: higher looks better and needs more bandwidth</source>
        <translation>JPEG-Qualität: Höhere Werte sehen besser aus, brauchen aber mehr Bandbreite</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Deskport made this control password for you. Give it only to people who may use this computer; you can also type your own. It is stored hashed and shown only now.</source>
        <translation>Deskport hat dieses Steuerungspasswort erzeugt. Es nur an Personen weitergeben, die diesen Computer bedienen dürfen; ein eigenes Passwort kann auch eingetippt werden. Es wird nur als Hash gespeichert und nur jetzt angezeigt.</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>Ordner: %1</translation>
    </message>
    <message>
        <source>Choose a folder for the file panel</source>
        <translation>Ordner für die Dateiansicht wählen</translation>
    </message>
    <message>
        <source>Host tools</source>
        <translation>Werkzeuge dieses Computers</translation>
    </message>
    <message>
        <source>Share the clipboard with control viewers</source>
        <translation>Zwischenablage mit steuernden Zuschauern teilen</translation>
    </message>
    <message>
        <source>File access for control viewers</source>
        <translation>Dateizugriff für steuernde Zuschauer</translation>
    </message>
    <message>
        <source>Terminal for control viewers</source>
        <translation>Terminal für steuernde Zuschauer</translation>
    </message>
    <message>
        <source>System panel for view-only viewers</source>
        <translation>Systemansicht auch für Nur-Ansehen-Zuschauer</translation>
    </message>
    <message>
        <source>Control viewers always see the system panel</source>
        <translation>Steuernde Zuschauer sehen die Systemansicht immer</translation>
    </message>
    <message>
        <source>F&amp;olders for the file panel:</source>
        <translation>&amp;Ordner für die Dateiansicht:</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>With no folder listed, the file panel offers your home folder (%1).</source>
        <translation>Ist kein Ordner eingetragen, zeigt die Dateiansicht den persönlichen Ordner (%1).</translation>
    </message>
    <message>
        <source>Choose a PEM certificate</source>
        <translation>PEM-Zertifikat wählen</translation>
    </message>
    <message>
        <source>Choose its private key</source>
        <translation>Zugehörigen privaten Schlüssel wählen</translation>
    </message>
    <message>
        <source>Certificate: give both the certificate and its key, or neither (Deskport&apos;s own).</source>
        <translation>Zertifikat: Zertifikat und Schlüssel zusammen angeben oder keines von beiden (dann Deskports eigenes).</translation>
    </message>
    <message>
        <source>Certificate: %1</source>
        <translation>Zertifikat: %1</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Schlüssel: %1</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM-Dateien (*.pem *.crt *.key);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Sicherheit</translation>
    </message>
    <message>
        <source>Cer&amp;tificate:</source>
        <translation>Zer&amp;tifikat:</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Schlüssel:</translation>
    </message>
    <message>
        <source>Encrypt connections (HTTPS)</source>
        <translation>Verbindungen verschlüsseln (HTTPS)</translation>
    </message>
    <message>
        <source>Off: the screen, keystrokes and passwords cross the network unencrypted</source>
        <translation>Aus: Bildschirm, Tastenanschläge und Passwörter gehen unverschlüsselt durchs Netz</translation>
    </message>
    <message>
        <source>Deskport&apos;s own (self-signed)</source>
        <translation>Deskports eigenes (selbstsigniert)</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Wählen…</translation>
    </message>
    <message>
        <source>Ask before accepting a viewer</source>
        <translation>Vor dem Zulassen eines Zuschauers fragen</translation>
    </message>
    <message>
        <source>A viewer with the right password still waits until you allow it; no answer in 30 seconds denies it</source>
        <translation>Auch mit dem richtigen Passwort wartet ein Zuschauer, bis Sie zustimmen; ohne Antwort in 30 Sekunden wird abgelehnt</translation>
    </message>
    <message>
        <source>Allow control (off: every viewer can only watch)</source>
        <translation>Steuerung erlauben (aus: alle können nur zusehen)</translation>
    </message>
</context>
<context>
    <name>deskport::SharingController</name>
    <message>
        <source>Sharing could not start: %1</source>
        <translation>Die Bildschirmfreigabe konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>The control password cannot be empty.</source>
        <translation>Das Steuerungspasswort darf nicht leer sein.</translation>
    </message>
    <message>
        <source>A password can have at most %1 characters.</source>
        <translation>Ein Passwort darf höchstens %1 Zeichen lang sein.</translation>
    </message>
    <message>
        <source>A password cannot be only spaces.</source>
        <translation>Ein Passwort darf nicht nur aus Leerzeichen bestehen.</translation>
    </message>
    <message>
        <source>The control and view-only passwords must differ.</source>
        <translation>Steuerungspasswort und Nur-Ansehen-Passwort müssen sich unterscheiden.</translation>
    </message>
</context>
<context>
    <name>deskport::SharingService</name>
    <message>
        <source>cannot listen on %1 port %2: %3</source>
        <translation>Port %2 auf %1 kann nicht geöffnet werden: %3</translation>
    </message>
    <message>
        <source>no certificate for HTTPS: %1</source>
        <translation>kein Zertifikat für HTTPS: %1</translation>
    </message>
</context>
<context>
    <name>deskport::TrayController</name>
    <message>
        <source>Failed logins</source>
        <translation>Fehlgeschlagene Anmeldungen</translation>
    </message>
    <message numerus="yes">
        <source>%n wrong password(s) from %1 in the last minute.</source>
        <translation>
            <numerusform>%n falsches Passwort von %1 in der letzten Minute.</numerusform>
            <numerusform>%n falsche Passwörter von %1 in der letzten Minute.</numerusform>
        </translation>
    </message>
    <message>
        <source>Deskport</source>
        <translation>Deskport</translation>
    </message>
    <message>
        <source>Link copied</source>
        <translation>Link kopiert</translation>
    </message>
    <message>
        <source>%1 is on the clipboard. Send it to the person who should see this screen.</source>
        <translation>%1 liegt in der Zwischenablage und kann jetzt an die Person geschickt werden, die diesen Bildschirm sehen soll.</translation>
    </message>
    <message>
        <source>Someone can control this screen</source>
        <translation>Jemand kann diesen Bildschirm steuern</translation>
    </message>
    <message>
        <source>%1 connected with the control password and can use the mouse and keyboard.</source>
        <translation>%1 hat sich mit dem Steuerungspasswort verbunden und kann Maus und Tastatur bedienen.</translation>
    </message>
    <message>
        <source>Someone is watching</source>
        <translation>Jemand sieht zu</translation>
    </message>
    <message>
        <source>%1 is watching this screen.</source>
        <translation>%1 sieht sich diesen Bildschirm an.</translation>
    </message>
    <message>
        <source>&amp;Share screen</source>
        <translation>Bildschirm &amp;freigeben</translation>
    </message>
    <message>
        <source>Copy &amp;link</source>
        <translation>&amp;Link kopieren</translation>
    </message>
    <message>
        <source>Show &amp;QR code…</source>
        <translation>&amp;QR-Code anzeigen…</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Not sharing</source>
        <translation>Bildschirm nicht freigegeben</translation>
    </message>
    <message>
        <source>Sharing — nobody is connected</source>
        <translation>Bildschirm freigegeben — niemand ist verbunden</translation>
    </message>
    <message numerus="yes">
        <source>Sharing — %n viewer(s) watching</source>
        <translation>
            <numerusform>Bildschirm freigegeben — %n Zuschauer sieht zu</numerusform>
            <numerusform>Bildschirm freigegeben — %n Zuschauer sehen zu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sharing — someone can control this screen (%n viewer(s))</source>
        <translation>
            <numerusform>Bildschirm freigegeben — jemand kann ihn steuern (%n Zuschauer)</numerusform>
            <numerusform>Bildschirm freigegeben — jemand kann ihn steuern (%n Zuschauer)</numerusform>
        </translation>
    </message>
    <message>
        <source>Deskport: %1</source>
        <translation>Deskport: %1</translation>
    </message>
    <message>
        <source>&amp;Viewers (%1)</source>
        <translation>&amp;Zuschauer (%1)</translation>
    </message>
    <message>
        <source>Nobody is connected</source>
        <translation>Niemand ist verbunden</translation>
    </message>
    <message>
        <source>control</source>
        <translation>Steuerung</translation>
    </message>
    <message>
        <source>view only</source>
        <translation>nur ansehen</translation>
    </message>
    <message>
        <source>%1 — %2, since %3</source>
        <translation>%1 — %2, seit %3</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Trennen</translation>
    </message>
    <message>
        <source>Someone wants to connect</source>
        <translation>Jemand möchte sich verbinden</translation>
    </message>
    <message>
        <source>Allow &amp;control</source>
        <translation>&amp;Steuerung erlauben</translation>
    </message>
    <message>
        <source>Off: every viewer can only watch, whatever password they logged in with.</source>
        <translation>Aus: Alle können nur zusehen, egal mit welchem Passwort sie sich angemeldet haben.</translation>
    </message>
    <message>
        <source>Certificate (SHA-256): %1</source>
        <translation>Zertifikat (SHA-256): %1</translation>
    </message>
    <message>
        <source>Copy the certificate fingerprint</source>
        <translation>Fingerabdruck des Zertifikats kopieren</translation>
    </message>
    <message>
        <source>Fingerprint copied</source>
        <translation>Fingerabdruck kopiert</translation>
    </message>
    <message>
        <source>Your colleague should see the same SHA-256 fingerprint in the browser&apos;s certificate details before logging in.</source>
        <translation>Ihr Gegenüber sollte vor der Anmeldung denselben SHA-256-Fingerabdruck in den Zertifikatsdetails des Browsers sehen.</translation>
    </message>
    <message>
        <source>Not encrypted (plain HTTP)</source>
        <translation>Nicht verschlüsselt (einfaches HTTP)</translation>
    </message>
    <message>
        <source>Disconnect everyone and end all sessions</source>
        <translation>Alle trennen und alle Sitzungen beenden</translation>
    </message>
    <message>
        <source>Recent connections</source>
        <translation>Letzte Verbindungen</translation>
    </message>
    <message>
        <source>None yet</source>
        <translation>Noch keine</translation>
    </message>
    <message>
        <source>logged in (%1)</source>
        <translation>angemeldet (%1)</translation>
    </message>
    <message>
        <source>wrong password</source>
        <translation>falsches Passwort</translation>
    </message>
    <message>
        <source>refused: too many wrong passwords</source>
        <translation>abgewiesen: zu viele falsche Passwörter</translation>
    </message>
    <message>
        <source>connected (%1)</source>
        <translation>verbunden (%1)</translation>
    </message>
    <message numerus="yes">
        <source>left after %n second(s)</source>
        <translation>
            <numerusform>nach %n Sekunde gegangen</numerusform>
            <numerusform>nach %n Sekunden gegangen</numerusform>
        </translation>
    </message>
    <message>
        <source>session ended</source>
        <translation>Sitzung beendet</translation>
    </message>
    <message>
        <source>allowed by you</source>
        <translation>von Ihnen zugelassen</translation>
    </message>
    <message>
        <source>denied (%1)</source>
        <translation>abgelehnt (%1)</translation>
    </message>
    <message>
        <source>%1 — %2: %3</source>
        <translation>%1 — %2: %3</translation>
    </message>
    <message>
        <source>Open the audit log</source>
        <translation>Protokoll öffnen</translation>
    </message>
</context>
</TS>
