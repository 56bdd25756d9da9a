<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ks::BackupExplanation</name>
    <message numerus="yes">
        <source>Failed (%n attempt(s) so far): %1. Next try at %2.</source>
        <translation>
            <numerusform>Failed (%n attempt so far): %1. Next try at %2.</numerusform>
            <numerusform>Failed (%n attempts so far): %1. Next try at %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ks::EngineStatus</name>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n minute ago</numerusform>
            <numerusform>%n minutes ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n hour ago</numerusform>
            <numerusform>%n hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Needs attention: %n failure(s)</source>
        <translation>
            <numerusform>Needs attention: %n failure</numerusform>
            <numerusform>Needs attention: %n failures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting to retry %n file(s)</source>
        <translation>
            <numerusform>Waiting to retry %n file</numerusform>
            <numerusform>Waiting to retry %n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ks::LibraryTab</name>
    <message numerus="yes">
        <source>%n file(s) cannot be backed up as they are; ask why below.</source>
        <translation>
            <numerusform>%n file cannot be backed up as it is; ask why below.</numerusform>
            <numerusform>%n files cannot be backed up as they are; ask why below.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ks::TrayIcon</name>
    <message numerus="yes">
        <source>%n file(s) could not be backed up.</source>
        <translation>
            <numerusform>%n file could not be backed up.</numerusform>
            <numerusform>%n files could not be backed up.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) backed up.</source>
        <translation>
            <numerusform>%n file backed up.</numerusform>
            <numerusform>%n files backed up.</numerusform>
        </translation>
    </message>
</context>
</TS>
