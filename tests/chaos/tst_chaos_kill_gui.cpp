// Issue 7, kills: the desktop app (the real `keepsake` binary, offscreen) backing up on its own,
// SIGKILLed at random moments and started again, many times; then `keepsake-cli backup`
// finishes the work and the audit must find every file at the destination once, byte for byte.
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "KillLoop.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

class TestChaosKillGui : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedAppThenCliFinishes()
    {
        const QString app = qEnvironmentVariable("KEEPSAKE_GUI");
        QVERIFY2(QFileInfo(app).isExecutable(), "KEEPSAKE_GUI does not name the app");
        const int rounds = chaosRounds(builtWithSanitizers() ? 5 : 8, 25);
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        int files = int(fx.makeLibrary(120, 4, 4 * 1024 * 1024, 801).size());
        QVERIFY(fx.setUp());
        // Prepared as after the first-run setup: source, destination and every consent the app
        // would ask for, so it starts backing up at once with no dialog in the way.
        QVERIFY(fx.cli({QStringLiteral("consent"), QStringLiteral("grant"),
                        QStringLiteral("background")})
                    .exitCode == 0);
        // Slow enough that a batch outlasts the kill window (0.8-5 s): the app now starts
        // backing up within a second, and at 4 MB/s half the kills came after a batch was done.
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("2048")));

        KillLoop loop(QStringLiteral("kill-gui"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        // Autostart entries and Qt's own settings go to the test's folder, not the user's.
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        loop.setEnvironment(env);
        loop.setLogFile(dir.filePath(QStringLiteral("app.log")));

        quint32 batch = 900;
        int midBackup = 0;    // kills while the app still had files to back up
        int acknowledged = 0; // what the app got done before the last kill
        const KillTally tally = killRepeatedly(
            fx, loop, QStringLiteral("usb"), rounds, 800, 5000, {},
            [&](const CatalogCounts& c) {
                const int done = c.job(QStringLiteral("acknowledged"));
                midBackup += done < files;
                acknowledged = done;
                if (done == files) // all done: more work, so the next kill lands in a backup
                    files += int(fx.makeLibrary(60, 3, 4 * 1024 * 1024, batch++).size());
            },
            app, {QStringLiteral("--profile"), fx.profile});
        QVERIFY2(tally.problems.isEmpty(), qPrintable(tally.problems.join(QLatin1Char('\n'))));
        QVERIFY2(tally.finishedRuns == 0, "the app quit on its own");
        QCOMPARE(tally.kills, rounds);
        QVERIFY2(midBackup >= rounds / 2,
                 qPrintable(QStringLiteral("only %1 kills landed mid-backup").arg(midBackup)));
        // Not vacuous: the app itself backed up files between the kills.
        QVERIFY2(acknowledged > 0, "the app backed up nothing before it was killed");

        const CliResult last = fx.cli({QStringLiteral("backup")}, 600000);
        QVERIFY2(last.exitCode == 0, last.out + last.err);
        const AuditReport audit =
            auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination));
        QVERIFY2(audit.ok(), qPrintable(audit.text()));
        QCOMPARE(audit.sourceFiles, files);
        QCOMPARE(audit.acknowledged, files);
        recordFigures(QStringLiteral("kill-gui"),
                      {{QStringLiteral("seed"), loop.seed()},
                       {QStringLiteral("kills"), tally.kills},
                       {QStringLiteral("midBackup"), midBackup},
                       {QStringLiteral("ackedByApp"), acknowledged},
                       {QStringLiteral("files"), files},
                       {QStringLiteral("killPhaseMs"), tally.elapsedMs}});
    }
};

QTEST_GUILESS_MAIN(TestChaosKillGui)
#include "tst_chaos_kill_gui.moc"
