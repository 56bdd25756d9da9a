// Issue 7, kills during catalog writes: `keepsake-cli scan` of a library of many small files,
// SIGKILLed at random moments while it records resources, assets and jobs. After every kill
// the catalog must open (in the CLI, too) and pass SQLite's integrity check; a final backup must
// then pass the audit.
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "KillLoop.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

namespace {

void touchAll(const QString& root, int seconds)
{
    const QDateTime when = QDateTime(QDate(2019, 3, 15), QTime(12, 0)).addSecs(seconds);
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadWrite))
            f.setFileTime(when, QFileDevice::FileModificationTime);
    }
}

} // namespace

class TestChaosKillScan : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedScansOfManySmallFiles()
    {
        const int rounds = chaosRounds(builtWithSanitizers() ? 8 : 12, 60);
        // A library of many small files; each time a scan gets to its end, every file gets a
        // new modification time, so the next scan reads it again and rewrites every row.
        const int files = 10000;
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        QCOMPARE(makeSmallFiles(fx.library, QStringLiteral("0"), files, 701).size(), files);
        QVERIFY(fx.setUp());

        // Kill within the time a whole scan takes on this machine (build type, sanitizers and
        // load change it by 10x): a fixed window lets fast scans finish before most kills.
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(fx.cli({QStringLiteral("scan")}).exitCode, 0);
        const int scanMs = int(timer.elapsed());
        const int maxDelayMs = std::max(40, scanMs * 9 / 10);
        qInfo("a whole scan takes %d ms: kills land within %d ms", scanMs, maxDelayMs);

        KillLoop loop(QStringLiteral("kill-scan"));
        int version = 1;
        touchAll(fx.library, version);
        int midScan = 0;    // kills before the scan's last commit (it records its end last)
        int midBatches = 0; // of those, kills after some batches of rows and before the others
        int cliRefused = 0; // kills after which keepsake-cli could not read the catalog
        CatalogCounts before = catalogCounts(fx.profile, QStringLiteral("usb"));
        const KillTally tally = killRepeatedly(
            fx, loop, QStringLiteral("usb"), rounds, 10, maxDelayMs,
            [&] {
                ++version;
                touchAll(fx.library, version);
                before = catalogCounts(fx.profile, QStringLiteral("usb"));
            },
            [&](const CatalogCounts& c) {
                if (c.lastScanAt == before.lastScanAt) {
                    ++midScan;
                    midBatches +=
                        c.writtenSinceScan > before.writtenSinceScan && c.writtenSinceScan < files;
                }
                before = c;
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
        QVERIFY2(midBatches >= 1, "no kill landed between two batches of catalog writes");

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
                       {QStringLiteral("midBatches"), midBatches},
                       {QStringLiteral("finishedRuns"), tally.finishedRuns},
                       {QStringLiteral("versions"), version},
                       {QStringLiteral("files"), files},
                       {QStringLiteral("scanMs"), scanMs},
                       {QStringLiteral("killPhaseMs"), tally.elapsedMs}});
    }
};

QTEST_GUILESS_MAIN(TestChaosKillScan)
#include "tst_chaos_kill_scan.moc"
