// The local/NAS folder destination against a real file system.
#include "TestSupport.h"
#include "common/WorkPool.h"
#include "policy/BandwidthLimiter.h"
#include "upload/LocalDestination.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

class TestLocalDestination : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static DestinationResult wait(DestinationReply* reply)
    {
        QSignalSpy done(reply, &DestinationReply::finished);
        if (!reply->isFinished())
            done.wait(30000);
        const DestinationResult r = reply->result();
        delete reply;
        return r;
    }

    UploadRequest request(const QString& name, const QByteArray& bytes)
    {
        const QString path = m_dir.filePath(QStringLiteral("src/") + name);
        writeFile(path, bytes);
        UploadRequest r;
        r.jobId = 42;
        r.localPath = path;
        r.remotePath = QStringLiteral("2020/05/") + name;
        r.size = bytes.size();
        r.sha256 = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
        r.mtimeMs = QDateTime(QDate(2020, 5, 17), QTime(10, 0)).toMSecsSinceEpoch();
        return r;
    }

    QStringList filesUnder(const QString& root)
    {
        QStringList out;
        QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            out << QDir(root).relativeFilePath(it.next());
        out.sort();
        return out;
    }

private Q_SLOTS:
    void uploadsVerifiesAndKeepsTime()
    {
        const QString root = m_dir.filePath(QStringLiteral("dest1"));
        QVERIFY(QDir().mkpath(root));
        LocalDestination dest(root);
        QByteArray bytes(3 * 1024 * 1024 + 17, '\0');
        for (int i = 0; i < bytes.size(); ++i)
            bytes[i] = char(i * 7 + (i >> 9));
        const UploadRequest req = request(QStringLiteral("a.jpg"), bytes);
        DestinationReply* reply = dest.upload(req);
        // The copy runs on Keepsake's pool, not the global one: Qt's raster engine makes the UI
        // thread wait for the global pool, and a long copy there froze the window
        // (core/common/WorkPool.h).
        QVERIFY(workPool()->activeThreadCount() > 0);
        QCOMPARE(QThreadPool::globalInstance()->activeThreadCount(), 0);
        const DestinationResult r = wait(reply);
        QVERIFY2(!r.error, qPrintable(r.error.message));
        QVERIFY(r.verified);
        QCOMPARE(r.sha256, req.sha256);
        const QString final = root + QStringLiteral("/2020/05/a.jpg");
        QCOMPARE(sha256Hex(final), req.sha256.toHex());
        QCOMPARE(QFileInfo(final).lastModified().toMSecsSinceEpoch(), req.mtimeMs);
        QCOMPARE(filesUnder(root), QStringList{QStringLiteral("2020/05/a.jpg")});

        const DestinationResult s = wait(dest.stat(req.remotePath));
        QVERIFY(s.exists);
        QCOMPARE(s.size, bytes.size());
        QCOMPARE(s.sha256, req.sha256);
        QVERIFY(!wait(dest.stat(QStringLiteral("nope.jpg"))).exists);
    }

    void neverOverwrites()
    {
        const QString root = m_dir.filePath(QStringLiteral("dest2"));
        QVERIFY(writeFile(root + QStringLiteral("/2020/05/b.jpg"), "someone else's photo"));
        LocalDestination dest(root);
        const DestinationResult r = wait(dest.upload(request(QStringLiteral("b.jpg"), "mine")));
        QVERIFY(r.error);
        QVERIFY(r.exists);
        QFile f(root + QStringLiteral("/2020/05/b.jpg"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("someone else's photo"));
        QCOMPARE(filesUnder(root), QStringList{QStringLiteral("2020/05/b.jpg")});
    }

    void changedSourceIsNeverAcknowledged()
    {
        const QString root = m_dir.filePath(QStringLiteral("dest3"));
        QVERIFY(QDir().mkpath(root));
        LocalDestination dest(root);
        UploadRequest req = request(QStringLiteral("c.jpg"), "version one");
        // The file changes after it was scanned (same size, other bytes).
        QVERIFY(writeFile(req.localPath, "version two"));
        const DestinationResult r = wait(dest.upload(req));
        // Transient: the engine has the file read again and retries with its new content.
        QCOMPARE(r.error.kind, ErrorClass::Transient);
        QVERIFY(r.sourceChanged);
        QVERIFY2(r.error.message.contains(QStringLiteral("changed")), qPrintable(r.error.message));
        QVERIFY(!r.verified);
        QCOMPARE(filesUnder(root), QStringList());
    }

    void missingDestinationIsTransient()
    {
        LocalDestination dest(m_dir.filePath(QStringLiteral("unplugged-disk")));
        const DestinationResult r = wait(dest.upload(request(QStringLiteral("d.jpg"), "x")));
        QCOMPARE(r.error.kind, ErrorClass::Transient);
        QVERIFY(r.error.message.contains(QStringLiteral("not there")));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("unplugged-disk"))));
        QVERIFY(wait(dest.test()).error);
    }

    void cancelLeavesNothing()
    {
        const QString root = m_dir.filePath(QStringLiteral("dest4"));
        QVERIFY(QDir().mkpath(root));
        LocalDestination dest(root);
        BandwidthLimiter limiter;
        limiter.setRate(256 * 1024); // slow enough to cancel mid-way
        dest.setBandwidthLimiter(&limiter);
        DestinationReply* reply =
            dest.upload(request(QStringLiteral("e.jpg"), QByteArray(4 * 1024 * 1024, 'e')));
        QSignalSpy progress(reply, &DestinationReply::progress);
        QVERIFY(progress.wait(10000));
        reply->cancel();
        const DestinationResult r = wait(reply);
        QCOMPARE(r.error.kind, ErrorClass::Cancelled);
        QCOMPARE(filesUnder(root), QStringList());
    }

    void removeIncompleteCleansTemporaryFile()
    {
        const QString root = m_dir.filePath(QStringLiteral("dest5"));
        UploadRequest req = request(QStringLiteral("f.jpg"), "f");
        req.jobId = 7;
        QVERIFY(writeFile(root + QStringLiteral("/2020/05/") + LocalDestination::temporaryName(7),
                          "half"));
        LocalDestination dest(root);
        QVERIFY(!wait(dest.removeIncomplete(req)).error);
        QCOMPARE(filesUnder(root), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestLocalDestination)
#include "tst_local_destination.moc"
