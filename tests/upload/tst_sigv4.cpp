// SigV4Signer against signatures AWS published: the aws-sig-v4-test-suite (key AKIDEXAMPLE,
// 2015-08-30 12:36:00 UTC, us-east-1, service "service") and the GET Object example of the S3
// API reference ("Signature Calculations for the Authorization Header").
#include "upload/S3Settings.h"
#include "upload/SigV4Signer.h"

#include <QNetworkRequest>
#include <QTest>
#include <QUrl>

using namespace ks;

namespace {
const QDateTime kSuiteTime(QDate(2015, 8, 30), QTime(12, 36), Qt::UTC);
const QByteArray kEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

SigV4Signer suiteSigner()
{
    return SigV4Signer(QStringLiteral("AKIDEXAMPLE"),
                       QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                       QStringLiteral("us-east-1"), QStringLiteral("service"));
}

QList<SigV4Signer::Header> suiteHeaders()
{
    return {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
}
} // namespace

class TestSigV4 : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void getVanilla()
    {
        const auto s =
            suiteSigner().compute("GET", QUrl(QStringLiteral("https://example.amazonaws.com/")),
                                  suiteHeaders(), kEmptyHash, kSuiteTime);
        QCOMPARE(s.canonicalRequest,
                 QByteArray("GET\n/\n\nhost:example.amazonaws.com\n"
                            "x-amz-date:20150830T123600Z\n\nhost;x-amz-date\n") +
                     kEmptyHash);
        QCOMPARE(s.stringToSign,
                 QByteArray("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/"
                            "aws4_request\n"
                            "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"));
        QCOMPARE(s.authorization,
                 QByteArray(
                     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                     "aws4_request, SignedHeaders=host;x-amz-date, "
                     "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
    }

    void getVanillaQueryOrderKeyCase()
    {
        const auto s = suiteSigner().compute(
            "GET",
            QUrl(QStringLiteral("https://example.amazonaws.com/?Param2=value2&Param1=value1")),
            suiteHeaders(), kEmptyHash, kSuiteTime);
        QVERIFY(s.canonicalRequest.contains("\n/\nParam1=value1&Param2=value2\n"));
        QVERIFY(s.stringToSign.endsWith(
            "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0"));
        QCOMPARE(s.signature,
                 QByteArray("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"));
    }

    void postXWwwFormUrlencoded()
    {
        auto headers = suiteHeaders();
        headers.append(SigV4Signer::Header("Content-Type", "application/x-www-form-urlencoded"));
        const QByteArray body = "Param1=value1";
        QCOMPARE(SigV4Signer::payloadHash(body),
                 QByteArray("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"));
        const auto s =
            suiteSigner().compute("POST", QUrl(QStringLiteral("https://example.amazonaws.com/")),
                                  headers, SigV4Signer::payloadHash(body), kSuiteTime);
        QVERIFY(s.stringToSign.endsWith(
            "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281"));
        QCOMPARE(s.authorization,
                 QByteArray(
                     "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                     "aws4_request, SignedHeaders=content-type;host;x-amz-date, "
                     "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"));
    }

    void getUtf8AndUnreservedPaths()
    {
        // get-utf8: the path "/ሴ" is signed as /%E1%88%B4.
        auto s =
            suiteSigner().compute("GET", QUrl(QStringLiteral("https://example.amazonaws.com/ሴ")),
                                  suiteHeaders(), kEmptyHash, kSuiteTime);
        QVERIFY(s.canonicalRequest.startsWith("GET\n/%E1%88%B4\n"));
        QCOMPARE(s.signature,
                 QByteArray("8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"));
        // get-unreserved: nothing of A-Z a-z 0-9 - . _ ~ is encoded.
        s = suiteSigner().compute(
            "GET",
            QUrl(QStringLiteral(
                "https://example.amazonaws.com/"
                "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")),
            suiteHeaders(), kEmptyHash, kSuiteTime);
        QCOMPARE(s.signature,
                 QByteArray("07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"));
    }

    void s3GetObjectExample()
    {
        const SigV4Signer signer(QStringLiteral("AKIAIOSFODNN7EXAMPLE"),
                                 QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                                 QStringLiteral("us-east-1"));
        const QList<SigV4Signer::Header> headers{{"Host", "examplebucket.s3.amazonaws.com"},
                                                 {"Range", "bytes=0-9"},
                                                 {"x-amz-content-sha256", kEmptyHash},
                                                 {"x-amz-date", "20130524T000000Z"}};
        const auto s = signer.compute(
            "GET", QUrl(QStringLiteral("https://examplebucket.s3.amazonaws.com/test.txt")), headers,
            kEmptyHash, QDateTime(QDate(2013, 5, 24), QTime(0, 0), Qt::UTC));
        QCOMPARE(
            s.canonicalRequest,
            QByteArray("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
                       "x-amz-content-sha256:") +
                kEmptyHash +
                "\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;"
                "x-amz-date\n" +
                kEmptyHash);
        QVERIFY(s.stringToSign.endsWith(
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"));
        QCOMPARE(s.signature,
                 QByteArray("f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
    }

    void signingARequestSetsItsHeaders()
    {
        // The same S3 example through sign(): Host comes from the URL, the rest is added.
        const SigV4Signer signer(QStringLiteral("AKIAIOSFODNN7EXAMPLE"),
                                 QStringLiteral("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                                 QStringLiteral("us-east-1"));
        QNetworkRequest req(
            QUrl(QStringLiteral("https://examplebucket.s3.amazonaws.com/test.txt")));
        req.setRawHeader("Range", "bytes=0-9");
        signer.sign(req, "GET", kEmptyHash, QDateTime(QDate(2013, 5, 24), QTime(0, 0), Qt::UTC));
        QCOMPARE(req.rawHeader("Host"), QByteArray("examplebucket.s3.amazonaws.com"));
        QCOMPARE(req.rawHeader("x-amz-date"), QByteArray("20130524T000000Z"));
        QVERIFY(req.rawHeader("Authorization")
                    .endsWith("Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6"
                              "036bdb41"));
    }

    void uriEncodingFollowsAwsRules()
    {
        QCOMPARE(SigV4Signer::uriEncode("a b+c/d~e", true), QByteArray("a%20b%2Bc/d~e"));
        QCOMPARE(SigV4Signer::uriEncode("a b+c/d~e", false), QByteArray("a%20b%2Bc%2Fd~e"));
        QCOMPARE(SigV4Signer::canonicalQuery(QUrl(QStringLiteral("http://h/?uploads"))),
                 QByteArray("uploads="));
        QCOMPARE(SigV4Signer::canonicalQuery(
                     QUrl(QStringLiteral("http://h/?prefix=a%2Fb&list-type=2&max-keys=1"))),
                 QByteArray("list-type=2&max-keys=1&prefix=a%2Fb"));
        QCOMPARE(SigV4Signer::hostHeader(QUrl(QStringLiteral("https://h.example:443/x"))),
                 QByteArray("h.example"));
        QCOMPARE(SigV4Signer::hostHeader(QUrl(QStringLiteral("http://127.0.0.1:9000/x"))),
                 QByteArray("127.0.0.1:9000"));
    }

    void settingsFromUrl()
    {
        S3Settings s;
        Error e;
        QVERIFY(S3Settings::fromUrl(
            QUrl(QStringLiteral("s3://KEY@bucket/my%20photos?endpoint=https://s3.example:443"
                                "&region=eu-west-1&style=virtual")),
            &s, &e));
        QCOMPARE(s.bucket, QStringLiteral("bucket"));
        QCOMPARE(s.prefix, QStringLiteral("my photos/"));
        QCOMPARE(s.region, QStringLiteral("eu-west-1"));
        QCOMPARE(s.accessKeyId, QStringLiteral("KEY"));
        QVERIFY(!s.pathStyle);
        QCOMPARE(s.urlFor(s.keyFor(QStringLiteral("2019/03/a b.jpg"))).toString(QUrl::FullyEncoded),
                 QStringLiteral("https://bucket.s3.example/my%20photos/2019/03/a%20b.jpg"));
        QVERIFY(S3Settings::fromUrl(
            QUrl(QStringLiteral("s3://KEY@bucket?endpoint=http://127.0.0.1:9000&style=path")), &s,
            &e));
        QCOMPARE(s.urlFor(QStringLiteral("x/y")).toString(),
                 QStringLiteral("http://127.0.0.1:9000/bucket/x/y"));
        // Plain http leaves the machine only when asked to.
        QVERIFY(!S3Settings::fromUrl(
            QUrl(QStringLiteral("s3://KEY@bucket?endpoint=http://nas.example:9000")), &s, &e));
        QVERIFY(e.message.contains(QStringLiteral("unencrypted")));
        QVERIFY(S3Settings::fromUrl(
            QUrl(QStringLiteral("s3://KEY@bucket?endpoint=http://nas.example:9000&insecure=1")), &s,
            &e));
        // Secrets never go into the URL; parts below S3's 5 MiB only on loopback.
        QVERIFY(!S3Settings::fromUrl(QUrl(QStringLiteral("s3://KEY:secret@bucket")), &s, &e));
        QVERIFY(!S3Settings::fromUrl(
            QUrl(QStringLiteral("s3://KEY@bucket?endpoint=https://s3.example&part_size=1M")), &s,
            &e));
        QVERIFY(S3Settings::fromUrl(
            QUrl(QStringLiteral("s3://KEY@bucket?endpoint=http://127.0.0.1:1&part_size=1M")), &s,
            &e));
        QCOMPARE(s.partSize, S3Settings::kMiB);
    }

    void wholeFilesUpToOneGiBOnTheLocalNetwork()
    {
        const auto threshold = [](const QString& query) {
            S3Settings s;
            Error e;
            const bool ok = S3Settings::fromUrl(
                QUrl(QStringLiteral("s3://KEY@bucket?insecure=1&") + query), &s, &e);
            return ok ? s.effectiveMultipartThreshold() : -1;
        };
        const qint64 local = S3Settings::kLocalMultipartThreshold;
        const qint64 remote = S3Settings::kDefaultMultipartThreshold;
        QCOMPARE(local, 1024 * S3Settings::kMiB);
        QCOMPARE(remote, 64 * S3Settings::kMiB);
        for (const char* host :
             {"http://127.0.0.1:9000", "http://localhost:9000", "http://[::1]:9000",
              "http://10.1.2.3", "http://172.16.0.9", "http://172.31.255.1",
              "http://192.168.1.20:9000", "http://169.254.3.4", "http://[fd12:3456::1]:9000",
              "http://[fe80::1]:9000", "https://nas:9000", "https://diskstation.local"})
            QCOMPARE(threshold(QStringLiteral("endpoint=") + QLatin1String(host)), local);
        for (const char* host :
             {"https://s3.eu-west-1.amazonaws.com", "https://172.32.0.1", "https://11.0.0.1",
              "https://192.169.1.1", "https://[2001:db8::1]", "https://minio.example.org"})
            QCOMPARE(threshold(QStringLiteral("endpoint=") + QLatin1String(host)), remote);
        QCOMPARE(threshold(QStringLiteral("region=eu-west-1")), remote); // AWS itself
        // Said in the URL, it holds anywhere.
        QCOMPARE(threshold(QStringLiteral("endpoint=http://127.0.0.1:9000&multipart_threshold=8M")),
                 8 * S3Settings::kMiB);
        QCOMPARE(threshold(QStringLiteral("endpoint=https://s3.example&multipart_threshold=2G")),
                 2048 * S3Settings::kMiB);
    }

    void partSizeKeepsWithinTenThousandParts()
    {
        S3Settings s;
        QCOMPARE(s.partSizeFor(100 * S3Settings::kMiB), 8 * S3Settings::kMiB);
        const qint64 huge = 200LL * 1024 * S3Settings::kMiB; // 200 GiB
        const qint64 part = s.partSizeFor(huge);
        QVERIFY((huge + part - 1) / part <= S3Settings::kMaxParts);
        QCOMPARE(part % S3Settings::kMiB, 0);
    }
};

QTEST_GUILESS_MAIN(TestSigV4)
#include "tst_sigv4.moc"
