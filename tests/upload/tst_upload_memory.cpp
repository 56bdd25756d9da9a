// What a backup holds in memory while a big file drains through a slow uplink: a bounded buffer,
// never the file. The server is nginx over HTTPS offering HTTP/2, as it is commonly set up. Qt
// 6.4's HTTP/2 writes a request body into its socket as fast as the stream's flow-control window
// allows, not as fast as the link drains it, and nginx's windows let it run ahead by the whole
// file: Keepsake held a 128 MiB file in memory that way (peak 176 MiB against 30 MiB over
// HTTP/1.1), so it speaks HTTP/1.1 to its servers.
#include "BackupFixture.h"
#include "NginxDav.h"
#include "SlowLink.h"
#include "TestSupport.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <sys/resource.h>

using namespace ks;
using namespace ks::test;

namespace {

// Peak resident set of the biggest child this process waited for, in MiB (getrusage).
qint64 childrenPeakRssMiB()
{
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    return qint64(u.ru_maxrss) / 1024;
}

constexpr qint64 kFileMiB = 128;
constexpr qint64 kLinkBytesPerSecond = 32 * 1024 * 1024; // a few seconds for the file
// What sending may add to keepsake-cli's peak over its scan of the same file (which reads and
// hashes it with Qt, SQLite and Exiv2 loaded): buffers, not the file (7 MiB measured; 29 MiB
// under ASan, whose allocator keeps more).
#if defined(__SANITIZE_ADDRESS__)
constexpr qint64 kSendingBoundMiB = 64;
#else
constexpr qint64 kSendingBoundMiB = 40;
#endif

// A video file (ftyp, then one mdat box) of noise, so the scan takes it without parsing noise.
bool writeVideo(const QString& path, qint64 size)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QByteArray head("\0\0\0\x18"
                    "ftypmp42\0\0\0\0mp42isom"
                    "\0\0\0\x01"
                    "mdat",
                    32);
    const quint64 mdat = quint64(size - 24);
    for (int i = 7; i >= 0; --i)
        head.append(char((mdat >> (8 * i)) & 0xFF));
    f.write(head);
    QByteArray block(1024 * 1024, Qt::Uninitialized);
    QRandomGenerator rnd(7);
    for (qint64 left = size - head.size(); left > 0; left -= block.size()) {
        rnd.fillRange(reinterpret_cast<quint32*>(block.data()), block.size() / 4);
        f.write(block.constData(), std::min<qint64>(left, block.size()));
    }
    f.close();
    // As BackupFixture::makeLibrary's files: the default template puts it under 2019/03/.
    if (!f.open(QIODevice::ReadWrite))
        return false;
    return f.size() == size && f.setFileTime(QDateTime(QDate(2019, 3, 15), QTime(12, 0)),
                                             QFileDevice::FileModificationTime);
}

} // namespace

class TestUploadMemory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
#if defined(__SANITIZE_ADDRESS__)
        // ASan's quarantine keeps freed blocks (256 MiB by default): with it the peak would
        // measure the quarantine, not what Keepsake holds.
        qputenv("ASAN_OPTIONS", qgetenv("ASAN_OPTIONS") + ":quarantine_size_mb=8");
#endif
    }

    void bigFileThroughSlowHttpsLinkStaysBounded()
    {
        QTemporaryDir dir;
        NginxDav dav(dir.filePath(QStringLiteral("nginx")), QString());
        dav.enableTls();
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        SlowLink link(dav.port(), kLinkBytesPerSecond);
        QVERIFY(link.start());

        BackupFixture fx(dir.path());
        const QString rel = QStringLiteral("videos/VID_0001.mp4");
        QVERIFY(writeVideo(fx.library + QLatin1Char('/') + rel, kFileMiB * 1024 * 1024));
        QVERIFY(fx.addLibrary());
        const QString url = QStringLiteral("webdavs://127.0.0.1:%1/dav").arg(link.port());
        QVERIFY(fx.addDestination(QStringLiteral("nas"), url));
        CliResult r = fx.cli({QStringLiteral("destination"), QStringLiteral("trust"),
                              QStringLiteral("nas"), dav.certificateFingerprint()});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        r = fx.cli({QStringLiteral("scan")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const qint64 scanPeak = childrenPeakRssMiB();

        QElapsedTimer sending;
        sending.start();
        r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        const qint64 backupPeak = childrenPeakRssMiB();
        // The link was the bottleneck (otherwise nothing had to wait in memory).
        const qint64 floorMs = kFileMiB * 1024 * 1024 * 1000 / kLinkBytesPerSecond;
        qInfo("scan peak %lld MiB, backup peak %lld MiB, backup %lld ms (link floor %lld ms)",
              scanPeak, backupPeak, sending.elapsed(), floorMs);
        QVERIFY(sending.elapsed() >= floorMs);
        QVERIFY2(
            backupPeak - scanPeak < kSendingBoundMiB,
            qPrintable(QStringLiteral("sending a %1 MiB file raised the peak from %2 to %3 MiB")
                           .arg(kFileMiB)
                           .arg(scanPeak)
                           .arg(backupPeak)));
        QCOMPARE(BackupFixture::hashesUnder(dav.dataDir()), fx.expectedAtDestination());
    }
};

QTEST_GUILESS_MAIN(TestUploadMemory)
#include "tst_upload_memory.moc"
