// Failure tests: keepsake-cli backs up to a real Apache WebDAV server through a fault-injecting
// proxy (tests/support/FaultProxy) that resets connections mid-body, answers 5xx and 429 with
// Retry-After, truncates answers and stalls. Each test asserts what ends up on the server.
#include "ApacheDav.h"
#include "BackupFixture.h"
#include "FaultProxy.h"
#include "S3rver.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;
using Fault = FaultProxy::Fault;

class TestFaults : public QObject
{
    Q_OBJECT

    struct Setup
    {
        QTemporaryDir dir;
        std::unique_ptr<ApacheDav> dav;
        std::unique_ptr<FaultProxy> proxy;
        std::unique_ptr<BackupFixture> fx;
    };

    // Apache, the proxy in front of it, and a profile whose destination goes through the proxy.
    static bool prepare(Setup& s, int files, int largeFiles = 0)
    {
        s.dav = std::make_unique<ApacheDav>(s.dir.filePath(QStringLiteral("apache")),
                                            QStringLiteral("fault-pass"));
        QString error;
        if (!s.dav->start(&error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        s.proxy = std::make_unique<FaultProxy>(s.dav->port());
        if (!s.proxy->start())
            return false;
        s.fx = std::make_unique<BackupFixture>(s.dir.path());
        s.fx->makeLibrary(files, largeFiles, 3 * 1024 * 1024, 7);
        const QString url = QStringLiteral("webdav://alice@127.0.0.1:%1/dav").arg(s.proxy->port());
        return s.fx->addLibrary() && s.fx->addDestination(QStringLiteral("dav"), url) &&
               s.fx->setSetting(QStringLiteral("engine/maxTransfers"), QStringLiteral("2"));
    }

    // An S3 destination URL for s3rver reached through the proxy, multipart from 2 MiB in 1 MiB
    // parts. The signature covers the host the client talks to, so the URL names the proxy.
    static QString s3ThroughProxy(const S3rver& server, const FaultProxy& proxy,
                                  const QString& prefix)
    {
        return server.url(prefix, QStringLiteral("multipart_threshold=2M&part_size=1M"))
            .replace(QStringLiteral("127.0.0.1:%1").arg(server.port()),
                     QStringLiteral("127.0.0.1:%1").arg(proxy.port()));
    }

    static QJsonArray failures(const BackupFixture& fx)
    {
        return QJsonDocument::fromJson(
                   fx.cli({QStringLiteral("--json"), QStringLiteral("failures")}).out)
            .object()
            .value(QStringLiteral("failures"))
            .toArray();
    }

    // Events of the history whose message mentions `text`.
    static int historyMentions(const BackupFixture& fx, const QString& text)
    {
        const QJsonArray events =
            QJsonDocument::fromJson(fx.cli({QStringLiteral("--json"), QStringLiteral("history"),
                                            QStringLiteral("--limit"), QStringLiteral("1000")})
                                        .out)
                .object()
                .value(QStringLiteral("events"))
                .toArray();
        int n = 0;
        for (const QJsonValue& e : events)
            n += QJsonDocument(e.toObject()).toJson().contains(text.toUtf8());
        return n;
    }

    // `flat`: the remote path template was "{filename}" (every file in the share's own folder).
    static void expectExactCopy(const Setup& s, bool flat = false)
    {
        const auto got = BackupFixture::hashesUnder(s.dav->dataDir());
        QMap<QString, QByteArray> expected;
        const QMap<QString, QByteArray> dated = s.fx->expectedAtDestination();
        for (auto it = dated.cbegin(); it != dated.cend(); ++it)
            expected.insert(flat ? it.key().section(QLatin1Char('/'), -1) : it.key(), it.value());
        QCOMPARE(got, expected); // no .part file left, nothing missing
    }

private Q_SLOTS:
    void init() { qputenv("KEEPSAKE_SECRET_DAV", "fault-pass"); }

    void connectionResetMidBodyIsRetried()
    {
        Setup s;
        QVERIFY(prepare(s, 4, 2));
        s.proxy->addRule(
            {.fault = Fault::ResetMidBody, .method = "PUT", .count = 3, .bytes = 256 * 1024});
        const CliResult r = s.fx->cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QCOMPARE(s.proxy->injected(), 3);
        expectExactCopy(s);
        QCOMPARE(failures(*s.fx).size(), 0);
    }

    void serverErrorsAndRateLimitsAreRetriedHonouringRetryAfter()
    {
        Setup s;
        QVERIFY(prepare(s, 3));
        s.proxy->addRule({.fault = Fault::Respond,
                          .method = "PUT",
                          .count = 2,
                          .status = 503,
                          .retryAfterSeconds = 1});
        s.proxy->addRule({.fault = Fault::Respond,
                          .method = "PUT",
                          .count = 1,
                          .status = 429,
                          .retryAfterSeconds = 3});
        QElapsedTimer timer;
        timer.start();
        const CliResult r = s.fx->cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QCOMPARE(s.proxy->injected(), 3);
        expectExactCopy(s);
        QVERIFY(historyMentions(*s.fx, QStringLiteral("HTTP 503")) >= 2);
        QVERIFY(historyMentions(*s.fx, QStringLiteral("HTTP 429")) >= 1);
        // The server asked for 3 s before the next try of the rate-limited file.
        QVERIFY(timer.elapsed() >= 3000);
    }

    // The server named the file, the client never heard it: cut two answers in the middle of
    // their head. In folders the run makes, the PUT names a file; in the share's own folder
    // (which was there), the MOVE after it. (It cut PROPFIND answers once, but a backup of
    // three files asks a PROPFIND only when two folder creations race.)
    void truncatedAnswersAreRetried_data()
    {
        QTest::addColumn<QByteArray>("naming");
        QTest::newRow("new folders") << QByteArray("PUT");
        QTest::newRow("existing folder") << QByteArray("MOVE");
    }
    void truncatedAnswersAreRetried()
    {
        QFETCH(QByteArray, naming);
        Setup s;
        QVERIFY(prepare(s, 3));
        if (naming == "MOVE")
            QVERIFY(s.fx->setSetting(QStringLiteral("engine/remotePathTemplate"),
                                     QStringLiteral("{filename}")));
        else // one at a time: two first uploads racing to make a folder may both hear "exists"
            QVERIFY(s.fx->setSetting(QStringLiteral("engine/maxTransfers"), QStringLiteral("1")));
        s.proxy->addRule(
            {.fault = Fault::TruncateResponse, .method = naming, .count = 2, .bytes = 40});
        const CliResult r = s.fx->cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QCOMPARE(s.proxy->injected(), 2);
        QCOMPARE(s.proxy->forwarded("MOVE") > 0, naming == "MOVE");
        expectExactCopy(s, naming == "MOVE");
    }

    void aStallShorterThanTheTimeoutIsWaitedOut()
    {
        Setup s;
        QVERIFY(prepare(s, 2));
        s.proxy->addRule({.fault = Fault::Stall, .method = "PUT", .count = 1, .ms = 2500});
        const CliResult r = s.fx->cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QCOMPARE(s.proxy->injected(), 1);
        expectExactCopy(s);
    }

    void s3SurvivesResetsServerErrorsAndCutAnswers()
    {
        const QString key = QStringLiteral("FAULTKEY");
        const QString secret = QStringLiteral("fault-secret-0123");
        qputenv("KEEPSAKE_SECRET_S3", secret.toUtf8());
        QTemporaryDir dir;
        S3rver server(dir.filePath(QStringLiteral("s3rver")), key, secret);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        FaultProxy proxy(server.port());
        QVERIFY(proxy.start());
        BackupFixture fx(dir.path());
        // Small photos as single PUTs, two 3 MiB files as multipart uploads of 1 MiB parts.
        fx.makeLibrary(4, 2, 3 * 1024 * 1024, 13);
        const QString url = s3ThroughProxy(server, proxy, QStringLiteral("faults"));
        QVERIFY(fx.addLibrary());
        QVERIFY(fx.addDestination(QStringLiteral("s3"), url));
        proxy.addRule(
            {.fault = Fault::ResetMidBody, .method = "PUT", .count = 2, .bytes = 300 * 1024});
        proxy.addRule({.fault = Fault::Respond,
                       .method = "PUT",
                       .count = 2,
                       .status = 503,
                       .retryAfterSeconds = 1});
        proxy.addRule({.fault = Fault::Respond, .method = "POST", .count = 1, .status = 500});
        // The folder's listing cut short, twice: each upload then asks with a HEAD of its own.
        proxy.addRule({.fault = Fault::TruncateResponse,
                       .method = "GET",
                       .count = 2,
                       .bytes = 20,
                       .target = "list-type=2"});
        const CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err + fx.cli({QStringLiteral("failures")}).out);
        QCOMPARE(proxy.injected(), 7);
        QCOMPARE(server.objectHashes(QStringLiteral("faults/")), fx.expectedAtDestination());
        QCOMPARE(server.unfinishedUploads(), 0);
    }

    // The server begins a multipart upload but its answer (the upload id) is lost; Qt sends the
    // POST again by itself and a second upload begins. The first must be found and aborted, or
    // its parts stay on the server, billed and unnamed.
    void s3AbortsAnUploadWhoseStartWasNotHeard()
    {
        const QString key = QStringLiteral("FAULTKEY");
        const QString secret = QStringLiteral("fault-secret-0123");
        qputenv("KEEPSAKE_SECRET_S3", secret.toUtf8());
        QTemporaryDir dir;
        S3rver server(dir.filePath(QStringLiteral("s3rver")), key, secret);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        FaultProxy proxy(server.port());
        QVERIFY(proxy.start());
        BackupFixture fx(dir.path());
        fx.makeLibrary(1, 3, 3 * 1024 * 1024, 21); // three multipart uploads
        const QString url = s3ThroughProxy(server, proxy, QStringLiteral("lost"));
        QVERIFY(fx.addLibrary());
        QVERIFY(fx.addDestination(QStringLiteral("s3"), url));
        // CreateMultipartUpload reaches s3rver; the connection closes before its answer.
        proxy.addRule({.fault = Fault::TruncateResponse,
                       .method = "POST",
                       .count = 2,
                       .bytes = 0,
                       .target = "?uploads"});
        const CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err + fx.cli({QStringLiteral("failures")}).out);
        QCOMPARE(proxy.injected(), 2);
        QCOMPARE(server.objectHashes(QStringLiteral("lost/")), fx.expectedAtDestination());
        QCOMPARE(server.unfinishedUploads(), 0);
        QCOMPARE(proxy.forwarded("DELETE"), 2); // exactly the two lost uploads were aborted
    }

    void aFullServerIsAPermanentFailureWithItsReason()
    {
        Setup s;
        QVERIFY(prepare(s, 2));
        s.proxy->addRule({.fault = Fault::Respond, .method = "PUT", .count = 1000, .status = 507});
        const CliResult r = s.fx->cli({QStringLiteral("backup")});
        QCOMPARE(r.exitCode, 12);
        const QJsonArray f = failures(*s.fx);
        QCOMPARE(f.size(), 2);
        for (const QJsonValue& v : f) {
            QCOMPARE(v.toObject().value(QStringLiteral("errorClass")).toString(),
                     QStringLiteral("permanent"));
            QVERIFY(v.toObject()
                        .value(QStringLiteral("reason"))
                        .toString()
                        .contains(QStringLiteral("out of space")));
        }
        // Tried once each, not in a loop.
        QCOMPARE(s.proxy->injected(), 2);
        QCOMPARE(s.proxy->forwarded("PUT"), 0);
        QVERIFY(BackupFixture::hashesUnder(s.dav->dataDir()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
