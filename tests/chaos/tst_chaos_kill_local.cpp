// Issue 7, kills: `keepsake-cli backup` to a local folder, SIGKILLed at random moments (mid-copy,
// mid-fsync, mid-catalog write), then run to its end. The audit must find every file there once,
// byte for byte, nothing half-written under a final name, and a catalog that says exactly that.
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "KillLoop.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

class TestChaosKillLocal : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedBackupsToALocalFolder()
    {
        const int rounds = chaosRounds(builtWithSanitizers() ? 8 : 12, 60);
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        // Photos of 2-200 KB and 4 MB "videos"; throttled so that a run lasts seconds and a
        // kill can land anywhere in it.
        fx.makeLibrary(120, 4, 4 * 1024 * 1024, 101);
        QVERIFY(fx.setUp());
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("4096")));

        KillLoop loop(QStringLiteral("kill-local"));
        quint32 batch = 200;
        int midUpload = 0; // kills that found a job running (a copy under way)
        int partsLeft = 0; // kills that left a temporary copy behind
        const KillTally tally = killRepeatedly(
            fx, loop, QStringLiteral("usb"), rounds, 150, 1500,
            [&] { fx.makeLibrary(60, 2, 4 * 1024 * 1024, batch++); },
            [&](const CatalogCounts& c) {
                midUpload += c.job(QStringLiteral("running")) > 0;
                partsLeft += partFilesUnder(fx.destination) > 0;
            });
        QVERIFY2(tally.problems.isEmpty(), qPrintable(tally.problems.join(QLatin1Char('\n'))));
        QVERIFY2(
            tally.kills == rounds,
            qPrintable(QStringLiteral("only %1 of %2 kills landed").arg(tally.kills).arg(rounds)));
        // Not vacuous: most kills hit a copy in progress, and some left a half-written file.
        QVERIFY2(midUpload >= rounds / 2,
                 qPrintable(QStringLiteral("only %1 kills landed mid-upload").arg(midUpload)));
        QVERIFY2(partsLeft >= 1, "no kill left a temporary copy to clean up");

        const CliResult last = fx.cli({QStringLiteral("backup")}, 600000);
        QVERIFY2(last.exitCode == 0, last.out + last.err);
        const AuditReport audit =
            auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination));
        QVERIFY2(audit.ok(), qPrintable(audit.text()));
        QCOMPARE(audit.acknowledged, audit.sourceFiles);
        recordFigures(QStringLiteral("kill-local"),
                      {{QStringLiteral("seed"), loop.seed()},
                       {QStringLiteral("kills"), tally.kills},
                       {QStringLiteral("midUpload"), midUpload},
                       {QStringLiteral("partFilesLeft"), partsLeft},
                       {QStringLiteral("finishedRuns"), tally.finishedRuns},
                       {QStringLiteral("files"), audit.sourceFiles},
                       {QStringLiteral("killPhaseMs"), tally.elapsedMs}});
    }
};

QTEST_GUILESS_MAIN(TestChaosKillLocal)
#include "tst_chaos_kill_local.moc"
