// Issue 7, kills during catalog writes: `keepsake-cli scan` of a library of many small files,
// SIGKILLed at random moments while it records resources, assets and jobs. After every kill
// the catalog must open (in the CLI, too) and pass SQLite's integrity check; a final backup must
// then pass the audit.
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "KillLoop.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

class TestChaosKillScan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedScansOfManySmallFiles()
    {
        const int rounds = chaosRounds(builtWithSanitizers() ? 8 : 10, 60);
        const int perBatch = chaosRounds(800, 1500);
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        int files = int(makeSmallFiles(fx.library, QStringLiteral("0"), 2 * perBatch, 701).size());
        QVERIFY(fx.setUp());

        KillLoop loop(QStringLiteral("kill-scan"));
        int batch = 1;
        int midScan = 0;    // kills that found the scan recorded part of the library, not all
        int cliRefused = 0; // kills after which keepsake-cli could not read the catalog
        int before = 0;
        const KillTally tally = killRepeatedly(
            fx, loop, QStringLiteral("usb"), rounds, 100, 1500,
            [&] {
                // The scan finished: more files, so the next kills land in catalog writes again.
                files += int(makeSmallFiles(fx.library, QString::number(batch), perBatch,
                                            701 + quint32(batch))
                                 .size());
                ++batch;
            },
            [&](const CatalogCounts& c) {
                midScan += c.resources > before && c.resources < files;
                before = c.resources;
                cliRefused += fx.cli({QStringLiteral("status")}).exitCode != 0;
            },
            cliPath(), fx.argsFor({QStringLiteral("scan")}));
        QVERIFY2(tally.problems.isEmpty(), qPrintable(tally.problems.join(QLatin1Char('\n'))));
        QVERIFY2(
            tally.kills == rounds,
            qPrintable(QStringLiteral("only %1 of %2 kills landed").arg(tally.kills).arg(rounds)));
        QCOMPARE(cliRefused, 0);
        QVERIFY2(midScan >= rounds / 2,
                 qPrintable(QStringLiteral("only %1 kills landed mid-scan").arg(midScan)));

        const CliResult last = fx.cli({QStringLiteral("backup")}, 900000);
        QVERIFY2(last.exitCode == 0, last.out + last.err);
        const AuditReport audit =
            auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination));
        QVERIFY2(audit.ok(), qPrintable(audit.text()));
        QCOMPARE(audit.sourceFiles, files);
        QCOMPARE(audit.acknowledged, files);
        recordFigures(QStringLiteral("kill-scan"),
                      {{QStringLiteral("seed"), loop.seed()},
                       {QStringLiteral("kills"), tally.kills},
                       {QStringLiteral("midScan"), midScan},
                       {QStringLiteral("finishedRuns"), tally.finishedRuns},
                       {QStringLiteral("files"), files},
                       {QStringLiteral("killPhaseMs"), tally.elapsedMs}});
    }
};

QTEST_GUILESS_MAIN(TestChaosKillScan)
#include "tst_chaos_kill_scan.moc"
