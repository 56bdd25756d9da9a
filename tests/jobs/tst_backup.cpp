// End-to-end backups through the real keepsake-cli to a local folder: consent, policies that the
// user sets, failures and retry, collisions, duplicates, location stripping.
#include "BackupFixture.h"
#include "catalog/SettingKeys.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMultiMap>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

namespace {
QJsonObject json(const CliResult& r)
{
    return QJsonDocument::fromJson(r.out).object();
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Jobs running now, as `keepsake-cli status` tells.
int runningJobs(const BackupFixture& fx)
{
    return json(fx.cli({QStringLiteral("--json"), QStringLiteral("status")}))
        .value(QStringLiteral("counts"))
        .toObject()
        .value(QStringLiteral("running"))
        .toInt();
}

bool run(const QString& program, const QStringList& args, QByteArray* out = nullptr)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return false;
    if (out)
        *out = p.readAllStandardOutput();
    return true;
}
} // namespace

class TestBackup : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void backsUpByteExactAndOnlyOnce()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        fx.makeLibrary(25);
        QVERIFY(fx.setUp());
        CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        if (BackupFixture::hashesUnder(fx.destination) != fx.expectedAtDestination())
            qWarning("backup said: %s %s", r.out.constData(), r.err.constData());
        QCOMPARE(BackupFixture::hashesUnder(fx.destination), fx.expectedAtDestination());

        // A second run, a rename and a re-scan upload nothing again.
        QVERIFY(QFile::rename(fx.library + QStringLiteral("/album0/IMG_100000.jpg"),
                              fx.library + QStringLiteral("/album0/renamed.jpg")));
        r = fx.cli({QStringLiteral("backup")});
        QCOMPARE(r.exitCode, 0);
        r = fx.cli({QStringLiteral("--json"), QStringLiteral("history"), QStringLiteral("--limit"),
                    QStringLiteral("1000")});
        int sent = 0;
        for (const QJsonValue& e : json(r).value(QStringLiteral("events")).toArray())
            sent +=
                e.toObject().value(QStringLiteral("to")).toString() == QLatin1String("succeeded");
        QCOMPARE(sent, 25);
        r = fx.cli({QStringLiteral("--json"), QStringLiteral("status")});
        QCOMPARE(json(r)
                     .value(QStringLiteral("counts"))
                     .toObject()
                     .value(QStringLiteral("acknowledged"))
                     .toInt(),
                 25);
    }

    void refusedConsentSendsNothing()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        fx.makeLibrary(5);
        QVERIFY(fx.setUp(/*uploadConsent=*/false));
        CliResult r = fx.cli({QStringLiteral("backup")});
        QCOMPARE(r.exitCode, 10);
        QVERIFY(r.out.contains("Waiting for consent: upload usb"));
        QVERIFY(BackupFixture::hashesUnder(fx.destination).isEmpty());
        // Consent given, then revoked again: still nothing is sent.
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("grant"),
                         QStringLiteral("upload"), QStringLiteral("usb")})
                     .exitCode,
                 0);
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("revoke"),
                         QStringLiteral("upload"), QStringLiteral("usb")})
                     .exitCode,
                 0);
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 10);
        QVERIFY(BackupFixture::hashesUnder(fx.destination).isEmpty());
    }

    void revokingMidRunStopsWithinASecond()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        fx.makeLibrary(0, 3, 3 * 1024 * 1024);
        QVERIFY(fx.setUp());
        QVERIFY(fx.setSetting(settingkeys::bandwidthLimitKBps, QStringLiteral("256")));
        QProcess backup;
        backup.start(cliPath(), fx.argsFor({QStringLiteral("backup")}));
        QVERIFY(backup.waitForStarted());
        // Wait until bytes are moving.
        QElapsedTimer waited;
        waited.start();
        bool moving = false;
        while (!moving && waited.elapsed() < 20000) {
            QTest::qWait(100);
            moving = runningJobs(fx) > 0;
        }
        QVERIFY(moving);
        QElapsedTimer stopped;
        stopped.start();
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("revoke"),
                         QStringLiteral("upload"), QStringLiteral("usb")})
                     .exitCode,
                 0);
        bool stillRunning = true;
        while (stillRunning && stopped.elapsed() < 5000) {
            stillRunning = runningJobs(fx) > 0;
            if (stillRunning)
                QTest::qWait(20);
        }
        QVERIFY(!stillRunning);
        // A second, plus the time of a CLI round trip under sanitizers.
        QVERIFY2(stopped.elapsed() < 2000, qPrintable(QString::number(stopped.elapsed())));
        QVERIFY(backup.waitForFinished(10000));
        QCOMPARE(backup.exitCode(), 10);
        // Nothing half-written is left, and nothing arrived after the revocation.
        const QMap<QString, QByteArray> got = BackupFixture::hashesUnder(fx.destination);
        for (auto it = got.cbegin(); it != got.cend(); ++it)
            QVERIFY2(!it.key().contains(QStringLiteral(".part")), qPrintable(it.key()));
        QVERIFY(got.size() < 3);
    }

#if defined(Q_OS_LINUX)
    // The engine, its hashing and its copies run below normal priority (nice 10), the process's
    // main thread does not; KEEPSAKE_NORMAL_PRIORITY=1 keeps everything as it was.
    void backgroundWorkRunsBelowNormalPriority_data()
    {
        QTest::addColumn<bool>("normal");
        QTest::newRow("background") << false;
        QTest::newRow("KEEPSAKE_NORMAL_PRIORITY=1") << true;
    }
    void backgroundWorkRunsBelowNormalPriority()
    {
        QFETCH(bool, normal);
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        fx.makeLibrary(2, 2, 2 * 1024 * 1024);
        QVERIFY(fx.setUp());
        QVERIFY(fx.setSetting(settingkeys::bandwidthLimitKBps, QStringLiteral("512")));
        QProcess backup;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (normal)
            env.insert(QStringLiteral("KEEPSAKE_NORMAL_PRIORITY"), QStringLiteral("1"));
        else
            env.remove(QStringLiteral("KEEPSAKE_NORMAL_PRIORITY"));
        backup.setProcessEnvironment(env);
        backup.start(cliPath(), fx.argsFor({QStringLiteral("backup")}));
        QVERIFY(backup.waitForStarted());
        const QString tasks = QStringLiteral("/proc/%1/task/").arg(backup.processId());
        // The nice value of each of the process's threads, by thread name, while a copy runs.
        const auto niceOf = [&](const QString& tid) {
            const QByteArray stat = readFile(tasks + tid + QStringLiteral("/stat"));
            // Fields after the name, which is in parentheses: state is 3rd, nice the 19th.
            const QList<QByteArray> f = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
            return f.size() > 16 ? f.at(16).toInt() : -100;
        };
        QMultiMap<QString, int> nice;
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 20000) {
            QTest::qWait(100);
            const bool copying = runningJobs(fx) > 0;
            if (!copying)
                continue;
            nice.clear();
            for (const QString& tid : QDir(tasks).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
                nice.insert(
                    QString::fromUtf8(readFile(tasks + tid + QStringLiteral("/comm"))).trimmed(),
                    niceOf(tid));
            break;
        }
        QVERIFY2(nice.contains(QStringLiteral("keepsake-engine")), "no copy was seen running");
        QVERIFY(nice.contains(QStringLiteral("keepsake-work")));
        const int base = nice.value(QStringLiteral("keepsake-cli"), -100);
        QVERIFY(base > -100 && base < 10);
        for (const QString& name :
             {QStringLiteral("keepsake-engine"), QStringLiteral("keepsake-work")})
            for (const int n : nice.values(name))
                QCOMPARE(n, normal ? base : 10);
        QVERIFY(backup.waitForFinished(60000));
        QCOMPARE(backup.exitCode(), 0);
        QCOMPARE(BackupFixture::hashesUnder(fx.destination), fx.expectedAtDestination());
    }
#endif

    void failureThenManualRetry()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        fx.makeLibrary(4);
        QVERIFY(fx.setUp());
        QVERIFY(fx.setSetting(settingkeys::maxAttempts, QStringLiteral("1")));
        QVERIFY(QDir(fx.destination).removeRecursively()); // the disk is unplugged
        CliResult r = fx.cli({QStringLiteral("backup")});
        QCOMPARE(r.exitCode, 12);
        r = fx.cli({QStringLiteral("--json"), QStringLiteral("failures")});
        const QJsonArray failures = json(r).value(QStringLiteral("failures")).toArray();
        QCOMPARE(failures.size(), 4);
        QVERIFY(failures.at(0)
                    .toObject()
                    .value(QStringLiteral("reason"))
                    .toString()
                    .contains(QStringLiteral("is not there")));
        QCOMPARE(failures.at(0).toObject().value(QStringLiteral("errorClass")).toString(),
                 QStringLiteral("transient"));

        QVERIFY(QDir().mkpath(fx.destination)); // plugged in again
        r = fx.cli(
            {QStringLiteral("retry"),
             QString::number(failures.at(0).toObject().value(QStringLiteral("id")).toInteger())});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("1 job(s) queued again"));
        QCOMPARE(fx.cli({QStringLiteral("retry"), QStringLiteral("--all")}).exitCode, 0);
        r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QCOMPARE(BackupFixture::hashesUnder(fx.destination), fx.expectedAtDestination());
        QCOMPARE(fx.cli({QStringLiteral("retry"), QStringLiteral("x")}).exitCode, 2);
    }

    void differentFileWithTheSameNameGetsASuffix()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        const QStringList files = fx.makeLibrary(2);
        QVERIFY(fx.setUp());
        const QString name = files.first().section(QLatin1Char('/'), -1);
        const QString taken = fx.destination + QStringLiteral("/2019/03/") + name;
        QVERIFY(writeFile(taken, "a photo that was there before"));
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 0);
        const QMap<QString, QByteArray> got = BackupFixture::hashesUnder(fx.destination);
        QCOMPARE(got.size(), 3);
        QCOMPARE(got.value(QStringLiteral("2019/03/") + name), sha256Hex(taken)); // untouched
        const QByteArray ours = sha256Hex(fx.library + QLatin1Char('/') + files.first());
        const QString suffixed = QStringLiteral("2019/03/") + name.chopped(4) + QLatin1Char('-') +
                                 QString::fromLatin1(ours.left(8)) + QStringLiteral(".jpg");
        QCOMPARE(got.value(suffixed), ours);
    }

    void identicalContentIsSentOnce()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        const QStringList files = fx.makeLibrary(1);
        QVERIFY(QFile::copy(fx.library + QLatin1Char('/') + files.first(),
                            fx.library + QStringLiteral("/copy-of-it.jpg")));
        QVERIFY(fx.setUp());
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 0);
        QCOMPARE(BackupFixture::hashesUnder(fx.destination).size(), 1);
        const QJsonObject status =
            json(fx.cli({QStringLiteral("--json"), QStringLiteral("status")}));
        QCOMPARE(status.value(QStringLiteral("filesDone")).toInt(), 2);
    }

    // A file removed from the library before it was sent: its job is cancelled (as PhotoKit
    // cancels a deleted asset's upload), not a failure to retry; an identical file that waited
    // for its content is sent under its own name; back in the library, a removed file is queued
    // again and its content is not sent twice.
    void removedBeforeSentIsCancelledNotFailed()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        const QStringList files = fx.makeLibrary(4);
        const QString first = fx.library + QLatin1Char('/') + files.at(0);
        const QString twin = fx.library + QStringLiteral("/twins/twin.jpg");
        QVERIFY(QDir().mkpath(fx.library + QStringLiteral("/twins")));
        QVERIFY(QFile::copy(first, twin));
        QFile twinFile(twin);
        QVERIFY(twinFile.open(QIODevice::ReadWrite) &&
                twinFile.setFileTime(QFileInfo(first).lastModified(),
                                     QFileDevice::FileModificationTime));
        twinFile.close();
        QVERIFY(fx.setUp());
        QVERIFY(fx.setSetting(settingkeys::maxAttempts, QStringLiteral("1")));
        QVERIFY(QDir(fx.destination).removeRecursively()); // the disk is unplugged: nothing sent
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 12);
        const auto failures = [&fx] {
            return json(fx.cli({QStringLiteral("--json"), QStringLiteral("failures")}))
                .value(QStringLiteral("failures"))
                .toArray();
        };
        // Four failed: the twin that carries the shared content, the other waits for it.
        QString carrier;
        for (const QJsonValue& f : failures()) {
            const QString path = f.toObject().value(QStringLiteral("localPath")).toString();
            if (path == first || path == twin)
                carrier = path;
        }
        QCOMPARE(failures().size(), 4);
        QVERIFY(!carrier.isEmpty());
        const QString other = fx.library + QLatin1Char('/') + files.at(1);
        const QByteArray otherBytes = readFile(other);
        const QByteArray carrierBytes = readFile(carrier);
        const QDateTime mtime = QFileInfo(other).lastModified();
        QVERIFY(QFile::remove(carrier));
        QVERIFY(QFile::remove(other));

        QVERIFY(QDir().mkpath(fx.destination)); // plugged in again
        QCOMPARE(fx.cli({QStringLiteral("retry"), QStringLiteral("--all")}).exitCode, 0);
        CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err + fx.cli({QStringLiteral("failures")}).out);
        QCOMPARE(failures().size(), 0);
        QCOMPARE(BackupFixture::hashesUnder(fx.destination), fx.expectedAtDestination());
        QJsonObject counts = json(fx.cli({QStringLiteral("--json"), QStringLiteral("status")}))
                                 .value(QStringLiteral("counts"))
                                 .toObject();
        QCOMPARE(counts.value(QStringLiteral("cancelled")).toInt(), 2);
        QCOMPARE(counts.value(QStringLiteral("acknowledged")).toInt(), 3);
        r = fx.cli({QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("1000")});
        QCOMPARE(r.out.count("removed from the library before it was backed up"), 2);

        // Both come back (restored from the trash, times and all).
        QVERIFY(writeFile(other, otherBytes));
        QFile restored(other);
        QVERIFY(restored.open(QIODevice::ReadWrite) &&
                restored.setFileTime(mtime, QFileDevice::FileModificationTime));
        restored.close();
        QVERIFY(writeFile(carrier, carrierBytes));
        r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err + fx.cli({QStringLiteral("failures")}).out);
        QMap<QString, QByteArray> expected = fx.expectedAtDestination();
        // The shared content stays once, under the name of the file that carried it.
        expected.remove(QStringLiteral("2019/03/") + QFileInfo(carrier).fileName());
        QCOMPARE(BackupFixture::hashesUnder(fx.destination), expected);
        counts = json(fx.cli({QStringLiteral("--json"), QStringLiteral("status")}))
                     .value(QStringLiteral("counts"))
                     .toObject();
        QCOMPARE(counts.value(QStringLiteral("cancelled")).toInt(), 0);
        QCOMPARE(counts.value(QStringLiteral("acknowledged")).toInt(), 5);
    }

    void locationLeavesOnlyWithConsent()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        const QString photo = fx.library + QStringLiteral("/gps.jpg");
        QVERIFY(run(QStringLiteral("convert"), {QStringLiteral("-size"), QStringLiteral("40x30"),
                                                QStringLiteral("plasma:"), photo}));
        QVERIFY(run(
            QStringLiteral("exiv2"),
            {QStringLiteral("-M"),
             QStringLiteral("set Exif.Photo.DateTimeOriginal 2022:02:02 10:00:00"),
             QStringLiteral("-M"), QStringLiteral("set Exif.GPSInfo.GPSLatitude 52/1 31/1 0/1"),
             QStringLiteral("-M"), QStringLiteral("set Exif.GPSInfo.GPSLatitudeRef N"), photo}));
        const QByteArray original = sha256Hex(photo);
        QVERIFY(fx.setUp());
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 0);
        const QString sent = fx.destination + QStringLiteral("/2022/02/gps.jpg");
        QByteArray tags;
        QVERIFY(run(QStringLiteral("exiv2"), {QStringLiteral("-pa"), sent}, &tags));
        QVERIFY(!tags.contains("GPSLatitude"));
        QVERIFY(tags.contains("DateTimeOriginal"));
        QVERIFY(sha256Hex(sent) != original);
        QCOMPARE(sha256Hex(photo), original); // the original is never modified
        QVERIFY(QDir(fx.profile + QStringLiteral("/tmp")).entryList(QDir::Files).isEmpty());

        // With the location consent, a second destination gets the exact bytes.
        const QString second = dir.filePath(QStringLiteral("second"));
        QVERIFY(QDir().mkpath(second));
        QCOMPARE(fx.cli({QStringLiteral("destination"), QStringLiteral("add"),
                         QStringLiteral("nas"), QStringLiteral("local://") + second})
                     .exitCode,
                 0);
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("grant"),
                         QStringLiteral("upload"), QStringLiteral("nas")})
                     .exitCode,
                 0);
        QCOMPARE(
            fx.cli({QStringLiteral("consent"), QStringLiteral("grant"), QStringLiteral("location")})
                .exitCode,
            0);
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 0);
        QCOMPARE(sha256Hex(second + QStringLiteral("/2022/02/gps.jpg")), original);
    }

    void pauseSaysWhyAndSecondEngineIsRefused()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        fx.makeLibrary(3);
        QVERIFY(fx.setUp());
        QCOMPARE(fx.cli({QStringLiteral("pause")}).exitCode, 0);
        CliResult r = fx.cli({QStringLiteral("backup")});
        QCOMPARE(r.exitCode, 11);
        QVERIFY(r.out.contains("paused by you"));
        QVERIFY(BackupFixture::hashesUnder(fx.destination).isEmpty());
        r = fx.cli({QStringLiteral("--json"), QStringLiteral("status")});
        QCOMPARE(json(r)
                     .value(QStringLiteral("pauseReasons"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("user"));

        // While one engine runs (paused, held open by a slow scan of nothing), a second is refused.
        QCOMPARE(fx.cli({QStringLiteral("resume")}).exitCode, 0);
        QVERIFY(fx.setSetting(settingkeys::bandwidthLimitKBps, QStringLiteral("1")));
        fx.makeLibrary(0, 1, 1024 * 1024, 9);
        QProcess first;
        first.start(cliPath(), fx.argsFor({QStringLiteral("backup")}));
        QVERIFY(first.waitForStarted());
        QTest::qWait(1500);
        r = fx.cli({QStringLiteral("backup")});
        QCOMPARE(r.exitCode, 4);
        QVERIFY(r.err.contains("already running"));
        first.terminate(); // SIGTERM: stops cleanly
        QVERIFY(first.waitForFinished(5000));
        QCOMPARE(first.exitCode(), 13);
        r = fx.cli({QStringLiteral("--json"), QStringLiteral("status")});
        QCOMPARE(json(r)
                     .value(QStringLiteral("counts"))
                     .toObject()
                     .value(QStringLiteral("running"))
                     .toInt(),
                 0);
        QCOMPARE(json(r).value(QStringLiteral("engineRunning")).toBool(), false);
    }
};

QTEST_GUILESS_MAIN(TestBackup)
#include "tst_backup.moc"
