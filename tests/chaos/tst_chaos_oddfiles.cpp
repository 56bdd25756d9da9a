// Chaos: huge and odd files in a library (issue 7, "Bad input"). A sparse video of 2 GB (10 GB in
// the long variant) with a real MP4 header, zero-byte files, a FIFO, character and block devices,
// a socket, symbolic-link loops (a link to itself, a folder link to its own folder) and a link to
// the FIFO, beside ordinary photos, backed up through the real keepsake-cli to a local folder.
// Nothing may hang (a FIFO opened for reading waits for a writer for ever), memory stays bounded
// while the huge file is hashed and copied (peak RSS of keepsake-cli measured), every odd entry is
// reported with a reason, and the chaos audit passes with the odd ones as not backed up.
#include "BackupFixture.h"
#include "ChaosAudit.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace ks::test;

namespace {

// The smallest MP4 head Keepsake's sniffing accepts: an ftyp box naming the isom brand.
QByteArray mp4Head()
{
    QByteArray b("\x00\x00\x00\x18"
                 "ftypisom\x00\x00\x02\x00"
                 "isomiso2",
                 24);
    b += QByteArray("\x00\x00\x00\x08"
                    "free",
                    8);
    return b;
}

// Peak resident set of the biggest child this process waited for, in MiB (getrusage).
qint64 childrenPeakRssMiB()
{
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    return qint64(u.ru_maxrss) / 1024;
}

QJsonArray scanProblems(const BackupFixture& fx)
{
    const CliResult r = fx.cli({QStringLiteral("--json"), QStringLiteral("assets")});
    return QJsonDocument::fromJson(r.out).object().value(QStringLiteral("problems")).toArray();
}

QString reasonFor(const QJsonArray& problems, const QString& rel)
{
    for (const QJsonValue& v : problems) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("path")).toString().endsWith(QLatin1Char('/') + rel))
            return o.value(QStringLiteral("reason")).toString();
    }
    return {};
}

#if defined(__SANITIZE_ADDRESS__)
constexpr qint64 kRssBoundMiB = 768; // ASan's shadow memory and quarantine
#else
constexpr qint64 kRssBoundMiB = 256;
#endif

} // namespace

class ChaosOddFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oddFilesAndAHugeSparseVideo()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        fx.makeLibrary(6);
        const QString lib = fx.library + QLatin1Char('/');

        // The huge file: a header, then a hole, then a tail, so both ends are real bytes.
        const qint64 hugeSize = qint64(chaosRounds(2, 10)) << 30;
        {
            QFile f(lib + QStringLiteral("videos/huge.mp4"));
            QVERIFY(QDir().mkpath(lib + QStringLiteral("videos")));
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.write(mp4Head()) > 0);
            QVERIFY(f.resize(hugeSize - 4096));
            QVERIFY(f.seek(hugeSize - 4096));
            QVERIFY(f.write(QByteArray(4096, 'T')) == 4096);
            f.close();
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.setFileTime(QDateTime(QDate(2019, 3, 15), QTime(12, 0)),
                                  QFileDevice::FileModificationTime));
        }
        // Zero-byte files: nothing to back up, said so.
        QVERIFY(writeFile(lib + QStringLiteral("empty.jpg"), {}));
        QVERIFY(writeFile(lib + QStringLiteral("album0/empty.mp4"), {}));
        // Entries that are not files: never opened, each reported.
        const QByteArray l = QFile::encodeName(lib);
        QCOMPARE(::mkfifo(l + "pipe.jpg", 0644), 0);
        QCOMPARE(::mknod(l + "zero.jpg", S_IFCHR | 0644, makedev(1, 5)), 0);   // like /dev/zero
        QCOMPARE(::mknod(l + "random.mp4", S_IFCHR | 0644, makedev(1, 8)), 0); // /dev/random
        QCOMPARE(::mknod(l + "disk.jpg", S_IFBLK | 0644, makedev(7, 200)), 0); // a loop device
        QLocalServer socket;
        QVERIFY(socket.listen(lib + QStringLiteral("socket.jpg")));
        // Symbolic-link loops, and a link that leads to the FIFO.
        QCOMPARE(::symlink("self.jpg", l + "self.jpg"), 0);
        QCOMPARE(::symlink("pong.jpg", l + "ping.jpg"), 0);
        QCOMPARE(::symlink("ping.jpg", l + "pong.jpg"), 0);
        QCOMPARE(::symlink(".", l + "album1/here"), 0);
        QCOMPARE(::symlink("..", l + "album2/up"), 0);
        QCOMPARE(::symlink("../pipe.jpg", l + "album3/pipe-link.jpg"), 0);

        QVERIFY(fx.setUp());
        QElapsedTimer timer;
        timer.start();
        // A hang shows as this timeout (the whole CI-size backup takes well under a minute).
        const CliResult r = fx.cli({QStringLiteral("backup")}, chaosLong() ? 1800000 : 600000);
        const qint64 backupMs = timer.elapsed();
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        const qint64 peakMiB = childrenPeakRssMiB();

        const QJsonArray problems = scanProblems(fx);
        const QMap<QString, QString> expected = {
            {QStringLiteral("empty.jpg"), QStringLiteral("empty")},
            {QStringLiteral("album0/empty.mp4"), QStringLiteral("empty")},
            {QStringLiteral("pipe.jpg"), QStringLiteral("FIFO")},
            {QStringLiteral("album3/pipe-link.jpg"), QStringLiteral("FIFO")},
            {QStringLiteral("zero.jpg"), QStringLiteral("character device")},
            {QStringLiteral("random.mp4"), QStringLiteral("character device")},
            {QStringLiteral("disk.jpg"), QStringLiteral("block device")},
            {QStringLiteral("socket.jpg"), QStringLiteral("socket")},
            {QStringLiteral("self.jpg"), QStringLiteral("symbolic link loop")},
            {QStringLiteral("ping.jpg"), QStringLiteral("symbolic link loop")},
            {QStringLiteral("pong.jpg"), QStringLiteral("symbolic link loop")},
        };
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            const QString reason = reasonFor(problems, it.key());
            QVERIFY2(reason.contains(it.value(), Qt::CaseInsensitive),
                     qPrintable(it.key() + QStringLiteral(": \"") + reason +
                                QStringLiteral("\" does not say ") + it.value()));
        }
        // Folder loops: scanned once, reported.
        QVERIFY(
            reasonFor(problems, QStringLiteral("album1/here")).contains(QStringLiteral("loop")));
        QVERIFY(reasonFor(problems, QStringLiteral("album2/up")).contains(QStringLiteral("loop")));

        AuditOptions options;
        for (auto it = expected.cbegin(); it != expected.cend(); ++it)
            options.notBackedUp.insert(it.key());
        const AuditReport report = auditBackup(fx, QStringLiteral("usb"),
                                               BackupFixture::hashesUnder(fx.destination), options);
        QVERIFY2(report.ok(), qPrintable(report.text()));
        QCOMPARE(report.acknowledged, 7); // six photos and the huge video
        QCOMPARE(QFileInfo(fx.destination + QStringLiteral("/2019/03/huge.mp4")).size(), hugeSize);
        QVERIFY2(peakMiB < kRssBoundMiB,
                 qPrintable(QStringLiteral("keepsake-cli peaked at %1 MiB").arg(peakMiB)));
        recordFigures(QStringLiteral("oddfiles"),
                      {{QStringLiteral("hugeBytes"), hugeSize},
                       {QStringLiteral("backupMs"), backupMs},
                       {QStringLiteral("peakRssMiB"), peakMiB},
                       {QStringLiteral("oddEntries"), expected.size()}});
    }
};

QTEST_GUILESS_MAIN(ChaosOddFiles)
#include "tst_chaos_oddfiles.moc"
