// Translations: the German .qm embedded in keepsake-ui reaches real widgets, and the .ts files
// cover every tr() string in ui/ and app/gui/, so a new untranslated string fails here.
#include "ConsentAsker.h"
#include "ConsentDialog.h"
#include "MainWindow.h"
#include "SetupDialog.h"
#include "TestSupport.h"
#include "catalog/Database.h"
#include "jobs/EngineHost.h"
#include "translations/Translations.h"

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
        QVERIFY(installTranslations(QLocale(QLocale::German)));
    }

    void unknownLanguageStaysEnglish()
    {
        QVERIFY(!installTranslations(QLocale(QLocale::Japanese)));
        QCOMPARE(QCoreApplication::translate("ks::ConsentDialog", "Not now"),
                 QStringLiteral("Not now"));
        QVERIFY(installTranslations(QLocale(QLocale::German)));
        QCOMPARE(QCoreApplication::translate("ks::ConsentDialog", "Not now"),
                 QStringLiteral("Jetzt nicht"));
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
        expectFinished(unfinishedMessages(tsPath(language)));
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
        args << sourceDir() + QStringLiteral("/ui") << sourceDir() + QStringLiteral("/app/gui")
             << QStringLiteral("-ts") << copy;
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
        for (const QString& dir : {QStringLiteral("/ui"), QStringLiteral("/app/gui")}) {
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
