// Issue 7, kills: `keepsake-cli backup` to a real s3rver, SIGKILLed at random moments, many of
// them in multipart uploads (a low multipart threshold and 1 MiB parts make every "video" one):
// between CreateMultipartUpload and the first part, among parts in flight, around
// CompleteMultipartUpload. Then run to its end: the audit reads s3rver's storage, and no
// multipart upload may be left unfinished on the server.
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "KillLoop.h"
#include "S3rver.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

namespace {
const QString kKey = QStringLiteral("KSTESTKEY");
const QString kSecret = QStringLiteral("s3cret-Sign1ng-Key/XYZ");
} // namespace

class TestChaosKillS3 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedBackupsToS3()
    {
        const int rounds = chaosRounds(builtWithSanitizers() ? 8 : 12, 60);
        qputenv("KEEPSAKE_SECRET_S3", kSecret.toUtf8());
        QTemporaryDir dir;
        S3rver server(dir.filePath(QStringLiteral("s3rver")), kKey, kSecret);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        // 6 MiB "videos": 6 parts each above the 2 MiB threshold; photos go as single PUTs.
        fx.makeLibrary(60, 4, 6 * 1024 * 1024, 501);
        QVERIFY(fx.addLibrary());
        QVERIFY(
            fx.addDestination(QStringLiteral("s3"),
                              server.url(QStringLiteral("backup"),
                                         QStringLiteral("multipart_threshold=2M&part_size=1M"))));
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("4096")));

        KillLoop loop(QStringLiteral("kill-s3"));
        quint32 batch = 600;
        int midUpload = 0;
        int midMultipart = 0; // kills that left a multipart upload open on the server
        const KillTally tally = killRepeatedly(
            fx, loop, QStringLiteral("s3"), rounds, 150, 1500,
            [&] { fx.makeLibrary(30, 2, 6 * 1024 * 1024, batch++); },
            [&](const CatalogCounts& c) {
                midUpload += c.job(QStringLiteral("running")) > 0;
                midMultipart += server.unfinishedUploads() > 0;
            });
        QVERIFY2(tally.problems.isEmpty(), qPrintable(tally.problems.join(QLatin1Char('\n'))));
        QVERIFY2(
            tally.kills == rounds,
            qPrintable(QStringLiteral("only %1 of %2 kills landed").arg(tally.kills).arg(rounds)));
        QVERIFY2(midUpload >= rounds / 2,
                 qPrintable(QStringLiteral("only %1 kills landed mid-upload").arg(midUpload)));
        QVERIFY2(
            midMultipart >= rounds / 4,
            qPrintable(
                QStringLiteral("only %1 kills landed in a multipart upload").arg(midMultipart)));

        const CliResult last = fx.cli({QStringLiteral("backup")}, 600000);
        QVERIFY2(last.exitCode == 0,
                 last.out + last.err + fx.cli({QStringLiteral("failures")}).out);
        const AuditReport audit =
            auditBackup(fx, QStringLiteral("s3"), server.objectHashes(QStringLiteral("backup/")));
        QVERIFY2(audit.ok(), qPrintable(audit.text()));
        QCOMPARE(audit.acknowledged, audit.sourceFiles);
        // Every multipart upload was completed or aborted: nothing billed and invisible is left.
        QCOMPARE(server.unfinishedUploads(), 0);
        recordFigures(QStringLiteral("kill-s3"),
                      {{QStringLiteral("seed"), loop.seed()},
                       {QStringLiteral("kills"), tally.kills},
                       {QStringLiteral("midUpload"), midUpload},
                       {QStringLiteral("midMultipart"), midMultipart},
                       {QStringLiteral("finishedRuns"), tally.finishedRuns},
                       {QStringLiteral("files"), audit.sourceFiles},
                       {QStringLiteral("killPhaseMs"), tally.elapsedMs}});
    }
};

QTEST_GUILESS_MAIN(TestChaosKillS3)
#include "tst_chaos_kill_s3.moc"
