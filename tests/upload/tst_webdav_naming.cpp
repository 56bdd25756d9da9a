// How a WebDAV upload names its file, against real Apache and nginx behind a counting proxy: in a
// folder the pass created, one PUT straight to the name; anywhere else, a temporary name and a
// MOVE that refuses to replace. Each test asserts what the server holds afterwards.
#include "ApacheDav.h"
#include "BackupFixture.h"
#include "FaultProxy.h"
#include "NginxDav.h"
#include "TestSupport.h"
#include "jobs/EngineHost.h"
#include "profile/Profile.h"
#include "upload/WebDavDestination.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace ks;
using namespace ks::test;

namespace {

const QString kPassword = QStringLiteral("naming-pass");

// One server (Apache or nginx) with the proxy in front, and a destination talking to the proxy.
struct Rig
{
    QTemporaryDir dir;
    std::unique_ptr<ApacheDav> apache;
    std::unique_ptr<NginxDav> nginx;
    std::unique_ptr<FaultProxy> proxy;
    QNetworkAccessManager network;
    std::unique_ptr<WebDavDestination> dest;

    bool start(bool useApache)
    {
        QString error;
        quint16 port = 0;
        if (useApache) {
            apache = std::make_unique<ApacheDav>(dir.filePath(QStringLiteral("apache")), kPassword);
            if (!apache->start(&error))
                return qWarning("%s", qPrintable(error)), false;
            port = apache->port();
        } else {
            nginx = std::make_unique<NginxDav>(dir.filePath(QStringLiteral("nginx")), kPassword);
            if (!nginx->start(&error))
                return qWarning("%s", qPrintable(error)), false;
            port = nginx->port();
        }
        proxy = std::make_unique<FaultProxy>(port);
        if (!proxy->start())
            return false;
        const QUrl root(QStringLiteral("http://127.0.0.1:%1/dav/").arg(proxy->port()));
        dest =
            std::make_unique<WebDavDestination>(root, QStringLiteral("alice"), kPassword, &network);
        return true;
    }
    QString dataDir() const { return apache ? apache->dataDir() : nginx->dataDir(); }

    // The files the server holds (its own property folders left out), path -> SHA-256 hex.
    QMap<QString, QByteArray> held() const
    {
        QMap<QString, QByteArray> out;
        const QMap<QString, QByteArray> all = BackupFixture::hashesUnder(dataDir());
        for (auto it = all.cbegin(); it != all.cend(); ++it)
            if (!it.key().contains(QLatin1String(".DAV")))
                out.insert(it.key(), it.value());
        return out;
    }

    // Uploads `bytes` (written to a local file) to `remotePath`; `claimed` is the SHA-256 the
    // scan would have recorded (the bytes' own when empty).
    DestinationResult upload(const QString& remotePath, const QByteArray& bytes,
                             QByteArray claimed = {})
    {
        DestinationReply* reply = startUpload(remotePath, bytes, claimed);
        QSignalSpy finished(reply, &DestinationReply::finished);
        DestinationResult r;
        if (!finished.wait(30000))
            r.error = Error::transient(QStringLiteral("timed out"));
        else
            r = reply->result();
        delete reply;
        return r;
    }

    DestinationReply* startUpload(const QString& remotePath, const QByteArray& bytes,
                                  QByteArray claimed = {})
    {
        static qint64 jobId = 0;
        const QString local = dir.filePath(QStringLiteral("local-%1").arg(++jobId));
        writeFile(local, bytes);
        UploadRequest req;
        req.jobId = jobId;
        req.localPath = local;
        req.remotePath = remotePath;
        req.size = bytes.size();
        req.sha256 = claimed.isEmpty() ? QCryptographicHash::hash(bytes, QCryptographicHash::Sha256)
                                       : claimed;
        return dest->upload(req);
    }
};

// Waits until every reply finished (or 30 s passed).
bool allFinished(const std::vector<DestinationReply*>& replies)
{
    return QTest::qWaitFor(
        [&] {
            return std::all_of(replies.begin(), replies.end(),
                               [](DestinationReply* r) { return r->isFinished(); });
        },
        30000);
}

QByteArray hex(const QByteArray& bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

QByteArray photo(int seed)
{
    QByteArray b(100'000 + seed * 1000, Qt::Uninitialized);
    for (qsizetype i = 0; i < b.size(); ++i)
        b[i] = char((i * 31 + seed * 7) ^ (i >> 8));
    return b;
}

} // namespace

class TestWebDavNaming : public QObject
{
    Q_OBJECT

    static void servers_data()
    {
        QTest::addColumn<bool>("apache");
        QTest::newRow("apache") << true;
        QTest::newRow("nginx") << false;
    }

private Q_SLOTS:
    void aFolderThePassMadeTakesEachFileInOnePut_data() { servers_data(); }
    void aFolderThePassMadeTakesEachFileInOnePut()
    {
        QFETCH(bool, apache);
        Rig rig;
        QVERIFY(rig.start(apache));
        const QByteArray a = photo(1), b = photo(2);
        DestinationResult r = rig.upload(QStringLiteral("2019/03/a.jpg"), a);
        QVERIFY2(!r.error && r.verified, qPrintable(r.error.message));
        r = rig.upload(QStringLiteral("2019/03/b.jpg"), b);
        QVERIFY2(!r.error && r.verified, qPrintable(r.error.message));
        const QMap<QString, QByteArray> expected{{QStringLiteral("2019/03/a.jpg"), hex(a)},
                                                 {QStringLiteral("2019/03/b.jpg"), hex(b)}};
        QCOMPARE(rig.held(), expected);
        QCOMPARE(rig.proxy->forwarded("MKCOL"), 2);
        QCOMPARE(rig.proxy->forwarded("PUT"), 2);
        QCOMPARE(rig.proxy->forwarded("MOVE"), 0);
    }

    // Parallel uploads into one new folder: one MKCOL per folder, the others wait for its answer;
    // raced, the losers heard 405 and each took a temporary name and a MOVE.
    void parallelUploadsIntoANewFolderMakeItOnce_data() { servers_data(); }
    void parallelUploadsIntoANewFolderMakeItOnce()
    {
        QFETCH(bool, apache);
        Rig rig;
        QVERIFY(rig.start(apache));
        std::vector<DestinationReply*> replies;
        QMap<QString, QByteArray> expected;
        for (int i = 0; i < 4; ++i) {
            const QString path = QStringLiteral("2020/05/p%1.jpg").arg(i);
            expected.insert(path, hex(photo(10 + i)));
            replies.push_back(rig.startUpload(path, photo(10 + i)));
        }
        QVERIFY(allFinished(replies));
        for (DestinationReply* r : replies) {
            QVERIFY2(!r->result().error && r->result().verified,
                     qPrintable(r->result().error.message));
            delete r;
        }
        QCOMPARE(rig.held(), expected);
        QCOMPARE(rig.proxy->forwarded("MKCOL"), 2);
        QCOMPARE(rig.proxy->forwarded("PUT"), 4);
        QCOMPARE(rig.proxy->forwarded("MOVE"), 0);
    }

    // The upload whose MKCOL the others wait for is cancelled: they go on (one of them makes
    // the folder); one that waits is cancelled: it ends at once, not when the MKCOL answers.
    void cancellingAroundAFolderBeingMadeLosesNothing()
    {
        Rig rig;
        QVERIFY(rig.start(false));
        rig.proxy->addRule({.fault = FaultProxy::Fault::Stall, .method = "MKCOL", .ms = 1500});
        DestinationReply* maker = rig.startUpload(QStringLiteral("new/a.jpg"), photo(20));
        QTest::qWait(100); // its MKCOL is held by the proxy
        DestinationReply* waiter = rig.startUpload(QStringLiteral("new/b.jpg"), photo(21));
        DestinationReply* other = rig.startUpload(QStringLiteral("new/c.jpg"), photo(22));
        QTest::qWait(100);
        waiter->cancel();
        QVERIFY(QTest::qWaitFor([&] { return waiter->isFinished(); }, 500));
        QCOMPARE(waiter->result().error.kind, ErrorClass::Cancelled);
        maker->cancel();
        QVERIFY(allFinished({maker, other}));
        QCOMPARE(maker->result().error.kind, ErrorClass::Cancelled);
        QVERIFY2(!other->result().error && other->result().verified,
                 qPrintable(other->result().error.message));
        const QMap<QString, QByteArray> expected{{QStringLiteral("new/c.jpg"), hex(photo(22))}};
        QCOMPARE(rig.held(), expected);
        QCOMPARE(rig.proxy->forwarded("MOVE"), 0);
        delete maker;
        delete waiter;
        delete other;
    }

    void aFolderThatWasThereGetsATemporaryNameAndAMove_data() { servers_data(); }
    void aFolderThatWasThereGetsATemporaryNameAndAMove()
    {
        QFETCH(bool, apache);
        Rig rig;
        QVERIFY(rig.start(apache));
        // Made by someone else before (writable for the server, which may run as another user).
        const QString old = rig.dataDir() + QStringLiteral("/old");
        QVERIFY(QDir().mkpath(old));
        QVERIFY(QFile::setPermissions(old, QFile::Permissions(0x7777)));
        const QByteArray a = photo(3);
        const DestinationResult r = rig.upload(QStringLiteral("old/a.jpg"), a);
        QVERIFY2(!r.error && r.verified, qPrintable(r.error.message));
        const QMap<QString, QByteArray> expected{{QStringLiteral("old/a.jpg"), hex(a)}};
        QCOMPARE(rig.held(), expected); // no temporary file left
        QCOMPARE(rig.proxy->forwarded("PUT"), 1);
        QCOMPARE(rig.proxy->forwarded("MOVE"), 1);
    }

    // Once the pass ended, a folder it made may hold someone else's files: the MOVE's
    // "Overwrite: F" protects them again, on every server.
    void afterThePassEndsSomeoneElsesFileKeepsItsName_data() { servers_data(); }
    void afterThePassEndsSomeoneElsesFileKeepsItsName()
    {
        QFETCH(bool, apache);
        Rig rig;
        QVERIFY(rig.start(apache));
        const QByteArray a = photo(4), theirs("someone else's file"), ours = photo(5);
        QVERIFY(!rig.upload(QStringLiteral("new/a.jpg"), a).error);
        rig.dest->passEnded();
        QVERIFY(writeFile(rig.dataDir() + QStringLiteral("/new/b.jpg"), theirs));
        const DestinationResult r = rig.upload(QStringLiteral("new/b.jpg"), ours);
        QCOMPARE(r.error.kind, ErrorClass::Permanent);
        QVERIFY(r.exists); // the engine then looks whether it is our content after all
        const QMap<QString, QByteArray> expected{{QStringLiteral("new/a.jpg"), hex(a)},
                                                 {QStringLiteral("new/b.jpg"), hex(theirs)}};
        QCOMPARE(rig.held(), expected);
        QCOMPARE(rig.proxy->forwarded("MOVE"), 1);
    }

    // Within the pass, a file someone adds to a folder it made: Apache honours the PUT's
    // "If-None-Match: *" and refuses (nginx's dav module ignores the header; see the header of
    // WebDavDestination.h for why the pass is the bound).
    void aNameTakenMeanwhileIsRefusedByApache()
    {
        Rig rig;
        QVERIFY(rig.start(true));
        const QByteArray a = photo(6), theirs("added by someone meanwhile"), ours = photo(7);
        QVERIFY(!rig.upload(QStringLiteral("new/a.jpg"), a).error);
        QVERIFY(writeFile(rig.dataDir() + QStringLiteral("/new/b.jpg"), theirs));
        const DestinationResult r = rig.upload(QStringLiteral("new/b.jpg"), ours);
        QCOMPARE(r.error.kind, ErrorClass::Permanent);
        QVERIFY(r.exists);
        const QMap<QString, QByteArray> expected{{QStringLiteral("new/a.jpg"), hex(a)},
                                                 {QStringLiteral("new/b.jpg"), hex(theirs)}};
        QCOMPARE(rig.held(), expected);
        QCOMPARE(rig.proxy->forwarded("MOVE"), 0);
    }

    // Bytes that are not the ones the scan hashed (the file changed while it was read) were
    // stored under the final name by the PUT: they are removed, and the answer says why.
    void bytesThatChangedAreNotLeftUnderTheName_data() { servers_data(); }
    void bytesThatChangedAreNotLeftUnderTheName()
    {
        QFETCH(bool, apache);
        Rig rig;
        QVERIFY(rig.start(apache));
        const QByteArray a = photo(8), changed = photo(9);
        const QByteArray scanned = QCryptographicHash::hash(a, QCryptographicHash::Sha256);
        const DestinationResult r = rig.upload(QStringLiteral("2020/01/a.jpg"), changed, scanned);
        QVERIFY(r.sourceChanged);
        QCOMPARE(r.error.kind, ErrorClass::Transient);
        QVERIFY(!r.verified);
        QCOMPARE(rig.held(), (QMap<QString, QByteArray>{}));
        QCOMPARE(rig.proxy->forwarded("MOVE"), 0);
        QCOMPARE(rig.proxy->forwarded("DELETE"), 1);
    }

    // The engine ends a pass when it reports idle: the next photo that lands in a folder the
    // first pass made goes through the MOVE again, so a file someone put there in between (nginx
    // ignores If-None-Match) keeps its name and ours takes a suffixed one.
    void anIdleEngineEndsThePass()
    {
        QTemporaryDir dir;
        NginxDav dav(dir.filePath(QStringLiteral("nginx")), kPassword);
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        qputenv("KEEPSAKE_SECRET_NGX", kPassword.toUtf8());
        BackupFixture fx(dir.path());
        fx.makeLibrary(2, 0, 0, 41);
        QVERIFY(fx.addLibrary());
        QVERIFY(fx.addDestination(QStringLiteral("ngx"), dav.url()));
        Error err;
        const Profile profile = Profile::open(fx.profile, &err);
        QVERIFY2(!err, qPrintable(err.message));
        EngineHost host(profile);
        QSignalSpy idle(&host, &EngineHost::idle);
        QVERIFY2(host.start(&err), qPrintable(err.message));
        QVERIFY(idle.wait(30000));
        QCOMPARE(host.status().countsByState.value(QStringLiteral("acknowledged")), 2);

        // Someone adds a file to the folder the first pass made; a photo with its name follows.
        const QString name = QStringLiteral("IMG_4200000.jpg");
        const QByteArray theirs("someone else's photo");
        QVERIFY(writeFile(dav.dataDir() + QStringLiteral("/2019/03/") + name, theirs));
        QCOMPARE(fx.makeLibrary(1, 0, 0, 42).value(0).section(QLatin1Char('/'), -1), name);
        host.rescan();
        QTRY_COMPARE_WITH_TIMEOUT(host.status().countsByState.value(QStringLiteral("acknowledged")),
                                  3, 30000);
        host.stop();

        const QMap<QString, QByteArray> held = BackupFixture::hashesUnder(dav.dataDir());
        QCOMPARE(held.value(QStringLiteral("2019/03/") + name), hex(theirs));
        QCOMPARE(held.size(), 4); // two, theirs, and ours under a suffixed name
        const QByteArray ours =
            BackupFixture::hashesUnder(fx.library).value(QStringLiteral("album0/") + name);
        QVERIFY(!ours.isEmpty());
        QCOMPARE(held.keys(ours).size(), 1);
        QVERIFY(held.keys(ours).value(0).startsWith(QStringLiteral("2019/03/IMG_4200000-")));
    }
};

QTEST_GUILESS_MAIN(TestWebDavNaming)
#include "tst_webdav_naming.moc"
