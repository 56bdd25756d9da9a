// Issue 7, kills: `keepsake-cli backup` to a real WebDAV server (nginx dav), SIGKILLed at random
// moments: mid-PUT of the streamed body (straight to the name in a folder the run made, to a
// temporary name in one an earlier run made), between PUT and MOVE, mid-PROPFIND, mid-catalog
// write.
// Then run to its end; the audit reads what the server stored in its data folder.
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "KillLoop.h"
#include "NginxDav.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

// Temporary names (.keepsake-<job>.part) the server holds: PUT done, MOVE not yet: counted with
// partFilesUnder() (KillLoop.h).
class TestChaosKillWebDav : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedBackupsToWebDav()
    {
        const int rounds = chaosRounds(builtWithSanitizers() ? 8 : 12, 60);
        qputenv("KEEPSAKE_SECRET_NGX", "nginx-pass");
        QTemporaryDir dir;
        NginxDav dav(dir.filePath(QStringLiteral("nginx")), QStringLiteral("nginx-pass"));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        fx.makeLibrary(120, 4, 4 * 1024 * 1024, 301);
        QVERIFY(fx.addLibrary());
        // The destination root /dav/backup is <data>/backup on the server's disk (an existing
        // collection, as a user's share would be).
        const QString root = dav.dataDir() + QStringLiteral("/backup");
        QVERIFY(QDir().mkpath(root));
        QVERIFY(fx.addDestination(QStringLiteral("ngx"), dav.url() + QStringLiteral("/backup")));
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("4096")));

        KillLoop loop(QStringLiteral("kill-webdav"));
        quint32 batch = 400;
        int midUpload = 0;
        int partsLeft = 0;
        const KillTally tally = killRepeatedly(
            fx, loop, QStringLiteral("ngx"), rounds, 150, 1500,
            [&] { fx.makeLibrary(60, 2, 4 * 1024 * 1024, batch++); },
            [&](const CatalogCounts& c) {
                midUpload += c.job(QStringLiteral("running")) > 0;
                partsLeft += partFilesUnder(root) > 0;
            });
        QVERIFY2(tally.problems.isEmpty(), qPrintable(tally.problems.join(QLatin1Char('\n'))));
        QVERIFY2(
            tally.kills == rounds,
            qPrintable(QStringLiteral("only %1 of %2 kills landed").arg(tally.kills).arg(rounds)));
        QVERIFY2(midUpload >= rounds / 2,
                 qPrintable(QStringLiteral("only %1 kills landed mid-upload").arg(midUpload)));

        const CliResult last = fx.cli({QStringLiteral("backup")}, 600000);
        QVERIFY2(last.exitCode == 0,
                 last.out + last.err + fx.cli({QStringLiteral("failures")}).out);
        const AuditReport audit =
            auditBackup(fx, QStringLiteral("ngx"), BackupFixture::hashesUnder(root));
        QVERIFY2(audit.ok(), qPrintable(audit.text()));
        QCOMPARE(audit.acknowledged, audit.sourceFiles);
        recordFigures(QStringLiteral("kill-webdav"),
                      {{QStringLiteral("seed"), loop.seed()},
                       {QStringLiteral("kills"), tally.kills},
                       {QStringLiteral("midUpload"), midUpload},
                       {QStringLiteral("partFilesLeft"), partsLeft},
                       {QStringLiteral("finishedRuns"), tally.finishedRuns},
                       {QStringLiteral("files"), audit.sourceFiles},
                       {QStringLiteral("killPhaseMs"), tally.elapsedMs}});
    }
};

QTEST_GUILESS_MAIN(TestChaosKillWebDav)
#include "tst_chaos_kill_webdav.moc"
