<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AccountPropertiesDialog</name>
    <message numerus="yes">
        <source> day(s)</source>
        <comment>removed from the server after</comment>
        <translation>
            <numerusform> day</numerusform>
            <numerusform> days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> minute(s)</source>
        <translation>
            <numerusform> minute</numerusform>
            <numerusform> minutes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <source>%n files in {folder}</source>
        <translation>
            <numerusform>%n file in {folder}</numerusform>
            <numerusform>%n files in {folder}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MailFetcher</name>
    <message numerus="yes">
        <source>{account}: %n new message(s)</source>
        <translation>
            <numerusform>{account}: %n new message</numerusform>
            <numerusform>{account}: %n new messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n left on the server</source>
        <translation>
            <numerusform>%n left on the server</numerusform>
            <numerusform>%n left on the server</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n message(s) selected</source>
        <translation>
            <numerusform>%n message selected</numerusform>
            <numerusform>%n messages selected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Still indexing %n new message(s) for search</source>
        <translation>
            <numerusform>Still indexing %n new message for search</numerusform>
            <numerusform>Still indexing %n new messages for search</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n message(s) for good? This cannot be undone.</source>
        <translation>
            <numerusform>Delete %n message for good? This cannot be undone.</numerusform>
            <numerusform>Delete %n messages for good? This cannot be undone.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OptionsDialog</name>
    <message numerus="yes">
        <source> minute(s)</source>
        <translation>
            <numerusform> minute</numerusform>
            <numerusform> minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n second</numerusform>
            <numerusform>%n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OutboxTimer</name>
    <message numerus="yes">
        <source>%n message(s) sent late: Hongyan was not running at the time</source>
        <translation>
            <numerusform>%n message sent late: Hongyan was not running at the time</numerusform>
            <numerusform>%n messages sent late: Hongyan was not running at the time</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RemoteContentBar</name>
    <message numerus="yes">
        <source>%n remote image(s) blocked to protect your privacy.</source>
        <translation>
            <numerusform>%n remote image blocked to protect your privacy.</numerusform>
            <numerusform>%n remote images blocked to protect your privacy.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StoreJobs</name>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import cancelled; %n message(s) imported before that are kept.</source>
        <translation>
            <numerusform>Import cancelled; %n message imported before that is kept.</numerusform>
            <numerusform>Import cancelled; %n messages imported before that are kept.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) imported.</source>
        <translation>
            <numerusform>%n message imported.</numerusform>
            <numerusform>%n messages imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n message(s) already imported.</source>
        <translation>
            <numerusform>Skipped %n message already imported.</numerusform>
            <numerusform>Skipped %n messages already imported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Left out %n file(s) that are not email messages.</source>
        <translation>
            <numerusform>Left out %n file that is not an email message.</numerusform>
            <numerusform>Left out %n files that are not email messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The index was rebuilt: %n message(s).</source>
        <translation>
            <numerusform>The index was rebuilt: %n message.</numerusform>
            <numerusform>The index was rebuilt: %n messages.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n new message</numerusform>
            <numerusform>%n new messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n unread message</numerusform>
            <numerusform>%n unread messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UndoSendBar</name>
    <message numerus="yes">
        <source>Sending “{subject}” in %n s</source>
        <translation>
            <numerusform>Sending “{subject}” in %n s</numerusform>
            <numerusform>Sending “{subject}” in %n s</numerusform>
        </translation>
    </message>
</context>
</TS>
