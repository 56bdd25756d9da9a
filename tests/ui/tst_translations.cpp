// Translations: the German .qm embedded in keepsake-ui reaches real widgets and core's sentences
// (status line, pause reasons, "why"), and the .ts files cover every tr() string in ui/, app/gui/
// and core/, so a new untranslated string fails here. keepsake-cli stays English.
#include "BackupFixture.h"
#include "ConsentAsker.h"
#include "ConsentDialog.h"
#include "MainWindow.h"
#include "SetupDialog.h"
#include "TestSupport.h"
#include "catalog/Database.h"
#include "common/Clock.h"
#include "jobs/BackupExplanation.h"
#include "jobs/EngineHost.h"
#include "jobs/StatusReader.h"
#include "policy/PolicyGate.h"
#include "translations/Translations.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace ks;
using namespace ks::test;

namespace {
const QStringList languages{QStringLiteral("en"), QStringLiteral("de")};
// The folders scripts/update-translations.sh runs lupdate over.
const QStringList sourceFolders{QStringLiteral("/ui"), QStringLiteral("/app/gui"),
                                QStringLiteral("/core")};

QString tsPath(const QString& language)
{
    return sourceDir() + QStringLiteral("/ui/translations/keepsake_%1.ts").arg(language);
}

// Every message that is not a finished, non-empty translation, as "[kind] context: source".
QStringList unfinishedMessages(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {QStringLiteral("cannot open %1").arg(path)};
    QStringList problems;
    QXmlStreamReader xml(&file);
    QString context, source, kind;
    bool numerus = false, empty = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (name == QLatin1String("message")) {
                numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
                source.clear();
                kind = QStringLiteral("missing");
                empty = true;
            } else if (name == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (name == QLatin1String("translation")) {
                kind = xml.attributes().value(QLatin1String("type")).toString();
                if (!numerus)
                    empty = xml.readElementText().trimmed().isEmpty();
                else
                    empty = false; // decided by the numerus forms below
            } else if (name == QLatin1String("numerusform")) {
                empty = empty || xml.readElementText().trimmed().isEmpty();
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            if (!kind.isEmpty() || empty)
                problems << QStringLiteral("[%1] %2: %3")
                                .arg(kind.isEmpty() ? QStringLiteral("empty") : kind, context,
                                     source);
        }
    }
    if (xml.hasError())
        problems << QStringLiteral("%1: %2").arg(path, xml.errorString());
    return problems;
}
// Translations that still say "file(s)": core's englishPlural() takes "(s)" for the sign that no
// translation answered (keepsake-cli), so a translated text must never contain it.
QStringList translationsWithPluralMarker(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {QStringLiteral("cannot open %1").arg(path)};
    QStringList found;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() &&
            (xml.name() == QLatin1String("numerusform") ||
             (xml.name() == QLatin1String("translation") && xml.attributes().isEmpty()))) {
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (text.contains(QLatin1String("(s)")))
                found << QStringLiteral("[(s)] %1").arg(text.trimmed());
        }
    }
    return found;
}

// A `pause` and a `backup` through the real keepsake-cli: the jobs are planned and held back.
bool setUpPausedBackup(BackupFixture& fx, QString* file)
{
    if (!fx.setUp())
        return false;
    *file = fx.library + QLatin1Char('/') + fx.makeLibrary(2).first();
    if (fx.cli({QStringLiteral("pause")}).exitCode != 0)
        return false;
    return fx.cli({QStringLiteral("backup")}).exitCode == 11; // paused: plans, sends nothing
}

// One line per problem (a QVERIFY2 message is cut short), then the failure.
void expectFinished(const QStringList& problems)
{
    for (const QString& p : problems)
        qInfo().noquote() << p;
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("%1 messages to translate: run "
                                       "scripts/update-translations.sh (docs/translations.md)")
                            .arg(problems.size())));
}
} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(installTranslations(QLocale(QLocale::German, QLocale::Germany)));
    }

    void mainWindowIsGerman()
    {
        QTemporaryDir dir;
        Error e;
        const Profile profile = Profile::open(dir.filePath(QStringLiteral("profile")), &e);
        QVERIFY2(profile.isValid(), qPrintable(e.message));
        Database db;
        QVERIFY(db.open(profile.catalogPath(), &e));
        EngineHost host(profile);
        MainWindow window(host, db.db());
        QStringList tabs;
        for (int i = 0; i < window.tabs()->count(); ++i)
            tabs << window.tabs()->tabText(i);
        // Other tabs come and go; these four are there from the start.
        for (const char* german : {"&Jetzt", "&Fehler", "&Verlauf", "&Einwilligungen"})
            QVERIFY2(tabs.contains(QString::fromUtf8(german)), qPrintable(tabs.join(u", ")));
        auto* pause = window.findChild<QPushButton*>(QStringLiteral("pause"));
        QVERIFY(pause);
        QCOMPARE(pause->text(), QStringLiteral("&Pausieren"));
        QCOMPARE(window.statusLine()->text(), QStringLiteral("Wird gestartet…"));
    }

    void consentDialogIsGerman()
    {
        // The request text comes from ConsentAsker.cpp's own tr() (context "ks").
        const ConsentRequest request = readSourceRequest(QStringLiteral("/home/a/Bilder"), 3, 2, 0);
        QCOMPARE(request.title, QStringLiteral("Diesen Ordner lesen?"));
        QVERIFY2(request.text.contains(QStringLiteral("3 Fotos und 2 Videos")),
                 qPrintable(request.text));
        ConsentDialog dialog(request);
        QCOMPARE(dialog.findChild<QPushButton*>(QStringLiteral("allow"))->text(),
                 QStringLiteral("Erlauben"));
        QCOMPARE(dialog.findChild<QPushButton*>(QStringLiteral("notNow"))->text(),
                 QStringLiteral("Jetzt nicht"));
        QCOMPARE(dialog.windowTitle(), QStringLiteral("Diesen Ordner lesen?"));
    }

    void setupDialogIsGerman()
    {
        SetupDialog dialog;
        QCOMPARE(dialog.windowTitle(), QStringLiteral("Keepsake einrichten"));
        auto* box = dialog.findChild<QDialogButtonBox*>();
        QVERIFY(box);
        QCOMPARE(box->button(QDialogButtonBox::Ok)->text(), QStringLiteral("Weiter"));
        QCOMPARE(dialog.destinationName(), QStringLiteral("Sicherungsplatte"));
    }

    void pluralsFollowTheLanguage()
    {
        const char* text = "%n file(s) could not be backed up.";
        QCOMPARE(QCoreApplication::translate("ks::TrayIcon", text, nullptr, 1),
                 QStringLiteral("1 Datei konnte nicht gesichert werden."));
        QCOMPARE(QCoreApplication::translate("ks::TrayIcon", text, nullptr, 3),
                 QStringLiteral("3 Dateien konnten nicht gesichert werden."));
        QVERIFY(installTranslations(QLocale(QLocale::English, QLocale::UnitedStates)));
        QCOMPARE(QCoreApplication::translate("ks::TrayIcon", text, nullptr, 1),
                 QStringLiteral("1 file could not be backed up."));
        QCOMPARE(QCoreApplication::translate("ks::TrayIcon", text, nullptr, 3),
                 QStringLiteral("3 files could not be backed up."));
        EngineStatus failed;
        failed.failures = 1;
        QCOMPARE(failed.headline(0), QStringLiteral("Needs attention: 1 failure"));
        QVERIFY(installTranslations(QLocale(QLocale::German)));
        QCOMPARE(failed.headline(0), QStringLiteral("Handlungsbedarf: 1 Fehler"));
    }

    void unknownLanguageStaysEnglish()
    {
        QVERIFY(!installTranslations(QLocale(QLocale::Japanese)));
        QCOMPARE(QCoreApplication::translate("ks::ConsentDialog", "Not now"),
                 QStringLiteral("Not now"));
        // No Keepsake translation at all, as in keepsake-cli: core still picks English plurals.
        const qint64 now = 1'700'000'000'000;
        EngineStatus upToDate;
        upToDate.filesTotal = upToDate.filesDone = 4;
        upToDate.lastCheckedMs = now - 60'000;
        QCOMPARE(upToDate.headline(now), QStringLiteral("Up to date, last checked 1 minute ago"));
        upToDate.lastCheckedMs = now - 3 * 3'600'000;
        QCOMPARE(upToDate.headline(now), QStringLiteral("Up to date, last checked 3 hours ago"));
        EngineStatus failed;
        failed.failures = 3;
        QCOMPARE(failed.headline(now), QStringLiteral("Needs attention: 3 failures"));
        QVERIFY(installTranslations(QLocale(QLocale::German)));
        QCOMPARE(QCoreApplication::translate("ks::ConsentDialog", "Not now"),
                 QStringLiteral("Jetzt nicht"));
    }

    // The status line the app and the tray show, in German; numbers in the German format too
    // (the app sets the default locale to the language shown).
    void statusLineIsGerman()
    {
        const QLocale before;
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        const qint64 now = 1'700'000'000'000;
        EngineStatus s;
        s.running = true;
        s.filesDone = 1233;
        s.filesTotal = 2000;
        QCOMPARE(s.headline(now), QStringLiteral("Wird gesichert: 1.234 von 2.000"));
        QLocale::setDefault(before);

        EngineStatus upToDate;
        upToDate.filesTotal = upToDate.filesDone = 4;
        upToDate.lastCheckedMs = now - 60'000;
        QCOMPARE(upToDate.headline(now),
                 QStringLiteral("Alles gesichert, zuletzt geprüft vor 1 Minute"));
        upToDate.lastCheckedMs = now - 5 * 60'000;
        QCOMPARE(upToDate.headline(now),
                 QStringLiteral("Alles gesichert, zuletzt geprüft vor 5 Minuten"));
        upToDate.lastCheckedMs = now - 2 * 86'400'000;
        QCOMPARE(upToDate.headline(now),
                 QStringLiteral("Alles gesichert, zuletzt geprüft vor 2 Tagen"));
        EngineStatus retry;
        retry.filesTotal = 4;
        retry.waitingRetry = 3;
        QCOMPARE(retry.headline(now), QStringLiteral("3 Dateien werden später erneut versucht"));
    }

    // The pause reasons and "why is this file not backed up?" from a real catalog, set up by the
    // real keepsake-cli: German in the app, while the CLI, in a German environment, stays
    // English (scripts parse it; it installs no translator). The stable codes stay as they are.
    void coreSentencesAreGermanAndTheCliStaysEnglish()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        QString file;
        QVERIFY(setUpPausedBackup(fx, &file));

        Database db;
        Error error;
        QVERIFY2(db.open(fx.profile + QStringLiteral("/catalog.sqlite"), &error),
                 qPrintable(error.message));
        ManualClock clock(QDateTime(QDate(2026, 1, 10), QTime(12, 0)).toMSecsSinceEpoch());
        PolicyGate gate(nullptr, nullptr, clock);
        PolicySettings settings;
        settings.windowStart = QTime(22, 0);
        settings.windowEnd = QTime(6, 0);
        gate.setSettings(settings);
        const EngineStatus status = readStatus(db.db(), clock.nowMs(), &gate);
        QCOMPARE(status.pauseReasons.size(), 2);
        QCOMPARE(status.pauseReasons.at(0).code, QStringLiteral("user"));
        QCOMPARE(status.pauseReasons.at(0).message, QStringLiteral("von Ihnen pausiert"));
        QCOMPARE(status.pauseReasons.at(1).code, QStringLiteral("schedule"));
        QCOMPARE(status.pauseReasons.at(1).message,
                 QStringLiteral("pausiert: außerhalb des Sicherungszeitraums 22:00–06:00"));
        QCOMPARE(status.headline(clock.nowMs()), QStringLiteral("Von Ihnen pausiert"));

        const Explanation e =
            BackupExplanation(db.db(), clock, BackupExplanation::fromStatus(status)).explain(file);
        QCOMPARE(e.destinations.size(), 1);
        QCOMPARE(e.destinations.first().code, QStringLiteral("paused-user"));
        QCOMPARE(e.destinations.first().sentence,
                 QStringLiteral("In der Warteschlange, aber von Ihnen pausiert, bis Sie "
                                "fortsetzen."));
        const Explanation outside = BackupExplanation(db.db(), clock)
                                        .explain(dir.filePath(QStringLiteral("elsewhere.jpg")));
        QCOMPARE(outside.code, QStringLiteral("outside-sources"));
        QCOMPARE(outside.sentences,
                 QStringList{QStringLiteral("Sie liegt in keinem Quellordner, daher sichert "
                                            "Keepsake sie nicht. Quellordner: %1.")
                                 .arg(QDir::cleanPath(fx.library))});

        // The same catalog through keepsake-cli, with every German setting there is.
        const QByteArray vars[] = {"LANG", "LC_ALL", "LANGUAGE", "KEEPSAKE_LANG"};
        QList<QPair<QByteArray, QByteArray>> saved;
        for (const QByteArray& v : vars)
            saved.append({v, qgetenv(v.constData())});
        qputenv("LANG", "de_DE.UTF-8");
        qputenv("LC_ALL", "de_DE.UTF-8");
        qputenv("LANGUAGE", "de");
        qputenv("KEEPSAKE_LANG", "de");
        const CliResult why = fx.cli({QStringLiteral("why"), file});
        const CliResult cliStatus = fx.cli({QStringLiteral("status")});
        for (const auto& [name, value] : saved) {
            if (value.isNull())
                qunsetenv(name.constData());
            else
                qputenv(name.constData(), value);
        }
        QCOMPARE(why.exitCode, 0);
        QVERIFY2(why.out.contains("usb: Queued, but paused by you until you resume."), why.out);
        QCOMPARE(cliStatus.exitCode, 0);
        QVERIFY2(cliStatus.out.startsWith("Paused by you\n"), cliStatus.out);
    }

    void tsFilesAreFinished_data()
    {
        QTest::addColumn<QString>("language");
        for (const QString& l : languages)
            QTest::newRow(qPrintable(l)) << l;
    }

    // The committed files: nothing unfinished, nothing left over from strings that are gone.
    void tsFilesAreFinished()
    {
        QFETCH(QString, language);
        expectFinished(unfinishedMessages(tsPath(language)) +
                       translationsWithPluralMarker(tsPath(language)));
    }

    void tsFilesCoverTheSources_data() { tsFilesAreFinished_data(); }

    // lupdate over today's sources, on a copy: a tr() string added or changed since the last
    // update shows up as unfinished, one removed as vanished.
    void tsFilesCoverTheSources()
    {
        QFETCH(QString, language);
        QTemporaryDir dir;
        const QString copy = dir.filePath(QFileInfo(tsPath(language)).fileName());
        QVERIFY(QFile::copy(tsPath(language), copy));
        QStringList args{QStringLiteral("-locations"), QStringLiteral("none"),
                         QStringLiteral("-silent")};
        if (language == QLatin1String("en"))
            args << QStringLiteral("-pluralonly");
        for (const QString& folder : sourceFolders)
            args << sourceDir() + folder;
        args << QStringLiteral("-ts") << copy;
        QProcess lupdate;
        lupdate.start(QStringLiteral(KEEPSAKE_LUPDATE), args);
        QVERIFY2(lupdate.waitForFinished(60000), KEEPSAKE_LUPDATE);
        QCOMPARE(lupdate.exitCode(), 0);
        expectFinished(unfinishedMessages(copy));
    }

    // A helper calling QCoreApplication::translate("Context", text) with the text in a variable
    // is filed by lupdate under the context of the code that calls the helper (a free function
    // in namespace ks: "ks"). Any other context is never found at run time, so the text stays
    // English whatever the .ts file says.
    void translateContextsExist()
    {
        QSet<QString> contexts;
        QFile ts(tsPath(QStringLiteral("de")));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&ts);
        while (xml.readNextStartElement() || !xml.atEnd()) {
            if (xml.isStartElement() && xml.name() == QLatin1String("name"))
                contexts << xml.readElementText();
            else
                xml.readNext();
        }
        static const QRegularExpression call(
            QStringLiteral("QCoreApplication::translate\\(\\s*\"([^\"]+)\""));
        QStringList problems;
        for (const QString& dir : sourceFolders) {
            QDirIterator it(sourceDir() + dir, {QStringLiteral("*.cpp"), QStringLiteral("*.h")},
                            QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile f(it.next());
                QVERIFY(f.open(QIODevice::ReadOnly));
                const QString code = QString::fromUtf8(f.readAll());
                for (const QRegularExpressionMatch& m : call.globalMatch(code))
                    if (!contexts.contains(m.captured(1)))
                        problems << QStringLiteral("%1: context \"%2\" is in no .ts file")
                                        .arg(QDir(sourceDir()).relativeFilePath(f.fileName()),
                                             m.captured(1));
            }
        }
        for (const QString& p : problems)
            qInfo().noquote() << p;
        QVERIFY2(problems.isEmpty(),
                 "use the context lupdate gives the strings (docs/translations.md)");
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
