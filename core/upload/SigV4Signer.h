#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <utility>

class QNetworkRequest;
class QUrl;

namespace ks {

// AWS Signature Version 4 (header form), as S3 and S3-compatible servers check it. The secret
// stays in memory only: the signing key is derived from it per day, region and service.
//
// The path is encoded once, as S3 wants it (other AWS services encode it twice and normalise
// "." and ".." segments; Keepsake only talks to S3, so that variant is left out).
class SigV4Signer
{
public:
    using Header = std::pair<QByteArray, QByteArray>;

    struct Signature
    {
        QByteArray canonicalRequest;
        QByteArray stringToSign;
        QByteArray signature;     // lowercase hex
        QByteArray authorization; // value of the Authorization header
    };

    // x-amz-content-sha256 for bodies streamed from disk whose SHA-256 is not known up front
    // (parts are protected by Content-MD5 instead).
    static const QByteArray kUnsignedPayload;

    SigV4Signer(const QString& accessKeyId, const QString& secret, const QString& region,
                const QString& service = QStringLiteral("s3"));

    // Signs `request` for `method`: sets Host, x-amz-date, x-amz-content-sha256 and
    // Authorization. Every raw header already on the request except Content-Length is signed,
    // so a header changed on the way is refused by the server.
    void sign(QNetworkRequest& request, const QByteArray& method, const QByteArray& payloadHash,
              const QDateTime& now = QDateTime::currentDateTimeUtc()) const;

    // The computation itself, for a request given piece by piece. `headers` are signed as given
    // (names in any case; Host and X-Amz-Date must be among them).
    Signature compute(const QByteArray& method, const QUrl& url, const QList<Header>& headers,
                      const QByteArray& payloadHash, const QDateTime& when) const;

    // Hex SHA-256 of a body, for x-amz-content-sha256 and the canonical request.
    static QByteArray payloadHash(const QByteArray& body);
    // AWS URI encoding: every byte except A-Z a-z 0-9 - _ . ~ becomes %XX (uppercase hex);
    // '/' is kept when `keepSlash` (paths) and encoded otherwise (query names and values).
    static QByteArray uriEncode(const QByteArray& bytes, bool keepSlash);
    static QByteArray canonicalUri(const QUrl& url);
    static QByteArray canonicalQuery(const QUrl& url);
    // "host[:port]" as the request's Host header carries it (default ports left out).
    static QByteArray hostHeader(const QUrl& url);
    static QByteArray amzDate(const QDateTime& when);

private:
    QByteArray m_accessKeyId;
    QByteArray m_region;
    QByteArray m_service;
    QByteArray m_secretKey; // "AWS4" + secret: the root of the daily signing key
};

} // namespace ks
