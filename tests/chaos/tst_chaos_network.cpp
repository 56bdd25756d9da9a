// Chaos, network faults (issue 7): keepsake-cli backs up to real servers on loopback (Apache
// mod_dav, nginx dav, s3rver) through the fault proxy, which refuses connections, resets them,
// stalls, cuts and garbles answers and answers with storms of errors. tests/upload/tst_faults
// covers one fault of each kind; here several go into one backup, on every server, and each
// scenario ends with the audit: every file there byte for byte, nothing twice, nothing
// half-written, the catalog saying exactly that.
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "NetRig.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace ks;
using namespace ks::test;
using Fault = FaultProxy::Fault;
using Server = NetRig::Server;

namespace {

constexpr int kTimeoutMs = 2000; // the client's inactivity timeout in these tests
const QString kDest = QStringLiteral("net");

QJsonArray failures(const BackupFixture& fx)
{
    return QJsonDocument::fromJson(
               fx.cli({QStringLiteral("--json"), QStringLiteral("failures")}).out)
        .object()
        .value(QStringLiteral("failures"))
        .toArray();
}

// Garbage a broken server, a proxy's error page or a cut connection hands back instead of XML.
const QByteArray kCutXml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus "
                           "xmlns:D=\"DAV:\"><D:response><D:href>/dav/2019/03/IMG";
const QByteArray kHtml = "<html><head><title>502 Bad Gateway</title></head><body>upstream";
const QByteArray kBinary = QByteArray::fromHex("00ff3c3f786d6c00fefe3e3e3c2f");
const QByteArray kS3Cut =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult "
    "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Location>http://";
const QByteArray kS3ListCut =
    "<?xml version=\"1.0\"?><ListPartsResult><Bucket>photos</Bucket><Part>"
    "<PartNumber>1</PartNumber><ETag>\"0a";
const QByteArray kS3ErrorCut = "<?xml version=\"1.0\"?><Error><Code>SlowDo";

} // namespace

class TestChaosNetwork : public QObject
{
    Q_OBJECT

    struct Setup
    {
        QTemporaryDir dir;
        std::unique_ptr<NetRig> rig;
        std::unique_ptr<BackupFixture> fx;
    };

    static bool prepare(Setup& s, Server server, int files, int largeFiles = 0, quint32 seed = 7)
    {
        s.rig = std::make_unique<NetRig>(server, s.dir.path());
        QString error;
        if (!s.rig->start(&error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        s.fx = std::make_unique<BackupFixture>(s.dir.path());
        s.fx->makeLibrary(files, largeFiles, 3 * 1024 * 1024, seed);
        return s.fx->addLibrary() && s.rig->addTo(*s.fx, kDest) &&
               s.fx->setSetting(QStringLiteral("engine/maxTransfers"), QStringLiteral("2"));
    }

    static void audit(const Setup& s)
    {
        const AuditReport report = auditBackup(*s.fx, kDest, s.rig->holdings());
        QVERIFY2(report.ok(), qPrintable(report.text()));
        QCOMPARE(report.acknowledged, report.sourceFiles);
        QCOMPARE(s.rig->unfinishedUploads(), 0);
        QCOMPARE(failures(*s.fx).size(), 0);
    }

private Q_SLOTS:
    void initTestCase() { qputenv("KEEPSAKE_TRANSFER_TIMEOUT_MS", QByteArray::number(kTimeoutMs)); }

    // The server is away (nothing listens: connection refused), then comes back while the
    // backup waits: the jobs wait to retry with the reason, then complete in the same run.
    void refusedWhileTheServerIsDownThenItComesBack()
    {
        Setup s;
        QVERIFY(prepare(s, Server::Apache, 5));
        QVERIFY(s.rig->proxy().setDown(true));
        QProcess backup;
        backup.start(cliPath(), s.fx->argsFor({QStringLiteral("backup")}));
        QVERIFY(backup.waitForStarted());
        // Every job tried, refused, and waiting to retry: transient, with the reason.
        QJsonArray waiting;
        QElapsedTimer t;
        t.start();
        while (waiting.size() < 5 && t.elapsed() < 30000) {
            QTest::qWait(300);
            waiting = failures(*s.fx);
        }
        QCOMPARE(waiting.size(), 5);
        for (const QJsonValue& v : waiting) {
            const QJsonObject f = v.toObject();
            QCOMPARE(f.value(QStringLiteral("errorClass")).toString(), QStringLiteral("transient"));
            QVERIFY2(f.value(QStringLiteral("reason"))
                         .toString()
                         .contains(QStringLiteral("refused"), Qt::CaseInsensitive),
                     qPrintable(f.value(QStringLiteral("reason")).toString()));
        }
        QCOMPARE(s.rig->proxy().forwarded("PUT"), 0);
        QVERIFY(s.rig->proxy().setDown(false));
        QVERIFY(backup.waitForFinished(120000));
        QVERIFY2(backup.exitCode() == 0, backup.readAll() + backup.readAllStandardError());
        QCOMPARE(s.rig->proxy().injected(), 1);
        audit(s);
    }

    // nginx this time (tst_faults uses Apache): resets mid-body, a request held past the
    // client's timeout, an answer cut after the server did the work (the PUT that stores a file
    // straight under its name in a folder the run made; the server answers only once it has the
    // whole body, so its work is certain, where a held answer could meet a client that gave up
    // mid-body on a starved machine), other cut answers. One run, every fault used, and the file
    // whose PUT answer was lost is found complete rather than sent again.
    void resetsStallsAndCutAnswersInOneBackup()
    {
        Setup s;
        QVERIFY(prepare(s, Server::Nginx, 6));
        FaultProxy& p = s.rig->proxy();
        p.addRule({.fault = Fault::ResetMidBody, .method = "PUT", .count = 2, .bytes = 1000});
        p.addRule({.fault = Fault::Stall, .method = "PUT", .count = 1, .ms = kTimeoutMs + 1500});
        p.addRule({.fault = Fault::TruncateResponse, .method = "PUT", .count = 1, .bytes = 20});
        p.addRule(
            {.fault = Fault::TruncateResponse, .method = "PROPFIND", .count = 2, .bytes = 60});
        p.addRule({.fault = Fault::TruncateResponse, .method = "MKCOL", .count = 1, .bytes = 10});
        const QList<int> codes = backupUntilDone(*s.fx, 3);
        QVERIFY2(codes.last() == 0, s.fx->cli({QStringLiteral("failures")}).out);
        QCOMPARE(p.pendingRules(), 0);
        QCOMPARE(p.injected(), 7);
        audit(s);
        QVERIFY(historyMentions(*s.fx, QStringLiteral("found complete at the destination")) >= 1);
        QVERIFY(historyMentions(*s.fx, QStringLiteral("timed out")) >= 1); // the stall
    }

    // A PROPFIND answered 207 with garbage instead of XML (cut off, an HTML error page, binary)
    // must never read as "the file is there" or "it is not": it is an error, retried. The
    // answers to the requests that name the files are lost (the server did them), so the next
    // try asks whether the file is there, and those answers are garbled first. In folders the
    // run makes, the PUT names a file (its answer is cut: the server answers only once it has
    // the whole body); in the share's own folder (which was there), the MOVE (its answer held).
    void malformedPropfindAnswersAreRetriedNotBelieved_data()
    {
        QTest::addColumn<int>("server");
        QTest::addColumn<QByteArray>("naming");
        QTest::newRow("apache, new folders") << int(Server::Apache) << QByteArray("PUT");
        QTest::newRow("apache, existing folder") << int(Server::Apache) << QByteArray("MOVE");
        QTest::newRow("nginx, new folders") << int(Server::Nginx) << QByteArray("PUT");
        QTest::newRow("nginx, existing folder") << int(Server::Nginx) << QByteArray("MOVE");
    }
    void malformedPropfindAnswersAreRetriedNotBelieved()
    {
        QFETCH(int, server);
        QFETCH(QByteArray, naming);
        Setup s;
        QVERIFY(prepare(s, Server(server), 4));
        if (naming == "MOVE")
            QVERIFY(s.fx->setSetting(QStringLiteral("engine/remotePathTemplate"),
                                     QStringLiteral("{filename}")));
        else // one at a time: two first uploads racing to make a folder may both hear "exists"
            QVERIFY(s.fx->setSetting(QStringLiteral("engine/maxTransfers"), QStringLiteral("1")));
        FaultProxy& p = s.rig->proxy();
        if (naming == "PUT")
            p.addRule({.fault = Fault::TruncateResponse, .method = "PUT", .count = 2, .bytes = 20});
        else
            p.addRule({.fault = Fault::StallResponse, .method = "MOVE", .count = 2});
        for (const QByteArray& garbage : {kCutXml, kHtml, kBinary, kCutXml})
            p.addRule({.fault = Fault::ReplaceBody, .method = "PROPFIND", .body = garbage});
        const QList<int> codes = backupUntilDone(*s.fx, 3);
        QVERIFY2(codes.last() == 0, s.fx->cli({QStringLiteral("failures")}).out);
        QVERIFY2(p.injected() == 6, s.fx->cli({QStringLiteral("history")}).out);
        audit(s);
        // Each garbled answer ended its try as an error (a race check can share one).
        const QByteArray history = s.fx->cli({QStringLiteral("history"), QStringLiteral("--limit"),
                                              QStringLiteral("1000")})
                                       .out;
        QVERIFY2(historyMentions(*s.fx, QStringLiteral("malformed")) >= 2, history);
        QVERIFY2(historyMentions(*s.fx, QStringLiteral("found complete at the destination")) >= 2,
                 history);
    }

    // S3 answers garbled: CompleteMultipartUpload (done on the server, garbage to the client),
    // ListParts while resuming after a reset, error bodies cut in the middle.
    void malformedS3AnswersAreRetriedNotBelieved()
    {
        Setup s;
        QVERIFY(prepare(s, Server::S3, 3, 2));
        FaultProxy& p = s.rig->proxy();
        p.addRule(
            {.fault = Fault::ReplaceBody, .method = "POST", .target = "uploadId=", .body = kS3Cut});
        p.addRule({.fault = Fault::ResetMidBody,
                   .method = "PUT",
                   .bytes = 200 * 1024,
                   .target = "partNumber=2"});
        p.addRule({.fault = Fault::ReplaceBody,
                   .method = "GET",
                   .target = "uploadId=",
                   .body = kS3ListCut});
        // One 503 on a first part, whatever the order of the files: that attempt ends, and the
        // next resumes the upload with ListParts (whose answer is cut above). A part reset in
        // the middle alone is sent again within the attempt.
        p.addRule({.fault = Fault::Respond,
                   .method = "PUT",
                   .status = 503,
                   .target = "partNumber=1",
                   .body = kS3ErrorCut});
        p.addRule({.fault = Fault::Respond, .method = "PUT", .status = 503, .body = kS3ErrorCut});
        p.addRule({.fault = Fault::Respond, .method = "HEAD", .status = 500, .body = kBinary});
        const QList<int> codes = backupUntilDone(*s.fx, 3);
        QVERIFY2(codes.last() == 0, s.fx->cli({QStringLiteral("failures")}).out);
        QCOMPARE(p.pendingRules(), 0);
        QCOMPARE(p.injected(), 6);
        audit(s);
    }

    // A storm of 500/502/503 on every kind of request, then 429 with Retry-After: all retried,
    // the server's wait honoured, everything there in the end.
    void serverErrorStormsAndRateLimits_data()
    {
        QTest::addColumn<int>("server");
        QTest::newRow("apache") << int(Server::Apache);
        QTest::newRow("s3") << int(Server::S3);
    }
    void serverErrorStormsAndRateLimits()
    {
        QFETCH(int, server);
        Setup s;
        QVERIFY(prepare(s, Server(server), 6, Server(server) == Server::S3 ? 1 : 0));
        FaultProxy& p = s.rig->proxy();
        const int statuses[] = {500, 502, 503};
        // One of each on a request whose failure always ends its job and so must show in the
        // history: a PUT of a whole file (for S3 not a part PUT, which can be aborted unanswered
        // when a sibling part's failure ends the upload first). The rest on any request, where
        // an error can be absorbed (a failed MKCOL is fine when the folder turns out to be
        // there; a failed S3 folder listing leaves a HEAD per file; an aborted sibling part) and
        // need not show.
        const QByteArray notShown = Server(server) == Server::S3 ? "partNumber=" : "";
        for (const int status : statuses)
            p.addRule({.fault = Fault::Respond,
                       .method = "PUT",
                       .status = status,
                       .notTarget = notShown});
        for (int i = 0; i < 9; ++i)
            p.addRule({.fault = Fault::Respond, .status = statuses[i % 3]});
        p.addRule({.fault = Fault::Respond,
                   .method = "PUT",
                   .count = 2,
                   .status = 429,
                   .retryAfterSeconds = 3,
                   .notTarget = notShown});
        QElapsedTimer timer;
        timer.start();
        const QList<int> codes = backupUntilDone(*s.fx, 4);
        QVERIFY2(codes.last() == 0, s.fx->cli({QStringLiteral("failures")}).out);
        QCOMPARE(p.injected(), 14);
        QVERIFY(timer.elapsed() >= 3000); // the 429's Retry-After
        // On failure, the failures the history holds (QtTest cuts long messages).
        QString why;
        for (const QString& line :
             QString::fromUtf8(s.fx->cli({QStringLiteral("history"), QStringLiteral("--limit"),
                                          QStringLiteral("300")})
                                   .out)
                 .split(QLatin1Char('\n'))) {
            if (!line.contains(QLatin1String("acknowledged")) &&
                !line.contains(QLatin1String("succeeded")) &&
                !line.contains(QLatin1String("running")))
                why += line.section(QLatin1String(".jpg"), -1).left(90) + QLatin1Char('\n');
        }
        for (const char* status : {"HTTP 500", "HTTP 502", "HTTP 503", "HTTP 429"})
            QVERIFY2(historyMentions(*s.fx, QLatin1String(status)) >= 1,
                     qPrintable(QLatin1String(status) + QStringLiteral(" not in the history:\n") +
                                why.left(900)));
        audit(s);
    }

    // A host name that does not resolve: a clear reason naming the host, classed transient (a
    // lookup fails the same way when the network is away), retried a bounded number of times.
    void dnsFailureIsAClearTransientFailure()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        fx.makeLibrary(2);
        qputenv("KEEPSAKE_SECRET_NOWHERE", "x");
        QVERIFY(fx.addLibrary());
        QVERIFY(fx.addDestination(QStringLiteral("nowhere"),
                                  QStringLiteral("webdavs://alice@keepsake-chaos.invalid/dav")));
        QVERIFY(fx.setSetting(QStringLiteral("engine/maxAttempts"), QStringLiteral("2")));
        const CliResult r = fx.cli({QStringLiteral("backup")});
        QCOMPARE(r.exitCode, 12);
        const QJsonArray f = failures(fx);
        QCOMPARE(f.size(), 2);
        for (const QJsonValue& v : f) {
            const QString reason = v.toObject().value(QStringLiteral("reason")).toString();
            QCOMPARE(v.toObject().value(QStringLiteral("errorClass")).toString(),
                     QStringLiteral("transient"));
            QVERIFY2(reason.contains(QStringLiteral("keepsake-chaos.invalid")) &&
                         reason.contains(QStringLiteral("not found")) &&
                         reason.contains(QStringLiteral("gave up after 2 attempts")),
                     qPrintable(reason));
        }
    }

    // TLS to a server that speaks plain HTTP: fails closed, permanent, says the secure
    // connection failed, and nothing reaches the server.
    void tlsHandshakeFailureFailsClosed_data()
    {
        QTest::addColumn<int>("server");
        QTest::newRow("webdav") << int(Server::Apache);
        QTest::newRow("s3") << int(Server::S3);
    }
    void tlsHandshakeFailureFailsClosed()
    {
        QFETCH(int, server);
        Setup s;
        QVERIFY(prepare(s, Server(server), 2));
        // https straight to the server's plain-HTTP port (the proxy only speaks HTTP).
        QString url = s.rig->url().replace(QString::number(s.rig->proxy().port()),
                                           QString::number(s.rig->serverPort()));
        url = Server(server) == Server::S3
                  ? url.replace(QStringLiteral("endpoint=http://"),
                                QStringLiteral("endpoint=https://"))
                  : url.replace(QStringLiteral("webdav://"), QStringLiteral("webdavs://"));
        QVERIFY(
            s.fx->cli({QStringLiteral("destination"), QStringLiteral("remove"), kDest}).exitCode ==
            0);
        QVERIFY(s.fx->addDestination(kDest, url));
        const CliResult r = s.fx->cli({QStringLiteral("backup")});
        QCOMPARE(r.exitCode, 12);
        const QJsonArray f = failures(*s.fx);
        QCOMPARE(f.size(), 2);
        for (const QJsonValue& v : f) {
            const QString reason = v.toObject().value(QStringLiteral("reason")).toString();
            QVERIFY2(v.toObject().value(QStringLiteral("errorClass")).toString() ==
                         QLatin1String("permanent"),
                     qPrintable(QJsonDocument(v.toObject()).toJson()));
            QVERIFY2(reason.contains(QStringLiteral("secure connection failed")),
                     qPrintable(reason));
        }
        QVERIFY(s.rig->holdings().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestChaosNetwork)
#include "tst_chaos_network.moc"
