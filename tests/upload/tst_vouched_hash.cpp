// The scan's hash vouched for by the file's change time (ChangeTime.h): an upload whose file
// was not written to since the scan hashed it is not hashed a second time, and one written to
// before or while it is sent still is, or is reported as changed. The "decoy" hashes below are
// not the files' hashes: getting one back proves no second pass ran, getting the real one
// proves it did.
#include "scan/ChangeTime.h"
#include "scan/FileHasher.h"
#include "upload/FileRangeDevice.h"
#include "upload/S3Checksums.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace ks;

namespace {

const QByteArray kDecoy = QByteArray(32, '\x5a');

QByteArray noise(qint64 size)
{
    QByteArray b(size, Qt::Uninitialized);
    quint32 x = 2463534242u;
    for (char& c : b) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        c = char(x);
    }
    return b;
}

// Reads to the end as the network does: a block at a time.
QByteArray drain(QIODevice& device)
{
    QByteArray all;
    for (QByteArray block; !(block = device.read(64 * 1024)).isEmpty();)
        all += block;
    return all;
}

qint64 changeTimeOf(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? changeTimeNs(f.handle()) : 0;
}

// Writes the file's first bytes again, unchanged: content and size stay, only the times move (a
// writer can put the modification time back, never the change time).
bool writeHeadAgain(const QString& path, const QByteArray& head)
{
    QFile f(path);
    return f.open(QIODevice::ReadWrite) && f.write(head) == head.size();
}

// The change time has the kernel's clock-tick resolution: a write in the same tick as the
// file's creation would not move it. Real files were written long before they are scanned.
void letTheClockTick()
{
    QThread::msleep(30);
}

} // namespace

class TestVouchedHash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("IMG_0001.JPG"));
        m_bytes = noise(3 * 1024 * 1024 + 123);
        QFile f(m_path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(f.write(m_bytes), qint64(m_bytes.size()));
        f.close();
        m_sha = hashFile(m_path).sha256;
        QCOMPARE(m_sha.size(), 32);
        m_ctime = changeTimeOf(m_path);
        QVERIFY(m_ctime != 0);
        letTheClockTick();
    }

    void unchangedFileIsNotHashedAgain()
    {
        FileRangeDevice body(m_path, 0, m_bytes.size(), nullptr);
        body.vouchByChangeTime(m_ctime, kDecoy);
        QVERIFY(body.open(QIODevice::ReadOnly));
        QCOMPARE(drain(body), m_bytes);
        QCOMPARE(body.sentSha256(), kDecoy);
        QVERIFY(!body.changedWhileSent());
    }

    void fileWrittenBeforeTheSendIsHashed()
    {
        // The same bytes written again: only the change time tells.
        QVERIFY(writeHeadAgain(m_path, m_bytes.left(10)));
        FileRangeDevice body(m_path, 0, m_bytes.size(), nullptr);
        body.vouchByChangeTime(m_ctime, kDecoy);
        QVERIFY(body.open(QIODevice::ReadOnly));
        QCOMPARE(drain(body), m_bytes);
        QCOMPARE(body.sentSha256(), m_sha);
        QVERIFY(!body.changedWhileSent());
    }

    void fileWrittenWhileSentIsReported()
    {
        FileRangeDevice body(m_path, 0, m_bytes.size(), nullptr);
        body.vouchByChangeTime(m_ctime, m_sha);
        QVERIFY(body.open(QIODevice::ReadOnly));
        QByteArray first;
        while (first.size() < 1024 * 1024)
            first += body.read(64 * 1024);
        QCOMPARE(first, m_bytes.left(1024 * 1024));
        // Overwritten behind the read with the same bytes, its size and time put back.
        QVERIFY(writeHeadAgain(m_path, m_bytes.left(4096)));
        QCOMPARE(drain(body), m_bytes.mid(1024 * 1024));
        QVERIFY(body.changedWhileSent());
        QVERIFY(body.sentSha256().isEmpty());
    }

    void unknownChangeTimeHashesAsBefore()
    {
        FileRangeDevice body(m_path, 0, m_bytes.size(), nullptr);
        body.vouchByChangeTime(0, kDecoy);
        QVERIFY(body.open(QIODevice::ReadOnly));
        QCOMPARE(drain(body), m_bytes);
        QCOMPARE(body.sentSha256(), m_sha);
    }

    void partWithoutSha256StillHasItsMd5()
    {
        FileRangeDevice part(m_path, 1024 * 1024, 1024 * 1024, nullptr);
        part.skipSha256();
        part.enableMd5();
        QVERIFY(part.open(QIODevice::ReadOnly));
        QCOMPARE(drain(part), m_bytes.mid(1024 * 1024, 1024 * 1024));
        QVERIFY(part.sentSha256().isEmpty());
        QCOMPARE(part.sentMd5(), QCryptographicHash::hash(m_bytes.mid(1024 * 1024, 1024 * 1024),
                                                          QCryptographicHash::Md5));
    }

    void digestPassTrustsAnUnchangedFile()
    {
        const FileDigests d = digestFile(m_path, 1024 * 1024, nullptr, m_ctime, kDecoy);
        QVERIFY(!d.error);
        QCOMPARE(d.sha256, kDecoy);
        QCOMPARE(d.md5, QCryptographicHash::hash(m_bytes, QCryptographicHash::Md5));
        QCOMPARE(d.partMd5s.size(), 4);
    }

    void digestPassHashesAFileWrittenSinceTheScan()
    {
        QVERIFY(writeHeadAgain(m_path, m_bytes.left(10)));
        const FileDigests d = digestFile(m_path, 1024 * 1024, nullptr, m_ctime, kDecoy);
        QVERIFY(!d.error);
        QCOMPARE(d.sha256, m_sha);
        const FileDigests unknown = digestFile(m_path, 0, nullptr, 0, kDecoy);
        QCOMPARE(unknown.sha256, m_sha);
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    QByteArray m_bytes;
    QByteArray m_sha;
    qint64 m_ctime = 0;
};

QTEST_GUILESS_MAIN(TestVouchedHash)
#include "tst_vouched_hash.moc"
