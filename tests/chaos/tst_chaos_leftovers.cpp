// Issue 7, kills and files changing: a backup killed in the middle of an upload leaves something
// on the destination for the next attempt to resume or remove (an open S3 multipart upload, a
// temporary file in a local folder). When the file is then removed from the library, its job is
// cancelled and no attempt comes: the next run must remove what was left (LeftoverSweep), or
// the parts stay billed and invisible, the temporary file for ever.
#include "BackupFixture.h"
#include "S3rver.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

namespace {
const QString kKey = QStringLiteral("KSTESTKEY");
const QString kSecret = QStringLiteral("s3cret-Sign1ng-Key/XYZ");

int cancelledJobs(const BackupFixture& fx)
{
    return QJsonDocument::fromJson(fx.cli({QStringLiteral("--json"), QStringLiteral("status")}).out)
        .object()
        .value(QStringLiteral("counts"))
        .toObject()
        .value(QStringLiteral("cancelled"))
        .toInt();
}

QStringList temporaryFilesUnder(const QString& root)
{
    QStringList found;
    QDirIterator it(root, {QStringLiteral(".keepsake-*")}, QDir::Files | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        found << it.next();
    return found;
}
} // namespace

class TestChaosLeftovers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void removedAfterAKillMidMultipartLeavesNoUploadOpen()
    {
        qputenv("KEEPSAKE_SECRET_S3", kSecret.toUtf8());
        QTemporaryDir dir;
        S3rver server(dir.filePath(QStringLiteral("s3rver")), kKey, kSecret);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        const QString rel = fx.makeLibrary(0, 1, 8 * 1024 * 1024, 901).first();
        QVERIFY(fx.addLibrary());
        QVERIFY(
            fx.addDestination(QStringLiteral("s3"),
                              server.url(QStringLiteral("backup"),
                                         QStringLiteral("multipart_threshold=2M&part_size=1M"))));
        // 8 parts at 1 MiB/s: the kill lands while parts are on their way.
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("1024")));

        QProcess backup;
        backup.start(cliPath(), fx.argsFor({QStringLiteral("backup")}));
        QVERIFY(backup.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(
            server.requestsBegun().join(QLatin1Char('\n')).contains(QLatin1String("partNumber=")),
            60000);
        backup.kill();
        QVERIFY(backup.waitForFinished(10000));
        QCOMPARE(server.unfinishedUploads(), 1); // what the kill left

        QVERIFY(QFile::remove(fx.library + QLatin1Char('/') + rel));
        const CliResult last = fx.cli({QStringLiteral("backup")});
        QVERIFY2(last.exitCode == 0, qPrintable(last.out + last.err));
        QCOMPARE(cancelledJobs(fx), 1);
        QCOMPARE(server.unfinishedUploads(), 0);
        QVERIFY2(server.requests().join(QLatin1Char('\n')).contains(QLatin1String("DELETE ")),
                 "the upload was not aborted");
        // Done once: a later run sends nothing more for it.
        const qsizetype before = server.requests().size();
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 0);
        QCOMPARE(server.requests().size(), before);
    }

    void removedAfterAKillMidCopyLeavesNoTemporaryFile()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        const QString rel = fx.makeLibrary(0, 1, 8 * 1024 * 1024, 902).first();
        QVERIFY(fx.setUp());
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("1024")));

        QProcess backup;
        backup.start(cliPath(), fx.argsFor({QStringLiteral("backup")}));
        QVERIFY(backup.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(!temporaryFilesUnder(fx.destination).isEmpty(), 60000);
        backup.kill();
        QVERIFY(backup.waitForFinished(10000));
        QCOMPARE(temporaryFilesUnder(fx.destination).size(), 1); // what the kill left

        QVERIFY(QFile::remove(fx.library + QLatin1Char('/') + rel));
        const CliResult last = fx.cli({QStringLiteral("backup")});
        QVERIFY2(last.exitCode == 0, qPrintable(last.out + last.err));
        QCOMPARE(cancelledJobs(fx), 1);
        QVERIFY2(temporaryFilesUnder(fx.destination).isEmpty(),
                 qPrintable(temporaryFilesUnder(fx.destination).join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestChaosLeftovers)
#include "tst_chaos_leftovers.moc"
