<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
