// Chaos, storage (issue 7): the destination's disk fills up or turns read-only, the library's
// disk goes away between runs and in the middle of one. Real tmpfs and bind mounts (the tests
// run as root), the real keepsake-cli, a real Apache for WebDAV; every scenario ends with the
// audit once the fault is gone.
#include "ApacheDav.h"
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "StorageChecks.h"
#include "TestMount.h"
#include "catalog/SettingKeys.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

namespace {

const QString kBackup = QStringLiteral("backup");

QString text(const CliResult& r)
{
    return QString::fromUtf8(r.out + r.err);
}

// Every failure is permanent and says `phrase`; returns how many there are.
int expectFailuresSay(const BackupFixture& fx, const QString& phrase)
{
    const QJsonArray list = failures(fx);
    for (const QJsonValue& v : list) {
        const QJsonObject f = v.toObject();
        if (!f.value(QStringLiteral("reason")).toString().contains(phrase, Qt::CaseInsensitive) ||
            f.value(QStringLiteral("errorClass")).toString() != QLatin1String("permanent")) {
            qWarning() << "not a permanent failure saying" << phrase << ":" << f;
            return -1;
        }
    }
    return int(list.size());
}

Holdings withoutFiller(Holdings held)
{
    held.remove(QStringLiteral("filler.bin"));
    return held;
}

} // namespace

class TestChaosStorage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { qputenv("KEEPSAKE_SECRET_DAV", "s3cret-pass"); }

    // A local destination on a small tmpfs: the files that fit are backed up, the others fail
    // with "disk is full", nothing half-written stays; with space again, all of it.
    void destinationDiskFull()
    {
        const int rounds = chaosRounds(2, 8);
        QElapsedTimer timer;
        timer.start();
        int refused = 0;
        for (int round = 0; round < rounds; ++round) {
            // Even rounds: a 1 MiB disk grown afterwards; odd rounds: a filler file deleted.
            const bool filler = round % 2 == 1;
            QTemporaryDir dir;
            BackupFixture fx(dir.path());
            TestMount disk;
            QString error;
            QVERIFY2(disk.mountTmpfs(fx.destination,
                                     filler ? QStringLiteral("8m") : QStringLiteral("1m"), &error),
                     qPrintable(error));
            if (filler)
                QVERIFY(writeFile(fx.destination + QStringLiteral("/filler.bin"),
                                  QByteArray(7 * 1024 * 1024 + 100 * 1024, 'f')));
            fx.makeLibrary(14, 1, 700 * 1024, 40 + round);
            QVERIFY(fx.setUp());

            CliResult r = fx.cli({kBackup});
            QVERIFY2(r.exitCode == 12, qPrintable(text(r)));
            const int failed = expectFailuresSay(fx, QStringLiteral("disk is full"));
            QVERIFY2(failed > 0, "every failure says the disk is full");
            refused += failed;
            Holdings held = withoutFiller(BackupFixture::hashesUnder(fx.destination));
            const QStringList bad = checkAcknowledgedOnly(fx, QStringLiteral("usb"), held);
            QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));

            if (filler)
                QVERIFY(QFile::remove(fx.destination + QStringLiteral("/filler.bin")));
            else
                QVERIFY2(disk.remount(QStringLiteral("size=64m"), &error), qPrintable(error));
            QCOMPARE(fx.cli({QStringLiteral("retry"), QStringLiteral("--all")}).exitCode, 0);
            r = fx.cli({kBackup});
            QVERIFY2(r.exitCode == 0, qPrintable(text(r)));
            const AuditReport audit =
                auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination));
            QVERIFY2(audit.ok(), qPrintable(audit.text()));
            QCOMPARE(audit.acknowledged, 15);
        }
        recordFigures(QStringLiteral("storage-destination-full"),
                      {{QStringLiteral("rounds"), rounds},
                       {QStringLiteral("refusedJobs"), refused},
                       {QStringLiteral("ms"), timer.elapsed()}});
    }

    // Apache mod_dav with its data folder on a small tmpfs: the server answers 507 (or another
    // 5xx); nothing half-written remains on the server and the rest goes once there is space.
    void webDavDiskFull()
    {
        QElapsedTimer timer;
        timer.start();
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), QStringLiteral("s3cret-pass"));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        TestMount disk;
        QVERIFY2(disk.mountTmpfs(dav.dataDir(), QStringLiteral("1m"), &error), qPrintable(error));
        QCOMPARE(QProcess::execute(QStringLiteral("chown"),
                                   {QStringLiteral("www-data:www-data"), dav.dataDir()}),
                 0);
        BackupFixture fx(dir.path());
        fx.makeLibrary(14, 1, 700 * 1024, 7);
        QVERIFY(fx.addLibrary());
        QVERIFY(fx.addDestination(QStringLiteral("dav"), dav.url()));
        // A 5xx is retried: two attempts keep the run short.
        QVERIFY(fx.setSetting(settingkeys::maxAttempts, QStringLiteral("2")));

        CliResult r = fx.cli({kBackup});
        QVERIFY2(r.exitCode == 12, qPrintable(text(r)));
        const QJsonArray list = failures(fx);
        QVERIFY(!list.isEmpty());
        for (const QJsonValue& v : list) {
            const int status = v.toObject().value(QStringLiteral("httpStatus")).toInt();
            QVERIFY2(status == 507 || status >= 500, qPrintable(QString::number(status)));
        }
        Holdings held = BackupFixture::hashesUnder(dav.dataDir());
        QStringList bad = checkAcknowledgedOnly(fx, QStringLiteral("dav"), held);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));

        QVERIFY2(disk.remount(QStringLiteral("size=64m"), &error), qPrintable(error));
        QCOMPARE(fx.cli({QStringLiteral("retry"), QStringLiteral("--all")}).exitCode, 0);
        r = fx.cli({kBackup});
        QVERIFY2(r.exitCode == 0, qPrintable(text(r)));
        const AuditReport audit =
            auditBackup(fx, QStringLiteral("dav"), BackupFixture::hashesUnder(dav.dataDir()));
        QVERIFY2(audit.ok(), qPrintable(audit.text()));
        QCOMPARE(audit.acknowledged, 15);
        recordFigures(QStringLiteral("storage-webdav-full"),
                      {{QStringLiteral("rounds"), 1},
                       {QStringLiteral("refusedJobs"), list.size()},
                       {QStringLiteral("ms"), timer.elapsed()}});
    }

    // The destination's disk is mounted read-only between two runs: the new files fail with
    // "read-only" (permanent: it waits for the user), the old ones stay; rw again, retry, done.
    void destinationReadOnly()
    {
        QElapsedTimer timer;
        timer.start();
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        TestMount disk;
        QString error;
        QVERIFY2(disk.mountTmpfs(fx.destination, QStringLiteral("32m"), &error), qPrintable(error));
        fx.makeLibrary(8, 0, 0, 11);
        QVERIFY(fx.setUp());
        CliResult r = fx.cli({kBackup});
        QVERIFY2(r.exitCode == 0, qPrintable(text(r)));

        fx.makeLibrary(8, 0, 0, 12);
        QVERIFY2(disk.remount(QStringLiteral("ro"), &error), qPrintable(error));
        r = fx.cli({kBackup});
        QVERIFY2(r.exitCode == 12, qPrintable(text(r)));
        QCOMPARE(expectFailuresSay(fx, QStringLiteral("read-only")), 8);
        QStringList bad = checkAcknowledgedOnly(fx, QStringLiteral("usb"),
                                                BackupFixture::hashesUnder(fx.destination));
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
        QCOMPARE(jobStates(fx).value(QStringLiteral("acknowledged")), 8);

        QVERIFY2(disk.remount(QStringLiteral("rw"), &error), qPrintable(error));
        QCOMPARE(fx.cli({QStringLiteral("retry"), QStringLiteral("--all")}).exitCode, 0);
        r = fx.cli({kBackup});
        QVERIFY2(r.exitCode == 0, qPrintable(text(r)));
        const AuditReport audit =
            auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination));
        QVERIFY2(audit.ok(), qPrintable(audit.text()));
        QCOMPARE(audit.acknowledged, 16);
        recordFigures(QStringLiteral("storage-destination-readonly"),
                      {{QStringLiteral("rounds"), 1},
                       {QStringLiteral("refusedJobs"), 8},
                       {QStringLiteral("ms"), timer.elapsed()}});
    }

    // The library's disk is not mounted when a backup starts: its mount point is an empty folder.
    // Nothing is taken for deleted, no job fails or is cancelled, the run says the source is not
    // available and waits (exit 11); mounted again, the backup completes.
    void sourceUnmountedBetweenRuns()
    {
        QElapsedTimer timer;
        timer.start();
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        const QString disk = dir.filePath(QStringLiteral("photo-disk"));
        QVERIFY(QDir().mkpath(disk));
        TestMount mount;
        QString error;
        QVERIFY2(mount.mountBind(disk, fx.library, &error), qPrintable(error));
        fx.makeLibrary(10, 0, 0, 21);
        QVERIFY(fx.setUp());
        CliResult r = fx.cli({kBackup});
        QVERIFY2(r.exitCode == 0, qPrintable(text(r)));
        // New photos are scanned and queued, but not sent yet.
        fx.makeLibrary(10, 0, 0, 22);
        QCOMPARE(fx.cli({QStringLiteral("pause")}).exitCode, 0);
        QCOMPARE(fx.cli({kBackup}).exitCode, 11);
        QCOMPARE(fx.cli({QStringLiteral("resume")}).exitCode, 0);
        QCOMPARE(jobStates(fx).value(QStringLiteral("pending")), 10);

        QVERIFY2(mount.unmount(&error), qPrintable(error));
        QVERIFY(QDir(fx.library).isEmpty());
        r = fx.cli({kBackup});
        QVERIFY2(r.exitCode == 11, qPrintable(text(r)));
        QVERIFY2(text(r).contains(QStringLiteral("not available")), qPrintable(text(r)));
        QCOMPARE(missingResources(fx), 0);
        const QMap<QString, int> states = jobStates(fx);
        QCOMPARE(states.value(QStringLiteral("acknowledged")), 10);
        QCOMPARE(states.value(QStringLiteral("pending")), 10);
        QCOMPARE(states.value(QStringLiteral("failed")) + states.value(QStringLiteral("cancelled")),
                 0);

        QVERIFY2(mount.mountAgain(&error), qPrintable(error));
        r = fx.cli({kBackup});
        QVERIFY2(r.exitCode == 0, qPrintable(text(r)));
        const AuditReport audit =
            auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination));
        QVERIFY2(audit.ok(), qPrintable(audit.text()));
        QCOMPARE(audit.acknowledged, 20);
        recordFigures(QStringLiteral("storage-source-unmounted-between-runs"),
                      {{QStringLiteral("rounds"), 1}, {QStringLiteral("ms"), timer.elapsed()}});
    }

    // The library's disk goes away while a backup runs (lazily unmounted: copies under way
    // finish, the next files are gone). The jobs left wait for the disk instead of failing, and
    // complete once it is back.
    void sourceUnmountedMidRun()
    {
        const int rounds = chaosRounds(1, 5);
        QElapsedTimer timer;
        timer.start();
        int waitingAtUnmount = 0;
        for (int round = 0; round < rounds; ++round) {
            QTemporaryDir dir;
            BackupFixture fx(dir.path());
            const QString disk = dir.filePath(QStringLiteral("photo-disk"));
            QVERIFY(QDir().mkpath(disk));
            TestMount mount;
            QString error;
            QVERIFY2(mount.mountBind(disk, fx.library, &error), qPrintable(error));
            fx.makeLibrary(30, 0, 0, 31 + round);
            QVERIFY(fx.setUp());
            // Slow enough to unmount in the middle: about 3 MB at 600 KB/s.
            QVERIFY(fx.setSetting(settingkeys::bandwidthLimitKBps, QStringLiteral("600")));
            QProcess backup;
            backup.start(cliPath(), fx.argsFor({kBackup}));
            QVERIFY(backup.waitForStarted());
            QTRY_VERIFY_WITH_TIMEOUT(
                jobStates(fx).value(QStringLiteral("acknowledged")) >= 3 + 3 * round, 60000);
            QVERIFY2(mount.unmount(&error), qPrintable(error));
            QVERIFY(backup.waitForFinished(60000));
            const QString out = QString::fromUtf8(backup.readAll() + backup.readAllStandardError());
            QVERIFY2(backup.exitCode() == 11, qPrintable(out));
            QVERIFY2(out.contains(QStringLiteral("not available")), qPrintable(out));
            QCOMPARE(missingResources(fx), 0);
            const QMap<QString, int> states = jobStates(fx);
            QCOMPARE(states.value(QStringLiteral("failed")) +
                         states.value(QStringLiteral("cancelled")),
                     0);
            QVERIFY(states.value(QStringLiteral("pending")) > 0);
            waitingAtUnmount += states.value(QStringLiteral("pending"));

            QVERIFY2(mount.mountAgain(&error), qPrintable(error));
            QVERIFY(fx.setSetting(settingkeys::bandwidthLimitKBps, QStringLiteral("0")));
            const CliResult r = fx.cli({kBackup});
            QVERIFY2(r.exitCode == 0, qPrintable(text(r)));
            const AuditReport audit =
                auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination));
            QVERIFY2(audit.ok(), qPrintable(audit.text()));
            QCOMPARE(audit.acknowledged, 30);
        }
        recordFigures(QStringLiteral("storage-source-unmounted-mid-run"),
                      {{QStringLiteral("rounds"), rounds},
                       {QStringLiteral("jobsWaiting"), waitingAtUnmount},
                       {QStringLiteral("ms"), timer.elapsed()}});
    }
};

QTEST_GUILESS_MAIN(TestChaosStorage)
#include "tst_chaos_storage.moc"
