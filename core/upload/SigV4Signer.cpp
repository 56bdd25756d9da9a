#include "SigV4Signer.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>
#include <QNetworkRequest>
#include <QUrl>
#include <algorithm>

namespace ks {

namespace {

QByteArray hmac(const QByteArray& key, const QByteArray& message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

// Header values are trimmed and inner runs of spaces collapse to one, as AWS does before signing.
QByteArray canonicalValue(const QByteArray& value)
{
    return value.simplified();
}

} // namespace

const QByteArray SigV4Signer::kUnsignedPayload = QByteArrayLiteral("UNSIGNED-PAYLOAD");

SigV4Signer::SigV4Signer(const QString& accessKeyId, const QString& secret, const QString& region,
                         const QString& service)
    : m_accessKeyId(accessKeyId.toUtf8()), m_region(region.toUtf8()), m_service(service.toUtf8()),
      m_secretKey("AWS4" + secret.toUtf8())
{
}

QByteArray SigV4Signer::payloadHash(const QByteArray& body)
{
    return QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex();
}

QByteArray SigV4Signer::uriEncode(const QByteArray& bytes, bool keepSlash)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    out.reserve(bytes.size() * 3);
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
            u == '-' || u == '_' || u == '.' || u == '~' || (keepSlash && u == '/')) {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 0xF];
        }
    }
    return out;
}

QByteArray SigV4Signer::canonicalUri(const QUrl& url)
{
    const QByteArray path = url.path(QUrl::FullyDecoded).toUtf8();
    return path.isEmpty() ? QByteArrayLiteral("/") : uriEncode(path, true);
}

QByteArray SigV4Signer::canonicalQuery(const QUrl& url)
{
    const QByteArray query = url.query(QUrl::FullyEncoded).toLatin1();
    if (query.isEmpty())
        return {};
    QList<std::pair<QByteArray, QByteArray>> pairs;
    for (const QByteArray& item : query.split('&')) {
        if (item.isEmpty())
            continue;
        const qsizetype eq = item.indexOf('=');
        const QByteArray name = eq < 0 ? item : item.left(eq);
        const QByteArray value = eq < 0 ? QByteArray() : item.mid(eq + 1);
        // Decode what the URL carries, then encode strictly: the server does the same, so
        // both sides agree however the URL happened to be escaped.
        pairs.append({uriEncode(QByteArray::fromPercentEncoding(name), false),
                      uriEncode(QByteArray::fromPercentEncoding(value), false)});
    }
    std::sort(pairs.begin(), pairs.end());
    QByteArray out;
    for (const auto& [name, value] : pairs) {
        if (!out.isEmpty())
            out += '&';
        out += name + '=' + value;
    }
    return out;
}

QByteArray SigV4Signer::hostHeader(const QUrl& url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int port = url.port();
    const bool defaultPort = port == -1 ||
                             (port == 443 && url.scheme() == QLatin1String("https")) ||
                             (port == 80 && url.scheme() == QLatin1String("http"));
    return defaultPort ? host : host + ':' + QByteArray::number(port);
}

QByteArray SigV4Signer::amzDate(const QDateTime& when)
{
    return when.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

SigV4Signer::Signature SigV4Signer::compute(const QByteArray& method, const QUrl& url,
                                            const QList<Header>& headers,
                                            const QByteArray& payloadHash,
                                            const QDateTime& when) const
{
    QList<Header> sorted;
    for (const auto& [name, value] : headers)
        sorted.append({name.toLower(), canonicalValue(value)});
    std::sort(sorted.begin(), sorted.end(),
              [](const Header& a, const Header& b) { return a.first < b.first; });
    QByteArray canonicalHeaders;
    QByteArray signedHeaders;
    for (qsizetype i = 0; i < sorted.size(); ++i) {
        // Repeated names are one header whose values are joined with commas.
        if (i > 0 && sorted[i].first == sorted[i - 1].first) {
            canonicalHeaders.chop(1);
            canonicalHeaders += ',' + sorted[i].second + '\n';
            continue;
        }
        canonicalHeaders += sorted[i].first + ':' + sorted[i].second + '\n';
        if (!signedHeaders.isEmpty())
            signedHeaders += ';';
        signedHeaders += sorted[i].first;
    }

    Signature s;
    s.canonicalRequest = method.toUpper() + '\n' + canonicalUri(url) + '\n' + canonicalQuery(url) +
                         '\n' + canonicalHeaders + '\n' + signedHeaders + '\n' + payloadHash;
    const QByteArray stamp = amzDate(when);
    const QByteArray day = stamp.left(8);
    const QByteArray scope = day + '/' + m_region + '/' + m_service + "/aws4_request";
    s.stringToSign =
        "AWS4-HMAC-SHA256\n" + stamp + '\n' + scope + '\n' +
        QCryptographicHash::hash(s.canonicalRequest, QCryptographicHash::Sha256).toHex();
    const QByteArray key =
        hmac(hmac(hmac(hmac(m_secretKey, day), m_region), m_service), "aws4_request");
    s.signature = hmac(key, s.stringToSign).toHex();
    s.authorization = "AWS4-HMAC-SHA256 Credential=" + m_accessKeyId + '/' + scope +
                      ", SignedHeaders=" + signedHeaders + ", Signature=" + s.signature;
    return s;
}

void SigV4Signer::sign(QNetworkRequest& request, const QByteArray& method,
                       const QByteArray& payloadHash, const QDateTime& now) const
{
    // Host is set explicitly so the value signed is exactly the value sent.
    request.setRawHeader("Host", hostHeader(request.url()));
    request.setRawHeader("x-amz-date", amzDate(now));
    request.setRawHeader("x-amz-content-sha256", payloadHash);
    QList<Header> headers;
    for (const QByteArray& name : request.rawHeaderList()) {
        const QByteArray lower = name.toLower();
        if (lower == "content-length" || lower == "authorization")
            continue;
        headers.append({name, request.rawHeader(name)});
    }
    request.setRawHeader("Authorization",
                         compute(method, request.url(), headers, payloadHash, now).authorization);
}

} // namespace ks
