// The direct HTTP/1.1 upload path (core/upload/HttpSend, DirectHttpReply) against real nginx,
// with and without the fault-injecting proxy in between: what the backup suites, which also run
// over it, do not pin down. Where QNAM's own behaviour is the reference, the same request goes
// through QNAM too and the two outcomes are compared.
#include "FaultProxy.h"
#include "NginxDav.h"
#include "TestSupport.h"
#include "policy/BandwidthLimiter.h"
#include "scan/ChangeTime.h"
#include "upload/DirectHttpPool.h"
#include "upload/DirectHttpReply.h"
#include "upload/FileRangeDevice.h"
#include "upload/FileToSocket.h"
#include "upload/HttpErrors.h"
#include "upload/HttpResponseParser.h"
#include "upload/HttpSend.h"
#include "upload/TlsTrust.h"
#include "upload/TransferTimeout.h"

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

using namespace ks;
using namespace ks::test;

namespace {

struct Outcome
{
    bool direct = false;
    bool finished = false;
    int finishedCount = 0;
    int status = 0;
    QString reason;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    QByteArray body;
    QByteArray retryAfter;
    QByteArray contentLength;
    qint64 lastProgress = -1;
    QByteArray sentSha256;
    qint64 sentWithoutReading = 0;
    bool changedWhileSent = false;
    Error mapped;
};

QByteArray randomBytes(qint64 size, quint32 seed)
{
    QByteArray b(size, Qt::Uninitialized);
    QRandomGenerator rng(seed);
    rng.fillRange(reinterpret_cast<quint32*>(b.data()), size / 4);
    return b;
}

enum class Via { Auto, Qnam };

} // namespace

class TestDirectHttp : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<NginxDav> m_dav;
    QString m_file; // 3 MiB of random bytes
    QByteArray m_fileSha;
    bool m_vouch = false; // put(): the body vouched for by the file's change time, as a scanned
                          // file's is (then it may go by sendfile)

    static qint64 changeTimeOf(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? changeTimeNs(int(f.handle())) : 0;
    }

    QUrl url(quint16 port, const QString& name) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1/dav/%2").arg(port).arg(name));
    }

    QNetworkRequest request(
        const QUrl& u, qint64 size,
        QNetworkRequest::RedirectPolicy policy = QNetworkRequest::SameOriginRedirectPolicy) const
    {
        // As the destinations make them (WebDavDestination::request, S3Destination::request).
        QNetworkRequest req(u);
        req.setTransferTimeout(transferTimeoutMs());
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, policy);
        req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        req.setHeader(QNetworkRequest::ContentLengthHeader, size);
        req.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/octet-stream"));
        return req;
    }

    // PUTs `path` to `u`; `during` may act on the reply while it runs.
    Outcome put(QNetworkAccessManager& network, const QUrl& u, const QString& path,
                Via via = Via::Auto, BandwidthLimiter* limiter = nullptr,
                const std::function<void(QNetworkReply*, qint64)>& during = {},
                QNetworkRequest::RedirectPolicy policy = QNetworkRequest::SameOriginRedirectPolicy)
    {
        const qint64 size = QFileInfo(path).size();
        auto* body = new FileRangeDevice(path, 0, size, limiter);
        if (m_vouch)
            body->vouchByChangeTime(changeTimeOf(path), QByteArray::fromHex(sha256Hex(path)));
        body->open(QIODevice::ReadOnly);
        const QNetworkRequest req = request(u, size, policy);
        QNetworkReply* reply = via == Via::Qnam ? network.sendCustomRequest(req, "PUT", body)
                                                : sendRequest(&network, req, "PUT", body);
        body->setParent(reply);
        Outcome o;
        o.direct = qobject_cast<DirectHttpReply*>(reply) != nullptr;
        connect(reply, &QNetworkReply::uploadProgress, reply, [&o, reply, during](qint64 sent) {
            o.lastProgress = sent;
            if (during)
                during(reply, sent);
        });
        connect(reply, &QNetworkReply::finished, reply, [&o] { ++o.finishedCount; });
        QSignalSpy done(reply, &QNetworkReply::finished);
        o.finished = done.wait(60000);
        QTest::qWait(50); // a second finished() would come now
        o.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        o.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        o.error = reply->error();
        o.errorString = reply->errorString();
        o.body = reply->isOpen() ? reply->readAll() : QByteArray();
        o.retryAfter = reply->rawHeader("Retry-After");
        o.sentSha256 = body->sentSha256().toHex();
        o.sentWithoutReading = body->sentWithoutReading();
        o.changedWhileSent = body->changedWhileSent();
        o.mapped = errorForReply(reply, QStringLiteral("Sending"));
        delete reply;
        return o;
    }

    // A request with no body (MOVE, MKCOL), as WebDavDestination makes it.
    Outcome bodyless(QNetworkAccessManager& network, const QByteArray& verb, const QUrl& u,
                     const QUrl& destination = {}, Via via = Via::Auto)
    {
        QNetworkRequest req(u);
        req.setTransferTimeout(transferTimeoutMs());
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
        req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        if (destination.isValid()) {
            req.setRawHeader("Destination", destination.toEncoded());
            req.setRawHeader("Overwrite", "F");
        }
        QNetworkReply* reply = via == Via::Qnam ? network.sendCustomRequest(req, verb)
                                                : sendRequest(&network, req, verb, nullptr);
        Outcome o;
        o.direct = qobject_cast<DirectHttpReply*>(reply) != nullptr;
        connect(reply, &QNetworkReply::uploadProgress, reply,
                [&o](qint64 sent) { o.lastProgress = sent; });
        connect(reply, &QNetworkReply::finished, reply, [&o] { ++o.finishedCount; });
        QSignalSpy done(reply, &QNetworkReply::finished);
        o.finished = done.wait(30000);
        QTest::qWait(20);
        o.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        o.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        o.error = reply->error();
        o.errorString = reply->errorString();
        o.body = reply->isOpen() ? reply->readAll() : QByteArray();
        o.contentLength = reply->rawHeader("Content-Length");
        o.mapped = errorForReply(reply, QStringLiteral("Naming"));
        delete reply;
        return o;
    }

    static void compareOutcomes(const Outcome& direct, const Outcome& qnam)
    {
        QVERIFY(direct.direct);
        QVERIFY(!qnam.direct);
        QCOMPARE(direct.finishedCount, 1);
        QCOMPARE(direct.status, qnam.status);
        QCOMPARE(direct.reason, qnam.reason);
        QCOMPARE(direct.error, qnam.error);
        QCOMPARE(direct.errorString, qnam.errorString);
        QCOMPARE(direct.lastProgress, qnam.lastProgress);
        QCOMPARE(direct.mapped.kind, qnam.mapped.kind);
        QCOMPARE(direct.mapped.message, qnam.mapped.message);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_dav = std::make_unique<NginxDav>(m_dir.filePath(QStringLiteral("nginx")), QString());
        QString error;
        QVERIFY2(m_dav->start(&error), qPrintable(error));
        m_file = m_dir.filePath(QStringLiteral("file.bin"));
        QVERIFY(writeFile(m_file, randomBytes(3 * 1024 * 1024 + 123, 7)));
        m_fileSha = sha256Hex(m_file);
    }

    void bytesOnTheServerAreTheFile()
    {
        QNetworkAccessManager network;
        const Outcome o = put(network, url(m_dav->port(), QStringLiteral("a.bin")), m_file);
        QVERIFY(o.direct);
        QVERIFY(o.finished);
        QCOMPARE(o.error, QNetworkReply::NoError);
        QCOMPARE(o.status, 201);
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.lastProgress, QFileInfo(m_file).size());
        QCOMPARE(sha256Hex(m_dav->dataDir() + QStringLiteral("/a.bin")), m_fileSha);
        QCOMPARE(o.sentSha256, m_fileSha);
        // Replacing it: 204, and an empty file is a valid body too.
        const QString empty = m_dir.filePath(QStringLiteral("empty.bin"));
        QVERIFY(writeFile(empty, {}));
        const Outcome e = put(network, url(m_dav->port(), QStringLiteral("a.bin")), empty);
        QVERIFY(e.direct);
        QCOMPARE(e.status, 204);
        QCOMPARE(QFileInfo(m_dav->dataDir() + QStringLiteral("/a.bin")).size(), 0);
    }

    void aVouchedFileGoesFromThePageCache()
    {
        // 24 MiB: several bursts, and the socket fills (loopback nginx writes to disk).
        const QString big = m_dir.filePath(QStringLiteral("big.bin"));
        QVERIFY(writeFile(big, randomBytes(24 * 1024 * 1024 + 5, 11)));
        const QByteArray sha = sha256Hex(big);
        QNetworkAccessManager network;
        m_vouch = true;
        const Outcome o = put(network, url(m_dav->port(), QStringLiteral("big.bin")), big);
        m_vouch = false;
        QVERIFY(o.direct);
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.error, QNetworkReply::NoError);
        QCOMPARE(o.status, 201);
        QCOMPARE(sha256Hex(m_dav->dataDir() + QStringLiteral("/big.bin")), sha);
        QCOMPARE(o.sentSha256, sha); // vouched for: the scan's hash, not one taken now
        QCOMPARE(o.lastProgress, QFileInfo(big).size());
        // Most of it by sendfile; the wake-up pieces (64 KiB a burst) went through the buffer.
        QVERIFY2(o.sentWithoutReading > QFileInfo(big).size() / 2,
                 qPrintable(QString::number(o.sentWithoutReading)));
        // The connection is kept and carries the next request.
        QCOMPARE(DirectHttpPool::of(&network)->idleCount(), 1);
        const Outcome again = put(network, url(m_dav->port(), QStringLiteral("big2.bin")), m_file);
        QCOMPARE(again.status, 201);
        QCOMPARE(DirectHttpPool::of(&network)->opened(), 1);
        QCOMPARE(sha256Hex(m_dav->dataDir() + QStringLiteral("/big2.bin")), m_fileSha);
        // Not vouched (no scan's hash, or a file changed since): read and hashed as it goes.
        QCOMPARE(again.sentWithoutReading, 0);
        QCOMPARE(again.sentSha256, m_fileSha);
    }

    void aVouchedFileChangedWhileSentIsNoticed()
    {
        const QString big = m_dir.filePath(QStringLiteral("changing.bin"));
        const QByteArray bytes = randomBytes(24 * 1024 * 1024, 12);
        QVERIFY(writeFile(big, bytes));
        QNetworkAccessManager network;
        m_vouch = true;
        bool changed = false;
        const Outcome o = put(network, url(m_dav->port(), QStringLiteral("changing.bin")), big,
                              Via::Auto, nullptr, [&](QNetworkReply*, qint64 sent) {
                                  if (changed || sent < 2 * 1024 * 1024)
                                      return;
                                  // The same byte written again: only the change time moves.
                                  QFile f(big);
                                  changed =
                                      f.open(QIODevice::ReadWrite) && f.write(bytes.left(1)) == 1;
                              });
        m_vouch = false;
        QVERIFY(changed);
        QVERIFY(o.sentWithoutReading > 0);
        QCOMPARE(o.finishedCount, 1);
        QVERIFY(o.changedWhileSent);
        QCOMPARE(o.sentSha256, QByteArray()); // so the upload is never acknowledged as the scan's
    }

    void sendfileToAResetConnectionIsAnErrorNotASignal()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QVERIFY(client.waitForConnected(5000));
        QVERIFY(server.waitForNewConnection(5000));
        QTcpSocket* peer = server.nextPendingConnection();
        QVERIFY(peer);
#ifdef Q_OS_UNIX
        // Closed with a reset: the first send hears ECONNRESET, every later one EPIPE, which
        // without MSG_NOSIGNAL comes with SIGPIPE (that would end this test).
        const linger reset{1, 0};
        QCOMPARE(::setsockopt(int(peer->socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset,
                              sizeof reset),
                 0);
#endif
        peer->abort();
        QThread::msleep(100); // no event loop: the client's socket must not notice on its own
        QFile f(m_file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        for (int i = 0; i < 3; ++i) {
            const FileToSocketResult r =
                sendFileToSocket(client.socketDescriptor(), int(f.handle()), 0, 65536);
            QVERIFY(r.unavailable);
            QCOMPARE(r.sent, 0);
            QVERIFY(!r.socketFull);
        }
    }

    void connectionsAreKeptAlive()
    {
        FaultProxy proxy(m_dav->port());
        QVERIFY(proxy.start());
        QNetworkAccessManager network;
        const QString small = m_dir.filePath(QStringLiteral("small.bin"));
        QVERIFY(writeFile(small, randomBytes(20000, 3)));
        for (int i = 0; i < 25; ++i) {
            const Outcome o =
                put(network, url(proxy.port(), QStringLiteral("s%1.bin").arg(i)), small);
            QVERIFY(o.direct);
            QCOMPARE(o.status, 201);
        }
        QCOMPARE(proxy.forwarded("PUT"), 25);
        QCOMPARE(proxy.connections(), 1);
        QCOMPARE(DirectHttpPool::of(&network)->opened(), 1);
        QCOMPARE(DirectHttpPool::of(&network)->idleCount(), 1);
    }

    void moveAndMkcolGoDirectOnTheKeptConnection()
    {
        // A WebDAV upload's MKCOL, PUT of the temporary file and MOVE to its name: all on one
        // connection of the engine thread, and the server ends up with the file under its name.
        FaultProxy proxy(m_dav->port());
        QVERIFY(proxy.start());
        QNetworkAccessManager network;
        const Outcome mkcol = bodyless(network, "MKCOL", url(proxy.port(), QStringLiteral("m/")));
        QVERIFY(mkcol.direct);
        QCOMPARE(mkcol.error, QNetworkReply::NoError);
        QCOMPARE(mkcol.status, 201);
        QVERIFY(QFileInfo(m_dav->dataDir() + QStringLiteral("/m")).isDir());
        for (int i = 0; i < 3; ++i) {
            const QString tmp = QStringLiteral("m/.part%1").arg(i);
            const QString name = QStringLiteral("m/f%1.bin").arg(i);
            QCOMPARE(put(network, url(proxy.port(), tmp), m_file).status, 201);
            const Outcome move =
                bodyless(network, "MOVE", url(proxy.port(), tmp), url(proxy.port(), name));
            QVERIFY(move.direct);
            QCOMPARE(move.finishedCount, 1);
            QCOMPARE(move.error, QNetworkReply::NoError);
            QVERIFY2(move.status == 201 || move.status == 204, qPrintable(move.reason));
            QCOMPARE(move.lastProgress, -1); // as QNAM: no upload progress without a body
            QCOMPARE(sha256Hex(m_dav->dataDir() + QLatin1Char('/') + name), m_fileSha);
            QVERIFY(!QFile::exists(m_dav->dataDir() + QLatin1Char('/') + tmp));
        }
        QCOMPARE(proxy.forwarded("MKCOL"), 1);
        QCOMPARE(proxy.forwarded("MOVE"), 3);
        QCOMPARE(proxy.connections(), 1);
        QCOMPARE(DirectHttpPool::of(&network)->opened(), 1);
    }

    void headGoesDirectAndEndsWithItsHead()
    {
        // S3's look before each PUT. The answer to a HEAD names the object's length but carries
        // no body: read as if one followed, the reply would wait until the timeout, or take the
        // next answer on the kept connection for it.
        HttpResponseParser parser;
        parser.answerToHead();
        parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
        QVERIFY(parser.done());
        QVERIFY(parser.keepAlive());

        FaultProxy proxy(m_dav->port());
        QVERIFY(proxy.start());
        QNetworkAccessManager network;
        const QString size = QString::number(QFileInfo(m_file).size());
        for (int i = 0; i < 3; ++i) {
            const QUrl there = url(proxy.port(), QStringLiteral("h%1.bin").arg(i));
            const Outcome missing = bodyless(network, "HEAD", there);
            QVERIFY(missing.direct);
            QCOMPARE(missing.finishedCount, 1);
            QCOMPARE(missing.status, 404);
            QCOMPARE(missing.error, QNetworkReply::ContentNotFoundError);
            QCOMPARE(put(network, there, m_file).status, 201);
            const Outcome head = bodyless(network, "HEAD", there);
            QVERIFY(head.direct);
            QCOMPARE(head.finishedCount, 1);
            QCOMPARE(head.error, QNetworkReply::NoError);
            QCOMPARE(head.status, 200);
            QCOMPARE(head.contentLength, size.toLatin1());
            QVERIFY(head.body.isEmpty());
            const Outcome qnam = bodyless(network, "HEAD", there, {}, Via::Qnam);
            compareOutcomes(head, qnam);
            QCOMPARE(head.contentLength, qnam.contentLength);
            QCOMPARE(head.body, qnam.body);
        }
        QCOMPARE(proxy.forwarded("HEAD"), 9);
        QCOMPARE(proxy.forwarded("PUT"), 3);
        // The direct requests on one connection, kept after the last HEAD's answer.
        QCOMPARE(DirectHttpPool::of(&network)->opened(), 1);
        QCOMPARE(DirectHttpPool::of(&network)->idleCount(), 1);
    }

    void moveAndMkcolRefusalsAreQnams()
    {
        // The refusals WebDavDestination acts on, answered by nginx: the same outcome as QNAM's.
        QNetworkAccessManager network;
        QVERIFY(writeFile(m_dav->dataDir() + QStringLiteral("/taken.bin"), "someone else's"));
        QVERIFY(writeFile(m_dav->dataDir() + QStringLiteral("/ours.part"), "ours"));
        const quint16 port = m_dav->port();
        for (const Via via : {Via::Auto, Via::Qnam})
            QCOMPARE(
                bodyless(network, "MKCOL", url(port, QStringLiteral("twice/")), {}, via).status,
                via == Via::Auto ? 201 : 405);
        const auto both = [&](const QByteArray& verb, const QString& from, const QString& to) {
            const QUrl target = to.isEmpty() ? QUrl() : url(port, to);
            return std::pair{bodyless(network, verb, url(port, from), target, Via::Auto),
                             bodyless(network, verb, url(port, from), target, Via::Qnam)};
        };
        // A name someone else's file holds (412), a temporary file gone (404), a folder there
        // already (405), a folder whose parent is missing (409).
        const auto [taken, takenQnam] =
            both("MOVE", QStringLiteral("ours.part"), QStringLiteral("taken.bin"));
        QCOMPARE(taken.status, 412);
        compareOutcomes(taken, takenQnam);
        QFile kept(m_dav->dataDir() + QStringLiteral("/taken.bin"));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), QByteArray("someone else's"));
        const auto [gone, goneQnam] =
            both("MOVE", QStringLiteral("gone.part"), QStringLiteral("gone.bin"));
        QCOMPARE(gone.status, 404);
        compareOutcomes(gone, goneQnam);
        const auto [there, thereQnam] = both("MKCOL", QStringLiteral("twice/"), {});
        QCOMPARE(there.status, 405);
        compareOutcomes(there, thereQnam);
        const auto [orphan, orphanQnam] = both("MKCOL", QStringLiteral("no/such/"), {});
        QCOMPARE(orphan.status, 409);
        compareOutcomes(orphan, orphanQnam);
    }

    void aMoveAnswerCutOffIsAnError()
    {
        // The server named the file, the client never heard it: a transient error, the MOVE not
        // sent again once any of its answer came (it is not idempotent: WebDavDestination's next
        // try finds out), and the connection not used again. Cut in every try, QNAM ends the
        // same way (it sends again after a cut head, up to twice, so once is not compared).
        FaultProxy proxy(m_dav->port());
        QVERIFY(proxy.start());
        for (const qint64 cut : {qint64(5), qint64(40)}) {
            Outcome seen[2];
            for (const Via via : {Via::Auto, Via::Qnam}) {
                QNetworkAccessManager network;
                const QString tmp = QStringLiteral("cut%1-%2.part").arg(cut).arg(int(via));
                const QString name = QStringLiteral("cut%1-%2.bin").arg(cut).arg(int(via));
                QCOMPARE(put(network, url(proxy.port(), tmp), m_file).status, 201);
                const int movesBefore = proxy.forwarded("MOVE");
                proxy.addRule({.fault = FaultProxy::Fault::TruncateResponse,
                               .method = "MOVE",
                               .count = 3,
                               .bytes = cut});
                seen[int(via)] =
                    bodyless(network, "MOVE", url(proxy.port(), tmp), url(proxy.port(), name), via);
                proxy.clearRules();
                QCOMPARE(sha256Hex(m_dav->dataDir() + QLatin1Char('/') + name), m_fileSha);
                if (via == Via::Auto) {
                    QCOMPARE(proxy.forwarded("MOVE") - movesBefore, 1);
                    QCOMPARE(DirectHttpPool::of(&network)->idleCount(), 0);
                }
            }
            QCOMPARE(seen[0].status, 0);
            QCOMPARE(seen[0].error, QNetworkReply::RemoteHostClosedError);
            QCOMPARE(seen[0].mapped.kind, ErrorClass::Transient);
            compareOutcomes(seen[0], seen[1]);
        }
    }

    void aMoveRedirectIsLeftToQnam()
    {
        // As for a PUT: a redirect the policy would follow goes to QNAM, whose outcome counts.
        FaultProxy proxy(m_dav->port());
        QVERIFY(proxy.start());
        QNetworkAccessManager network;
        QCOMPARE(put(network, url(proxy.port(), QStringLiteral("re.part")), m_file).status, 201);
        proxy.addRule({.fault = FaultProxy::Fault::Respond, .method = "MOVE", .status = 307});
        QNetworkRequest req(url(proxy.port(), QStringLiteral("re.part")));
        req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
        req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        req.setRawHeader("Destination", url(proxy.port(), QStringLiteral("re.bin")).toEncoded());
        req.setRawHeader("Overwrite", "F");
        QNetworkReply* reply = sendRequest(&network, req, "MOVE", nullptr);
        auto* direct = qobject_cast<DirectHttpReply*>(reply);
        QVERIFY(direct);
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(30000));
        QVERIFY(direct->wentThroughQnam());
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QVERIFY2(status == 201 || status == 204, qPrintable(QString::number(status)));
        QCOMPARE(proxy.forwarded("MOVE"), 1); // the 307 came from the proxy, the rest from nginx
        QCOMPARE(sha256Hex(m_dav->dataDir() + QStringLiteral("/re.bin")), m_fileSha);
        delete reply;
    }

    void aChunkedAnswerIsReadAndTheConnectionKept()
    {
        FaultProxy proxy(m_dav->port());
        QVERIFY(proxy.start());
        QNetworkAccessManager network;
        const QByteArray said = "<done>stored, in many small chunks</done>";
        proxy.addRule(
            {.fault = FaultProxy::Fault::ChunkResponse, .method = "PUT", .bytes = 4, .body = said});
        const Outcome o = put(network, url(proxy.port(), QStringLiteral("c.bin")), m_file);
        QVERIFY(o.direct);
        QCOMPARE(o.error, QNetworkReply::NoError);
        QCOMPARE(o.status, 201);
        QCOMPARE(o.body, said);
        const Outcome next = put(network, url(proxy.port(), QStringLiteral("c2.bin")), m_file);
        QCOMPARE(next.status, 201);
        QCOMPARE(proxy.connections(), 1);
        QCOMPARE(sha256Hex(m_dav->dataDir() + QStringLiteral("/c2.bin")), m_fileSha);
    }

    void anAnswerDelimitedByTheCloseIsRead()
    {
        FaultProxy proxy(m_dav->port());
        QVERIFY(proxy.start());
        QNetworkAccessManager network;
        const QByteArray said = "<done>until the end of the connection</done>";
        proxy.addRule({.fault = FaultProxy::Fault::CloseDelimited, .method = "PUT", .body = said});
        const Outcome o = put(network, url(proxy.port(), QStringLiteral("d.bin")), m_file);
        QVERIFY(o.direct);
        QCOMPARE(o.error, QNetworkReply::NoError);
        QCOMPARE(o.status, 201);
        QCOMPARE(o.body, said);
        QCOMPARE(DirectHttpPool::of(&network)->idleCount(), 0);
        QCOMPARE(put(network, url(proxy.port(), QStringLiteral("d2.bin")), m_file).status, 201);
        QCOMPARE(proxy.connections(), 2);
    }

    void anAnswerCutOffIsAnErrorLikeQnams()
    {
        FaultProxy proxy(m_dav->port());
        QVERIFY(proxy.start());
        // Cut in the status line, in the headers: never a success, and what QNAM reports.
        for (const qint64 cut : {qint64(5), qint64(40)}) {
            for (const Via via : {Via::Auto, Via::Qnam}) {
                QNetworkAccessManager network;
                proxy.addRule({.fault = FaultProxy::Fault::TruncateResponse,
                               .method = "PUT",
                               .count = 3,
                               .bytes = cut});
                const Outcome o =
                    put(network, url(proxy.port(), QStringLiteral("t.bin")), m_file, via);
                proxy.clearRules();
                QCOMPARE(o.direct, via == Via::Auto);
                QVERIFY(o.finished);
                QCOMPARE(o.finishedCount, 1);
                QCOMPARE(o.status, 0);
                QCOMPARE(o.error, QNetworkReply::RemoteHostClosedError);
                QCOMPARE(o.mapped.kind, ErrorClass::Transient);
            }
        }
    }

    void parserRefusesMalformedAndCutAnswers()
    {
        const auto parse = [](const QByteArray& bytes, bool closed) {
            HttpResponseParser p;
            for (qsizetype i = 0; i < bytes.size(); i += 3) // in small pieces
                p.feed(bytes.mid(i, 3));
            if (closed)
                p.endOfStream();
            return p;
        };
        QVERIFY(parse("HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\nabc", false).done());
        QVERIFY(
            parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n", false).done());
        QVERIFY(parse("HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\nab", true).failed());
        QVERIFY(
            parse("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", true)
                .failed());
        QVERIFY(parse("HTTP/1.1 201 Created\r\nContent-", true).failed());
        QVERIFY(parse("HTTP/1.1 2x1 Created\r\n\r\n", false).failed());
        QVERIFY(parse("SMTP ready\r\n", false).failed());
        QVERIFY(parse("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", false)
                    .failed());
        QVERIFY(
            parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false).failed());
        QVERIFY(parse("HTTP/1.1 200 OK\r\n" + QByteArray(70000, 'x'), false).failed());
        HttpResponseParser close = parse("HTTP/1.0 200 OK\r\n\r\nall of it", true);
        QVERIFY(close.done());
        QCOMPARE(close.takeBody(), QByteArray("all of it"));
        QVERIFY(!close.keepAlive());
        HttpResponseParser chunked = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                           "4;x=y\r\nWiki\r\n5\r\npedia\r\n0\r\nT: 1\r\n\r\n",
                                           false);
        QVERIFY(chunked.done());
        QVERIFY(chunked.keepAlive());
        QCOMPARE(chunked.takeBody(), QByteArray("Wikipedia"));
    }

    void httpErrorsAreQnams_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("policy");
        QTest::addColumn<bool>("vouched");
        for (const bool vouched : {false, true}) {
            const char* how = vouched ? "sendfile" : "read";
            for (const int s :
                 {400, 401, 403, 404, 405, 409, 410, 413, 429, 500, 501, 502, 503, 507})
                QTest::addRow("%d %s", s, how)
                    << s << int(QNetworkRequest::SameOriginRedirectPolicy) << vouched;
            // S3's manual policy: a redirect is the answer.
            for (const int s : {301, 307})
                QTest::addRow("%d manual %s", s, how)
                    << s << int(QNetworkRequest::ManualRedirectPolicy) << vouched;
        }
    }

    void httpErrorsAreQnams()
    {
        QFETCH(int, status);
        QFETCH(int, policy);
        QFETCH(bool, vouched);
        FaultProxy proxy(m_dav->port());
        QVERIFY(proxy.start());
        Outcome seen[2];
        for (const Via via : {Via::Auto, Via::Qnam}) {
            // The answer comes and the connection closes while the body is being sent: with
            // sendfile that is an EPIPE, which must not end the process with SIGPIPE.
            m_vouch = vouched && via == Via::Auto;
            QNetworkAccessManager network;
            proxy.addRule({.fault = FaultProxy::Fault::Respond,
                           .method = "PUT",
                           .status = status,
                           .retryAfterSeconds = 7,
                           .body = "<Error><Code>X</Code></Error>"});
            seen[int(via)] = put(network, url(proxy.port(), QStringLiteral("e.bin")), m_file, via,
                                 nullptr, {}, QNetworkRequest::RedirectPolicy(policy));
            m_vouch = false;
        }
        const Outcome& direct = seen[0];
        const Outcome& qnam = seen[1];
        QVERIFY(direct.direct);
        QCOMPARE(direct.status, status);
        QCOMPARE(direct.status, qnam.status);
        QCOMPARE(direct.reason, qnam.reason);
        QCOMPARE(direct.error, qnam.error);
        QCOMPARE(direct.errorString, qnam.errorString);
        QCOMPARE(direct.body, qnam.body);
        QCOMPARE(direct.retryAfter, qnam.retryAfter);
        QCOMPARE(direct.mapped.kind, qnam.mapped.kind);
        QCOMPARE(direct.mapped.message, qnam.mapped.message);
        QCOMPARE(direct.mapped.retryAfterMs, qnam.mapped.retryAfterMs);
    }

    void aRedirectIsLeftToQnam()
    {
        // With a policy that follows redirects, what follows a 3xx is QNAM's business: the
        // request goes through QNAM, the body rewound, and that outcome is the reply's.
        FaultProxy proxy(m_dav->port());
        QVERIFY(proxy.start());
        QNetworkAccessManager network;
        proxy.addRule({.fault = FaultProxy::Fault::Respond, .method = "PUT", .status = 307});
        const qint64 size = QFileInfo(m_file).size();
        auto* body = new FileRangeDevice(m_file, 0, size, nullptr);
        body->open(QIODevice::ReadOnly);
        QNetworkReply* reply = sendRequest(
            &network, request(url(proxy.port(), QStringLiteral("redirected.bin")), size), "PUT",
            body);
        body->setParent(reply);
        auto* direct = qobject_cast<DirectHttpReply*>(reply);
        QVERIFY(direct);
        qint64 progress = 0;
        connect(reply, &QNetworkReply::uploadProgress, reply,
                [&progress](qint64 sent) { progress = sent; });
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(30000));
        QVERIFY(direct->wentThroughQnam());
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
        // The progress QNAM reports for the same upload is what this reply reports.
        const Outcome qnam =
            put(network, url(m_dav->port(), QStringLiteral("plain.bin")), m_file, Via::Qnam);
        QCOMPARE(progress, qnam.lastProgress);
        QCOMPARE(body->sentSha256().toHex(), m_fileSha);
        QCOMPARE(sha256Hex(m_dav->dataDir() + QStringLiteral("/redirected.bin")), m_fileSha);
        QCOMPARE(proxy.forwarded("PUT"), 1); // the 307 came from the proxy, the 201 from nginx
        delete reply;
    }

    void aRefusedPasswordIsQnams()
    {
        QTemporaryDir dir;
        NginxDav locked(dir.filePath(QStringLiteral("nginx")), QStringLiteral("right"));
        QString error;
        QVERIFY2(locked.start(&error), qPrintable(error));
        Outcome seen[2];
        for (const Via via : {Via::Auto, Via::Qnam}) {
            QNetworkAccessManager network;
            seen[int(via)] = put(network, url(locked.port(), QStringLiteral("p.bin")), m_file, via);
        }
        QVERIFY(seen[0].direct);
        QCOMPARE(seen[0].status, 401);
        QCOMPARE(seen[0].error, seen[1].error);
        QCOMPARE(seen[0].errorString, seen[1].errorString);
        QCOMPARE(seen[0].mapped.message, seen[1].mapped.message);
    }

    void connectionLossIsResentLikeQnam_data()
    {
        QTest::addColumn<int>("resets");
        QTest::addColumn<bool>("vouched");
        QTest::addRow("once") << 1 << false;
        QTest::addRow("twice") << 2 << false;
        QTest::addRow("once, sendfile") << 1 << true;
        QTest::addRow("twice, sendfile") << 2 << true;
    }

    void connectionLossIsResentLikeQnam()
    {
        // A connection that ends before any answer came is tried once more, the body rewound,
        // as QNAM does. (Whether QNAM does depends on timing: not when the reset comes after it
        // wrote the whole body; so this is not compared with QNAM.)
        QFETCH(int, resets);
        QFETCH(bool, vouched);
        FaultProxy proxy(m_dav->port());
        QVERIFY(proxy.start());
        QNetworkAccessManager network;
        proxy.addRule({.fault = FaultProxy::Fault::ResetMidBody,
                       .method = "PUT",
                       .count = resets,
                       .bytes = 500000});
        const QString name = QStringLiteral("r%1%2.bin").arg(resets).arg(vouched ? "v" : "");
        m_vouch = vouched;
        const Outcome o = put(network, url(proxy.port(), name), m_file);
        m_vouch = false;
        QVERIFY(o.direct);
        QCOMPARE(proxy.pendingRules(), 0);
        QCOMPARE(proxy.forwarded("PUT"), 2); // the first try and one more
        QCOMPARE(o.finishedCount, 1);
        if (resets == 1) {
            QCOMPARE(o.error, QNetworkReply::NoError);
            QCOMPARE(o.status, 201);
            QCOMPARE(o.sentSha256, m_fileSha);
            QCOMPARE(sha256Hex(m_dav->dataDir() + QLatin1Char('/') + name), m_fileSha);
        } else {
            QCOMPARE(o.status, 0);
            QCOMPARE(o.error, QNetworkReply::RemoteHostClosedError);
            QCOMPARE(o.mapped.kind, ErrorClass::Transient);
            QVERIFY(!QFile::exists(m_dav->dataDir() + QLatin1Char('/') + name));
        }
    }

    void aRefusedConnectionIsQnams()
    {
        const quint16 port = freePort();
        Outcome seen[2];
        for (const Via via : {Via::Auto, Via::Qnam}) {
            QNetworkAccessManager network;
            seen[int(via)] = put(network, url(port, QStringLiteral("x.bin")), m_file, via);
        }
        QVERIFY(seen[0].direct);
        QCOMPARE(seen[0].error, QNetworkReply::ConnectionRefusedError);
        QCOMPARE(seen[0].error, seen[1].error);
        QCOMPARE(seen[0].errorString, seen[1].errorString);
        QCOMPARE(seen[0].mapped.kind, ErrorClass::Transient);
    }

    void abortMidBodyEndsOnceAsCancelled()
    {
        BandwidthLimiter limiter;
        limiter.setRate(2 * 1024 * 1024); // so that there is a middle to abort in
        QNetworkAccessManager network;
        const Outcome o = put(network, url(m_dav->port(), QStringLiteral("abort.bin")), m_file,
                              Via::Auto, &limiter, [](QNetworkReply* reply, qint64 sent) {
                                  if (sent > 512 * 1024)
                                      reply->abort();
                              });
        QVERIFY(o.direct);
        QVERIFY(o.finished);
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.error, QNetworkReply::OperationCanceledError);
        QVERIFY(o.lastProgress < QFileInfo(m_file).size());
        QTest::qWait(200); // nginx drops an incomplete body
        QVERIFY(!QFile::exists(m_dav->dataDir() + QStringLiteral("/abort.bin")));
    }

    void aStalledServerTimesOut()
    {
        qputenv("KEEPSAKE_TRANSFER_TIMEOUT_MS", "1500");
        FaultProxy proxy(m_dav->port());
        QVERIFY(proxy.start());
        proxy.addRule({.fault = FaultProxy::Fault::StallResponse, .method = "PUT"});
        QNetworkAccessManager network;
        QElapsedTimer t;
        t.start();
        const Outcome o = put(network, url(proxy.port(), QStringLiteral("st.bin")), m_file);
        const qint64 ms = t.elapsed();
        qunsetenv("KEEPSAKE_TRANSFER_TIMEOUT_MS");
        QVERIFY(o.direct);
        QCOMPARE(o.finishedCount, 1);
        QCOMPARE(o.error, QNetworkReply::OperationCanceledError);
        QCOMPARE(o.mapped.kind, ErrorClass::Transient);
        QVERIFY2(o.mapped.message.contains(QLatin1String("timed out")),
                 qPrintable(o.mapped.message));
        QVERIFY2(ms >= 1400 && ms < 15000, qPrintable(QString::number(ms)));
    }

    void theBandwidthLimitHolds_data()
    {
        QTest::addColumn<bool>("vouched");
        QTest::addRow("read") << false;
        QTest::addRow("vouched") << true; // no sendfile then: the limiter counts every block
    }

    void theBandwidthLimitHolds()
    {
        QFETCH(bool, vouched);
        BandwidthLimiter limiter;
        limiter.setRate(1024 * 1024);
        QNetworkAccessManager network;
        QElapsedTimer t;
        t.start();
        m_vouch = vouched;
        const Outcome o =
            put(network, url(m_dav->port(), QStringLiteral("bw%1.bin").arg(vouched ? "v" : "")),
                m_file, Via::Auto, &limiter);
        m_vouch = false;
        const qint64 ms = t.elapsed();
        QCOMPARE(o.sentWithoutReading, 0);
        QVERIFY(o.direct);
        QCOMPARE(o.status, 201);
        QCOMPARE(sha256Hex(m_dav->dataDir() + QStringLiteral("/bw%1.bin").arg(vouched ? "v" : "")),
                 m_fileSha);
        // 3 MiB at 1 MiB/s: about 3 s (the bucket may start with a little budget).
        QVERIFY2(ms >= 2500, qPrintable(QString::number(ms)));
    }

    void httpsAndOtherRequestsGoThroughQnam()
    {
        QTemporaryDir dir;
        NginxDav tls(dir.filePath(QStringLiteral("nginx")), QString());
        tls.enableTls();
        QString error;
        QVERIFY2(tls.start(&error), qPrintable(error));
        QNetworkAccessManager network;
        const qint64 size = QFileInfo(m_file).size();
        auto* body = new FileRangeDevice(m_file, 0, size, nullptr);
        body->open(QIODevice::ReadOnly);
        const QUrl secure(QStringLiteral("https://127.0.0.1:%1/dav/tls.bin").arg(tls.port()));
        QVERIFY(!directHttpApplies(&network, request(secure, size), "PUT", body));
        QNetworkRequest secureMove(secure);
        secureMove.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        QVERIFY(!directHttpApplies(&network, secureMove, "MOVE", nullptr));
        QNetworkReply* reply = sendRequest(&network, request(secure, size), "PUT", body);
        body->setParent(reply);
        tls::guard(reply, tls::normalizeFingerprint(tls.certificateFingerprint()));
        QVERIFY(!qobject_cast<DirectHttpReply*>(reply));
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(30000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
        QCOMPARE(sha256Hex(tls.dataDir() + QStringLiteral("/tls.bin")), m_fileSha);
        delete reply;

        // Plain HTTP, but not a file PUT, a proxy, or switched off: QNAM.
        auto* file = new FileRangeDevice(m_file, 0, size, nullptr, &network);
        file->open(QIODevice::ReadOnly);
        const QUrl plain = url(m_dav->port(), QStringLiteral("q.bin"));
        QVERIFY(directHttpApplies(&network, request(plain, size), "PUT", file));
        QVERIFY(!directHttpApplies(&network, request(plain, size), "POST", file));
        // Body-less: MOVE, MKCOL and HEAD only; GET, DELETE, PROPFIND keep QNAM.
        QNetworkRequest noBody(plain);
        noBody.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
        QVERIFY(directHttpApplies(&network, noBody, "MOVE", nullptr));
        QVERIFY(directHttpApplies(&network, noBody, "MKCOL", nullptr));
        QVERIFY(directHttpApplies(&network, noBody, "HEAD", nullptr));
        for (const QByteArray verb : {"GET", "DELETE", "PROPFIND"})
            QVERIFY(!directHttpApplies(&network, noBody, verb, nullptr));
        QVERIFY(!directHttpApplies(&network, noBody, "MOVE", file));
        QBuffer buffer;
        buffer.open(QIODevice::ReadOnly);
        QVERIFY(!directHttpApplies(&network, request(plain, 0), "PUT", &buffer));
        QNetworkRequest expecting = request(plain, size);
        expecting.setRawHeader("Expect", "100-continue");
        QVERIFY(!directHttpApplies(&network, expecting, "PUT", file));
        QNetworkCookieJar* jar = network.cookieJar();
        jar->setCookiesFromUrl({QNetworkCookie("session", "1")}, plain);
        QVERIFY(!directHttpApplies(&network, request(plain, size), "PUT", file));
        jar->deleteCookie(jar->cookiesForUrl(plain).value(0));
        QVERIFY(directHttpApplies(&network, request(plain, size), "PUT", file));
        network.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), 9));
        QVERIFY(!directHttpApplies(&network, request(plain, size), "PUT", file));
        network.setProxy(QNetworkProxy::DefaultProxy);
        qputenv("KEEPSAKE_DIRECT_HTTP", "0");
        QVERIFY(!directHttpApplies(&network, request(plain, size), "PUT", file));
        qunsetenv("KEEPSAKE_DIRECT_HTTP");
        QVERIFY(directHttpApplies(&network, request(plain, size), "PUT", file));
    }
};

QTEST_GUILESS_MAIN(TestDirectHttp)
#include "tst_direct_http.moc"
