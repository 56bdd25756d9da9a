// Backups through the real keepsake-cli to a real s3rver on loopback (see S3rver.h for what its
// launcher adds), and the S3 destination's own operations against it.
#include "BackupFixture.h"
#include "S3rver.h"
#include "upload/Destination.h"
#include "upload/S3Destination.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

namespace {
const QString kKey = QStringLiteral("KSTESTKEY");
const QString kSecret = QStringLiteral("s3cret-Sign1ng-Key/XYZ");

bool addS3(BackupFixture& fx, const QString& url)
{
    return fx.cli({QStringLiteral("source"), QStringLiteral("add"), fx.library}).exitCode == 0 &&
           fx.cli({QStringLiteral("consent"), QStringLiteral("grant"),
                   QStringLiteral("read-source"), fx.library})
                   .exitCode == 0 &&
           fx.cli({QStringLiteral("destination"), QStringLiteral("add"), QStringLiteral("s3"), url})
                   .exitCode == 0 &&
           fx.cli({QStringLiteral("consent"), QStringLiteral("grant"), QStringLiteral("upload"),
                   QStringLiteral("s3")})
                   .exitCode == 0;
}

// Successful part uploads per part number, from s3rver's request log.
QMap<int, int> storedParts(const S3rver& server)
{
    static const QRegularExpression re(
        QStringLiteral("^PUT \\S*[?&]partNumber=(\\d+)\\S* 200 md5=\\S+$"));
    QMap<int, int> out;
    for (const QString& line : server.requests()) {
        const auto m = re.match(line);
        if (m.hasMatch())
            ++out[m.captured(1).toInt()];
    }
    return out;
}

int countRequests(const S3rver& server, const QString& pattern)
{
    const QRegularExpression re(pattern);
    int n = 0;
    for (const QString& line : server.requests())
        n += re.match(line).hasMatch();
    return n;
}

// Runs one destination operation to its end (tests may wait; core code never does).
DestinationResult run(DestinationReply* reply)
{
    QSignalSpy finished(reply, &DestinationReply::finished);
    if (!finished.wait(30000)) {
        DestinationResult timedOut;
        timedOut.error = Error::transient(QStringLiteral("timed out"));
        return timedOut;
    }
    const DestinationResult r = reply->result();
    reply->deleteLater();
    return r;
}

std::unique_ptr<S3Destination> destination(const QString& url, const QString& secret,
                                           QNetworkAccessManager* network)
{
    S3Settings settings;
    Error error;
    if (!S3Settings::fromUrl(QUrl(url), &settings, &error))
        return nullptr;
    return std::make_unique<S3Destination>(settings, secret, network);
}
} // namespace

class TestS3 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { qputenv("KEEPSAKE_SECRET_S3", kSecret.toUtf8()); }

    void backupIsByteExact()
    {
        QTemporaryDir dir;
        S3rver server(dir.filePath(QStringLiteral("s3rver")), kKey, kSecret);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        // 12 photos as single PUTs, one 3.5 MiB "video" as a multipart upload of 1 MiB parts.
        const QStringList files = fx.makeLibrary(12, 1, 3 * 1024 * 1024 + 512 * 1024, 3);
        QVERIFY(addS3(fx, server.url(QStringLiteral("backup"),
                                     QStringLiteral("multipart_threshold=2M&part_size=1M"))));
        // Someone else's object already has one of the names: it stays, ours gets a suffix.
        const QString name = files.first().section(QLatin1Char('/'), -1);
        const QString theirs = server.storageDir() + QStringLiteral("/photos/backup/2019/03/") +
                               name + QStringLiteral("._S3rver_object");
        QVERIFY(writeFile(theirs, "theirs"));

        const CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QMap<QString, QByteArray> got = server.objectHashes(QStringLiteral("backup/"));
        QMap<QString, QByteArray> want = fx.expectedAtDestination();
        const QByteArray ours = want.take(QStringLiteral("2019/03/") + name);
        QCOMPARE(got.take(QStringLiteral("2019/03/") + name), sha256Hex(theirs));
        QCOMPARE(got.take(QStringLiteral("2019/03/") + name.chopped(4) + QLatin1Char('-') +
                          QString::fromLatin1(ours.left(8)) + QStringLiteral(".jpg")),
                 ours);
        QCOMPARE(got, want);

        // The large file went in 4 parts, each once, and nothing is left half-done.
        QCOMPARE(storedParts(server), (QMap<int, int>{{1, 1}, {2, 1}, {3, 1}, {4, 1}}));
        QCOMPARE(server.unfinishedUploads(), 0);
        // Parts travel in parallel (3 by default).
        QVERIFY(server.maxConcurrent(QStringLiteral("^PUT \\S*partNumber=")) >= 2);
        // The other 12 went as single PUTs. A part carries Content-MD5 when the digest pass,
        // which runs beside the upload, knew its MD5 before it was sent; the others were hashed
        // as they streamed and checked against their ETags and the pass before assembling. A
        // single PUT is hashed while it streams and checked against the answer's ETag, so it
        // carries none.
        QCOMPARE(countRequests(server, QStringLiteral("^POST \\S*\\?uploads\\S* 200 ")), 1);
        QCOMPARE(countRequests(server, QStringLiteral("^PUT /photos/backup/2019/03/[^?]+ 200 ")),
                 12);
        QCOMPARE(countRequests(server, QStringLiteral("^PUT \\S*partNumber=\\S* 200 md5=")), 4);
        // Whether a name is free came from one listing of the folder, not from a HEAD per file:
        // HEADs only for the name the listing showed taken (the upload's look, then the engine's
        // look at what is there) and for the assembled large file.
        QCOMPARE(countRequests(server, QStringLiteral("^GET \\S*list-type=2\\S* 200 ")), 1);
        QCOMPARE(countRequests(server, QStringLiteral("^HEAD /photos/backup/2019/03/") +
                                           QRegularExpression::escape(name) + QLatin1Char(' ')),
                 2);
        QCOMPARE(countRequests(server, QStringLiteral("^HEAD ")), 3);
        // Never aborted: nothing changed.
        QCOMPARE(countRequests(server, QStringLiteral("^DELETE \\S*uploadId=")), 0);
        QCOMPARE(
            countRequests(server, QStringLiteral("^PUT /photos/backup/2019/03/[^?]+ 200 md5=-$")),
            12);

        // History records the server's ETag for each upload.
        const QJsonObject history =
            QJsonDocument::fromJson(fx.cli({QStringLiteral("--json"), QStringLiteral("history"),
                                            QStringLiteral("--limit"), QStringLiteral("200")})
                                        .out)
                .object();
        int etags = 0;
        for (const QJsonValue& e : history.value(QStringLiteral("events")).toArray())
            etags += e.toObject()
                         .value(QStringLiteral("remoteTag"))
                         .toString()
                         .startsWith(QStringLiteral("etag:"));
        QVERIFY(etags >= 13);
        // The secret is in no file of the profile.
        QDirIterator it(fx.profile, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(kSecret.toUtf8()), qPrintable(file.fileName()));
        }
    }

    void wrongSecretIsAPermanentFailure()
    {
        QTemporaryDir dir;
        S3rver server(dir.filePath(QStringLiteral("s3rver")), kKey, kSecret);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        fx.makeLibrary(2);
        QVERIFY(addS3(fx, server.url(QStringLiteral("backup"))));
        qputenv("KEEPSAKE_SECRET_S3", "wrong");
        const CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 12, r.out + r.err);
        const QJsonArray failures =
            QJsonDocument::fromJson(
                fx.cli({QStringLiteral("--json"), QStringLiteral("failures")}).out)
                .object()
                .value(QStringLiteral("failures"))
                .toArray();
        QCOMPARE(failures.size(), 2);
        const QJsonObject f = failures.first().toObject();
        QCOMPARE(f.value(QStringLiteral("errorClass")).toString(), QStringLiteral("permanent"));
        QCOMPARE(f.value(QStringLiteral("httpStatus")).toInt(), 403);
        QVERIFY2(f.value(QStringLiteral("reason"))
                     .toString()
                     .contains(QStringLiteral("access key or secret refused")),
                 qPrintable(f.value(QStringLiteral("reason")).toString()));
        QVERIFY(server.objectHashes(QString()).isEmpty());
        // The plain CLI listing shows the same sentence, and so does the connection test.
        QVERIFY(fx.cli({QStringLiteral("failures")}).out.contains("access key or secret refused"));
        const CliResult t =
            fx.cli({QStringLiteral("destination"), QStringLiteral("test"), QStringLiteral("s3")});
        QVERIFY(t.exitCode != 0);
        QVERIFY2(t.err.contains("access key or secret refused"), t.err.constData());
    }

    void httpsNeedsATrustedCertificate()
    {
        QTemporaryDir dir;
        S3rver server(dir.filePath(QStringLiteral("s3rver")), kKey, kSecret);
        server.enableTls();
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const QString colons = server.certificateFingerprint();
        QCOMPARE(colons.size(), 95);
        const QString hex = colons.toLower().remove(QLatin1Char(':'));
        BackupFixture fx(dir.path());
        fx.makeLibrary(3, 1, 3 * 1024 * 1024, 11);
        QVERIFY(addS3(fx, server.url(QStringLiteral("tls"),
                                     QStringLiteral("multipart_threshold=2M&part_size=1M"))));

        // Verification stays on: a self-signed certificate is refused, and named.
        CliResult r =
            fx.cli({QStringLiteral("destination"), QStringLiteral("test"), QStringLiteral("s3")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(hex.toLatin1()) && r.err.contains("not trusted"),
                 r.err.constData());
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 12);
        QVERIFY(server.objectHashes(QString()).isEmpty());

        // Pinning exactly this certificate lets the test and the backup through.
        r = fx.cli(
            {QStringLiteral("destination"), QStringLiteral("trust"), QStringLiteral("s3"), colons});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = fx.cli({QStringLiteral("destination"), QStringLiteral("test"), QStringLiteral("s3")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("reachable, signed in, and writable"));
        r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QCOMPARE(server.objectHashes(QStringLiteral("tls/")), fx.expectedAtDestination());
        QCOMPARE(server.unfinishedUploads(), 0);
    }

    void killedMultipartUploadResumes()
    {
        QTemporaryDir dir;
        S3rver server(dir.filePath(QStringLiteral("s3rver")), kKey, kSecret);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        fx.makeLibrary(2, 1, 24 * 1024 * 1024, 9);
        QVERIFY(addS3(fx, server.url(QStringLiteral("backup"),
                                     QStringLiteral("multipart_threshold=4M&part_size=1M"))));
        // As in the crash test: throttled, so the kill lands in the middle of the parts.
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("4096")));

        QProcess p;
        p.start(cliPath(), fx.argsFor({QStringLiteral("backup")}));
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(storedParts(server).size() >= 5, 60000);
        p.kill(); // SIGKILL: no chance to clean up
        QVERIFY(p.waitForFinished(10000));
        const QMap<int, int> killed = storedParts(server);
        QCOMPARE(server.unfinishedUploads(), 1);
        const int listsBefore = countRequests(server, QStringLiteral("^GET \\S*uploadId="));

        // Then a polite stop (SIGTERM): the engine cancels the transfer and keeps the upload.
        p.start(cliPath(), fx.argsFor({QStringLiteral("backup")}));
        QVERIFY(p.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(storedParts(server).size() >= killed.size() + 3, 60000);
        p.terminate();
        QVERIFY(p.waitForFinished(10000));
        const QMap<int, int> before = storedParts(server);
        QVERIFY2(before.size() <= 14, "the stop came too late");
        QCOMPARE(server.unfinishedUploads(), 1);
        QVERIFY(countRequests(server, QStringLiteral("^GET \\S*uploadId=")) > listsBefore);

        QElapsedTimer resumed;
        resumed.start();
        const CliResult r = fx.cli({QStringLiteral("backup")}, 300000);
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        // The shared bandwidth limit held: what was left (at least 10 MiB) took its time.
        QVERIFY(resumed.elapsed() > 2000);
        // The same upload was continued: one CreateMultipartUpload, ListParts on resume, and
        // every part stored exactly once over both runs.
        QCOMPARE(countRequests(server, QStringLiteral("^POST \\S*\\?uploads\\S* 200 ")), 1);
        const QMap<int, int> after = storedParts(server);
        qInfo("parts stored before the kill: %d, before the stop: %d, at the end: %d",
              int(killed.size()), int(before.size()), int(after.size()));
        QCOMPARE(after.size(), 24);
        for (auto it = after.cbegin(); it != after.cend(); ++it)
            QVERIFY2(
                it.value() == 1,
                qPrintable(QStringLiteral("part %1 sent %2 times").arg(it.key()).arg(it.value())));
        QCOMPARE(server.objectHashes(QStringLiteral("backup/")), fx.expectedAtDestination());
        QCOMPARE(server.unfinishedUploads(), 0);
    }

    void urlsAreCheckedWhenAdded()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        const auto add = [&fx](const QString& url) {
            return fx.cli(
                {QStringLiteral("destination"), QStringLiteral("add"), QStringLiteral("x"), url});
        };
        CliResult r = add(QStringLiteral("s3://KEY@bucket/p?endpoint=http://nas.example:9000"));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("unencrypted"), r.err.constData());
        r = add(QStringLiteral("s3://KEY:secret@bucket/p?endpoint=https://s3.example"));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no secret in the URL"), r.err.constData());
        r = add(QStringLiteral("s3://bucket/p?endpoint=https://s3.example"));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("access key id"), r.err.constData());
        r = add(QStringLiteral("s3://KEY@bucket/p?endpoint=https://s3.example&part_size=1M"));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("at least 5M"), r.err.constData());
        r = add(QStringLiteral("s3://KEY@bucket/p?endpoint=https://s3.example&style=virtual"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void destinationOperations()
    {
        QTemporaryDir dir;
        S3rver server(dir.filePath(QStringLiteral("s3rver")), kKey, kSecret);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QNetworkAccessManager network;
        const QString url = server.url(QStringLiteral("t"));

        // test(): a listing, then a probe written and removed.
        auto good = destination(url, kSecret, &network);
        QVERIFY(good);
        DestinationResult r = run(good->test());
        QVERIFY2(!r.error, qPrintable(r.error.message));
        QVERIFY(server.objectHashes(QString()).isEmpty());

        r = run(destination(url, QStringLiteral("nope"), &network)->test());
        QCOMPARE(r.error.kind, ErrorClass::Permanent);
        QVERIFY2(r.error.message.contains(QStringLiteral("access key or secret refused")),
                 qPrintable(r.error.message));

        r = run(destination(
                    QString(url).replace(QStringLiteral("@photos/"), QStringLiteral("@missing/")),
                    kSecret, &network)
                    ->test());
        QCOMPARE(r.error.kind, ErrorClass::Permanent);
        QVERIFY2(r.error.message.contains(QStringLiteral("bucket \"missing\" does not exist")),
                 qPrintable(r.error.message));

        // upload() and stat() of a small file: verified by ETag, SHA-256 kept as metadata.
        const QString local = dir.filePath(QStringLiteral("a b+c.jpg"));
        QVERIFY(writeFile(local, QByteArray(70000, 'x')));
        UploadRequest req;
        req.jobId = 1;
        req.localPath = local;
        req.remotePath = QStringLiteral("2020/01/a b+c.jpg");
        req.size = 70000;
        req.sha256 = QByteArray::fromHex(sha256Hex(local));
        r = run(good->upload(req));
        QVERIFY2(!r.error, qPrintable(r.error.message));
        QVERIFY(r.verified);
        QCOMPARE(r.size, 70000);
        QVERIFY(r.tag.startsWith(QStringLiteral("etag:")));
        QCOMPARE(
            server.objectHashes(QStringLiteral("t/")).value(QStringLiteral("2020/01/a b+c.jpg")),
            sha256Hex(local));
        r = run(good->stat(req.remotePath));
        QVERIFY(r.exists);
        QCOMPARE(r.size, 70000);
        QCOMPARE(r.sha256, req.sha256);
        r = run(good->stat(QStringLiteral("2020/01/none.jpg")));
        QVERIFY(!r.error && !r.exists);
        // A second upload to the same name never replaces it.
        r = run(good->upload(req));
        QCOMPARE(r.error.kind, ErrorClass::Permanent);
        QVERIFY(r.exists);

        // removeIncomplete() aborts an upload recorded for another name (one the engine
        // renamed), and keeps one that the next attempt at the same name continues.
        const auto startUpload = [&](const QString& key) {
            QNetworkRequest initiate(
                good->request(key, QUrlQuery{{QStringLiteral("uploads"), QString()}}));
            initiate.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("video/mp4"));
            good->signer().sign(initiate, "POST", SigV4Signer::payloadHash({}));
            QNetworkReply* reply = network.post(initiate, QByteArray());
            QSignalSpy done(reply, &QNetworkReply::finished);
            done.wait(10000);
            const QByteArray body = reply->readAll();
            reply->deleteLater();
            return QRegularExpression(QStringLiteral("<UploadId>([^<]+)</UploadId>"))
                .match(QString::fromUtf8(body))
                .captured(1);
        };
        const QString uploadId = startUpload(QStringLiteral("t/old.mov"));
        QVERIFY(!uploadId.isEmpty());
        QCOMPARE(server.unfinishedUploads(), 1);
        UploadRequest cleanup;
        cleanup.remotePath = QStringLiteral("old.mov");
        cleanup.resumeState = QStringLiteral(R"({"s3key":"t/old.mov","uploadId":"%1",)"
                                             R"("size":10485760,"partSize":5242880})")
                                  .arg(uploadId)
                                  .toUtf8();
        r = run(good->removeIncomplete(cleanup));
        QVERIFY(!r.error);
        QCOMPARE(server.unfinishedUploads(), 1);
        cleanup.remotePath = QStringLiteral("old-1234abcd.mov");
        r = run(good->removeIncomplete(cleanup));
        QVERIFY2(!r.error, qPrintable(r.error.message));
        QCOMPARE(server.unfinishedUploads(), 0);

        // A file now below the multipart threshold goes as one PUT and drops its old upload.
        req.remotePath = QStringLiteral("2020/01/was-large.jpg");
        req.resumeState = QStringLiteral(R"({"s3key":"t/2020/01/was-large.jpg","uploadId":"%1",)"
                                         R"("size":70000,"partSize":65536})")
                              .arg(startUpload(QStringLiteral("t/2020/01/was-large.jpg")))
                              .toUtf8();
        QCOMPARE(server.unfinishedUploads(), 1);
        r = run(good->upload(req));
        QVERIFY2(r.verified, qPrintable(r.error.message));
        QCOMPARE(server.unfinishedUploads(), 0);
        QCOMPARE(server.objectHashes(QStringLiteral("t/2020/01/"))
                     .value(QStringLiteral("was-large.jpg")),
                 sha256Hex(local));
    }

    // Whether a name is free comes from the folder's listing, every page of it, and a HEAD
    // only where the listing holds the name.
    void folderListingReadsEveryPageAndSparesTheHead()
    {
        QTemporaryDir dir;
        S3rver server(dir.filePath(QStringLiteral("s3rver")), kKey, kSecret);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        // 1,100 objects in one folder: two pages of a listing (1,000 keys each at most).
        const QString folder = server.storageDir() + QStringLiteral("/photos/t/many/");
        for (int i = 0; i < 1100; ++i)
            QVERIFY(writeFile(
                folder + QStringLiteral("k%1.jpg._S3rver_object").arg(i, 4, 10, QLatin1Char('0')),
                "theirs"));
        QNetworkAccessManager network;
        auto dest = destination(server.url(QStringLiteral("t")), kSecret, &network);
        QVERIFY(dest);
        const QString local = dir.filePath(QStringLiteral("new.jpg"));
        QVERIFY(writeFile(local, QByteArray(5000, 'n')));
        UploadRequest req;
        req.jobId = 1;
        req.localPath = local;
        req.size = 5000;
        req.sha256 = QByteArray::fromHex(sha256Hex(local));

        // A name on the second page is taken: the HEAD confirms it, nothing is replaced.
        req.remotePath = QStringLiteral("many/k1050.jpg");
        DestinationResult r = run(dest->upload(req));
        QVERIFY(r.exists);
        QCOMPARE(r.error.kind, ErrorClass::Permanent);
        QCOMPARE(server.objectHashes(QStringLiteral("t/many/")).value(QStringLiteral("k1050.jpg")),
                 QCryptographicHash::hash("theirs", QCryptographicHash::Sha256).toHex());
        // A free name goes at once, from the same listing.
        req.remotePath = QStringLiteral("many/new.jpg");
        r = run(dest->upload(req));
        QVERIFY2(r.verified, qPrintable(r.error.message));
        QCOMPARE(server.objectHashes(QStringLiteral("t/many/")).value(QStringLiteral("new.jpg")),
                 sha256Hex(local));
        QCOMPARE(countRequests(server, QStringLiteral("^GET \\S*list-type=2\\S* 200 ")), 2);
        QCOMPARE(countRequests(server, QStringLiteral("^HEAD /photos/t/many/k1050.jpg ")), 1);
        QCOMPARE(countRequests(server, QStringLiteral("^HEAD ")), 1);
        // The name it just wrote is no longer free: a second upload asks the server, and keeps
        // what is there.
        r = run(dest->upload(req));
        QVERIFY(r.exists);
        QCOMPARE(countRequests(server, QStringLiteral("^HEAD /photos/t/many/new.jpg ")), 1);
    }
};

QTEST_GUILESS_MAIN(TestS3)
#include "tst_s3.moc"
