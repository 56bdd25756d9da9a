// "Why is this file not backed up?": BackupExplanation over catalogs that the real keepsake-cli
// wrote, and `keepsake-cli why`, which must say the same.
#include "BackupFixture.h"
#include "catalog/Database.h"
#include "catalog/SettingKeys.h"
#include "jobs/BackupExplanation.h"
#include "jobs/StatusReader.h"
#include "policy/PolicyGate.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

namespace {

Explanation explainIn(const BackupFixture& fx, const QString& path)
{
    Database db;
    Error error;
    if (!db.open(fx.profile + QStringLiteral("/catalog.sqlite"), &error))
        qFatal("catalog: %s", qPrintable(error.message));
    return BackupExplanation(db.db()).explain(path);
}

// `keepsake-cli why` prints exactly the explanation's text.
void compareWithCli(const BackupFixture& fx, const Explanation& e)
{
    const CliResult r = fx.cli({QStringLiteral("why"), e.path});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QString::fromUtf8(r.out).trimmed(), e.text());
}

QJsonObject cliJson(const BackupFixture& fx, const QString& path)
{
    const CliResult r = fx.cli({QStringLiteral("--json"), QStringLiteral("why"), path});
    return r.exitCode == 0 ? QJsonDocument::fromJson(r.out).object() : QJsonObject();
}

// The network as the engine would see it offline (the real source reads NetworkManager).
class OfflineNetwork : public NetworkStateSource
{
public:
    NetworkState state() const override
    {
        NetworkState s;
        s.reachability = NetworkState::Reachability::Offline;
        return s;
    }
};

class NoBattery : public PowerStateSource
{
public:
    PowerState state() const override { return {}; }
};

} // namespace

class TestWhy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backedUpFileNamesItsRemotePath()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        QVERIFY(fx.setUp());
        const QStringList files = fx.makeLibrary(3);
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 0);

        const QString path = fx.library + QLatin1Char('/') + files.first();
        const Explanation e = explainIn(fx, path);
        QCOMPARE(e.code, QStringLiteral("backed-up"));
        QVERIFY(e.backedUp());
        QCOMPARE(e.destinations.size(), 1);
        const DestinationAnswer& usb = e.destinations.first();
        QCOMPARE(usb.destination, QStringLiteral("usb"));
        QCOMPARE(usb.code, QStringLiteral("backed-up"));
        const QString remote = QStringLiteral("2019/03/") + files.first().section('/', -1);
        QCOMPARE(usb.remotePath, remote);
        QVERIFY(QFile::exists(fx.destination + QLatin1Char('/') + remote));
        QVERIFY2(usb.sentence.contains(QStringLiteral("Backed up at ") + remote),
                 qPrintable(usb.sentence));
        QVERIFY(usb.acknowledgedMs > 0);
        compareWithCli(fx, e);

        const QJsonObject json = cliJson(fx, path);
        QCOMPARE(json.value(QStringLiteral("code")).toString(), QStringLiteral("backed-up"));
        QCOMPARE(json.value(QStringLiteral("backedUp")).toBool(), true);
        QCOMPARE(json.value(QStringLiteral("destinations"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("remotePath"))
                     .toString(),
                 remote);

        // A copy of a backed-up file is not sent again: it shares the first one's copy.
        const QString copy = fx.library + QStringLiteral("/copies/same.jpg");
        QVERIFY(QDir().mkpath(fx.library + QStringLiteral("/copies")));
        QVERIFY(QFile::copy(path, copy));
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 0);
        const Explanation dup = explainIn(fx, copy);
        QCOMPARE(dup.destinations.first().code, QStringLiteral("duplicate"));
        QVERIFY(dup.destinations.first().sentence.contains(path));
        QVERIFY(dup.destinations.first().sentence.contains(remote));
        QVERIFY(dup.backedUp());

        // Not a photo: the scan skips it silently, the explanation says why.
        const QString text = fx.library + QStringLiteral("/notes.txt");
        QVERIFY(writeFile(text, "shopping list"));
        QCOMPARE(fx.cli({QStringLiteral("scan")}).exitCode, 0);
        const Explanation notMedia = explainIn(fx, text);
        QCOMPARE(notMedia.code, QStringLiteral("not-media"));
        QVERIFY(notMedia.sentences.join(' ').contains(QStringLiteral("not a recognised photo")));
        compareWithCli(fx, notMedia);
    }

    void fileOutsideTheSources()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        QVERIFY(fx.setUp());
        const QString outside = dir.filePath(QStringLiteral("elsewhere/IMG_9.jpg"));
        QVERIFY(writeFile(outside, QByteArray("\xFF\xD8\xFF\xE0", 4) + "x"));
        const Explanation e = explainIn(fx, outside);
        QCOMPARE(e.code, QStringLiteral("outside-sources"));
        QVERIFY(e.destinations.isEmpty());
        QVERIFY2(e.sentences.join(' ').contains(QStringLiteral("not in a source folder")),
                 qPrintable(e.text()));
        QVERIFY(e.sentences.join(' ').contains(fx.library));
        compareWithCli(fx, e);
        // A relative path is taken from the working directory, as the CLI's other commands do.
        QCOMPARE(fx.cli({QStringLiteral("why"), QStringLiteral("no/such/relative.jpg")}).exitCode,
                 0);
        QCOMPARE(fx.cli({QStringLiteral("why")}).exitCode, 2);
    }

    void sourceWaitingForConsent()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        QVERIFY(fx.setUp());
        const QString other = dir.filePath(QStringLiteral("phone"));
        QVERIFY(writeFile(other + QStringLiteral("/IMG_1.jpg"),
                          QByteArray("\xFF\xD8\xFF\xE0", 4) + "phone"));
        QCOMPARE(fx.cli({QStringLiteral("source"), QStringLiteral("add"), other}).exitCode, 0);
        fx.cli({QStringLiteral("scan")});
        const Explanation e = explainIn(fx, other + QStringLiteral("/IMG_1.jpg"));
        QCOMPARE(e.code, QStringLiteral("waiting-read-consent"));
        QCOMPARE(e.source, other);
        QVERIFY2(
            e.sentences.join(' ').contains(QStringLiteral("waits for your consent to be read")),
            qPrintable(e.text()));
        QVERIFY(e.text().contains(QStringLiteral("consent grant read-source ") + other));
        compareWithCli(fx, e);
    }

    void waitingForUploadConsentThenQueued()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        QVERIFY(fx.setUp(false));
        const QStringList files = fx.makeLibrary(4);
        fx.cli({QStringLiteral("scan")});
        const QString path = fx.library + QLatin1Char('/') + files.at(2);
        Explanation e = explainIn(fx, path);
        QCOMPARE(e.code, QStringLiteral("per-destination"));
        QCOMPARE(e.destinations.first().code, QStringLiteral("waiting-upload-consent"));
        QVERIFY(e.destinations.first().sentence.contains(QStringLiteral("consent to upload")));
        compareWithCli(fx, e);

        // Consent, then a backup that is paused by the user: planned, held back, and said so.
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("grant"),
                         QStringLiteral("upload"), QStringLiteral("usb")})
                     .exitCode,
                 0);
        QCOMPARE(fx.cli({QStringLiteral("pause")}).exitCode, 0);
        fx.cli({QStringLiteral("backup")});
        e = explainIn(fx, path);
        QCOMPARE(e.destinations.first().code, QStringLiteral("paused-user"));
        QVERIFY(e.destinations.first().sentence.contains(QStringLiteral("paused by you")));
        compareWithCli(fx, e);

        // Resumed with no engine running: queued, with its place in line.
        QCOMPARE(fx.cli({QStringLiteral("resume")}).exitCode, 0);
        e = explainIn(fx, path);
        QCOMPARE(e.destinations.first().code, QStringLiteral("queued"));
        QVERIFY2(e.destinations.first().sentence.contains(QStringLiteral("number ")),
                 qPrintable(e.text()));
        QVERIFY(e.destinations.first().sentence.contains(e.destinations.first().remotePath));
        compareWithCli(fx, e);
    }

    // Offline holds back the WebDAV destination but not the local folder: the app's answer,
    // built from the engine's status, says so per destination, like `keepsake-cli why`.
    void offlineHoldsBackOnlyTheNetworkDestination()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        QVERIFY(fx.setUp());
        QVERIFY(
            fx.addDestination(QStringLiteral("nas"), QStringLiteral("webdav://127.0.0.1:9/dav")));
        const QStringList files = fx.makeLibrary(2);
        QCOMPARE(fx.cli({QStringLiteral("pause")}).exitCode, 0);
        fx.cli({QStringLiteral("backup")}); // plans the jobs, sends nothing
        QCOMPARE(fx.cli({QStringLiteral("resume")}).exitCode, 0);

        Database db;
        Error error;
        QVERIFY(db.open(fx.profile + QStringLiteral("/catalog.sqlite"), &error));
        OfflineNetwork network;
        NoBattery power;
        PolicyGate gate(&network, &power);
        const EngineStatus status = readStatus(db.db(), systemClock().nowMs(), &gate);
        QVERIFY(status.localBlockers.isEmpty());
        QCOMPARE(status.networkBlockers.size(), 1);
        QCOMPARE(status.networkBlockers.first().code, QStringLiteral("offline"));
        QVERIFY(status.pauseReasons.isEmpty()); // the local folder can still go ahead

        const Explanation e =
            BackupExplanation(db.db(), systemClock(), BackupExplanation::fromStatus(status))
                .explain(fx.library + QLatin1Char('/') + files.first());
        QCOMPARE(e.destinations.size(), 2);
        for (const DestinationAnswer& d : e.destinations) {
            if (d.destination == QLatin1String("usb")) {
                QCOMPARE(d.code, QStringLiteral("queued"));
            } else {
                QCOMPARE(d.code, QStringLiteral("paused-policy"));
                QVERIFY2(d.sentence.contains(status.networkBlockers.first().message),
                         qPrintable(d.sentence));
            }
        }
    }

    void failedFileGivesTheReason()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        QVERIFY(fx.setUp());
        const QStringList files = fx.makeLibrary(2);
        QVERIFY(fx.setSetting(settingkeys::maxAttempts, QStringLiteral("1")));
        QVERIFY(QDir(fx.destination).removeRecursively()); // the disk is unplugged
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 12);
        const Explanation e = explainIn(fx, fx.library + QLatin1Char('/') + files.first());
        QCOMPARE(e.destinations.first().code, QStringLiteral("failed"));
        QVERIFY2(e.destinations.first().sentence.contains(QStringLiteral("is not there")),
                 qPrintable(e.text()));
        QVERIFY(e.destinations.first().sentence.contains(QStringLiteral("retry")));
        QVERIFY(!e.backedUp());
        compareWithCli(fx, e);
        QCOMPARE(cliJson(fx, e.path)
                     .value(QStringLiteral("destinations"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("failed"));
    }

    void fileNotScannedYet()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        QVERIFY(fx.setUp());
        const QStringList files = fx.makeLibrary(1);
        const Explanation e = explainIn(fx, fx.library + QLatin1Char('/') + files.first());
        QCOMPARE(e.code, QStringLiteral("not-scanned"));
        QVERIFY(e.text().contains(QStringLiteral("not been scanned yet")));
    }
};

QTEST_GUILESS_MAIN(TestWhy)
#include "tst_why.moc"
