<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
        <source>All %n file(s) are backed up.</source>
        <translation>
            <numerusform>%n file is backed up.</numerusform>
            <numerusform>All %n files are backed up.</numerusform>
        </translation>
    </message>
</context>
</TS>
