#include "S3Settings.h"

#include "SigV4Signer.h"

#include <QHostAddress>
#include <QUrlQuery>

namespace ks {

namespace {

// "8388608", "8M", "512K", "1G".
qint64 parseSize(const QString& text, bool* ok)
{
    QString t = text.trimmed().toUpper();
    qint64 unit = 1;
    if (t.endsWith(QLatin1Char('K')))
        unit = 1024;
    else if (t.endsWith(QLatin1Char('M')))
        unit = S3Settings::kMiB;
    else if (t.endsWith(QLatin1Char('G')))
        unit = 1024 * S3Settings::kMiB;
    if (unit != 1)
        t.chop(1);
    const qint64 n = t.toLongLong(ok);
    *ok = *ok && n > 0;
    return n * unit;
}

} // namespace

bool S3Settings::isLoopbackHost(const QString& host)
{
    return host == QLatin1String("localhost") || host.startsWith(QLatin1String("127.")) ||
           host == QLatin1String("::1");
}

bool S3Settings::isLocalNetworkHost(const QString& host)
{
    if (isLoopbackHost(host))
        return true;
    QHostAddress address;
    if (!address.setAddress(host)) {
        // A host name: "nas", "diskstation.local" (mDNS) name machines on the local network.
        return !host.contains(QLatin1Char('.')) || host.endsWith(QLatin1String(".local"));
    }
    if (address.isLoopback() || address.isLinkLocal())
        return true;
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        const quint32 a = address.toIPv4Address();
        return (a >> 24) == 10 || (a >> 20) == ((172u << 4) | 1) ||
               (a >> 16) == ((192u << 8) | 168);
    }
    return (address.toIPv6Address()[0] & 0xfe) == 0xfc; // unique local, fc00::/7
}

qint64 S3Settings::effectiveMultipartThreshold() const
{
    if (multipartThreshold > 0)
        return multipartThreshold;
    return isLocalNetworkHost(endpoint.host()) ? kLocalMultipartThreshold
                                               : kDefaultMultipartThreshold;
}

bool S3Settings::fromUrl(const QUrl& url, S3Settings* out, Error* error)
{
    S3Settings s;
    const QUrlQuery query(url);
    auto fail = [error](const QString& message) {
        *error = Error::permanent(message);
        return false;
    };
    if (url.scheme() != QLatin1String("s3"))
        return fail(QStringLiteral("Not an S3 URL: %1").arg(url.toString()));
    if (!url.password().isEmpty())
        return fail(QStringLiteral("Put no secret in the URL: it would be stored in plain text. "
                                   "Set it with --password-stdin or KEEPSAKE_SECRET_<NAME>"));
    s.bucket = url.host();
    if (s.bucket.isEmpty())
        return fail(QStringLiteral("An S3 destination needs a bucket: "
                                   "s3://KEYID@bucket/folder?endpoint=https://s3.example"));
    s.accessKeyId = url.userName();
    s.prefix = url.path(QUrl::FullyDecoded);
    while (s.prefix.startsWith(QLatin1Char('/')))
        s.prefix.remove(0, 1);
    if (!s.prefix.isEmpty() && !s.prefix.endsWith(QLatin1Char('/')))
        s.prefix += QLatin1Char('/');
    // Servers resolve "." and ".." in request paths: "s3://k@photos/../other" would write into
    // the bucket "other" (found by tests/fuzz/destination_url).
    for (const QString& segment : s.prefix.split(QLatin1Char('/')))
        if (segment == QLatin1String(".") || segment == QLatin1String(".."))
            return fail(QStringLiteral("The folder of an S3 destination must not contain \".\" or "
                                       "\"..\": %1")
                            .arg(s.prefix));

    if (query.hasQueryItem(QStringLiteral("region")))
        s.region = query.queryItemValue(QStringLiteral("region"), QUrl::FullyDecoded);
    const QString endpoint = query.queryItemValue(QStringLiteral("endpoint"), QUrl::FullyDecoded);
    s.endpoint = endpoint.isEmpty()
                     ? QUrl(QStringLiteral("https://s3.%1.amazonaws.com").arg(s.region))
                     : QUrl(endpoint, QUrl::StrictMode);
    if (!s.endpoint.isValid() || s.endpoint.host().isEmpty() ||
        (s.endpoint.scheme() != QLatin1String("https") &&
         s.endpoint.scheme() != QLatin1String("http")))
        return fail(
            QStringLiteral("The S3 endpoint \"%1\" is not an http(s) address").arg(endpoint));
    // Only scheme, host and port matter; a default port written out would make the signed Host
    // differ from what HTTP/2 sends.
    s.endpoint = QUrl(s.endpoint.scheme() + QStringLiteral("://") +
                      QString::fromLatin1(SigV4Signer::hostHeader(s.endpoint)));
    if (s.endpoint.scheme() == QLatin1String("http") && !s.isLoopback() &&
        query.queryItemValue(QStringLiteral("insecure")) != QLatin1String("1"))
        return fail(QStringLiteral("Plain HTTP to %1 would send your photos unencrypted. Use an "
                                   "https:// endpoint (or add insecure=1 if you really mean it)")
                        .arg(s.endpoint.host()));

    const QString style = query.queryItemValue(QStringLiteral("style"));
    if (style.isEmpty())
        s.pathStyle = !endpoint.isEmpty(); // AWS itself prefers virtual-host style
    else if (style == QLatin1String("path") || style == QLatin1String("virtual"))
        s.pathStyle = style == QLatin1String("path");
    else
        return fail(QStringLiteral("style must be \"path\" or \"virtual\", not \"%1\"").arg(style));

    bool ok = true;
    if (query.hasQueryItem(QStringLiteral("multipart_threshold"))) {
        s.multipartThreshold =
            parseSize(query.queryItemValue(QStringLiteral("multipart_threshold")), &ok);
        if (!ok)
            return fail(QStringLiteral("multipart_threshold must be a size such as 64M"));
    }
    if (query.hasQueryItem(QStringLiteral("part_size"))) {
        s.partSize = parseSize(query.queryItemValue(QStringLiteral("part_size")), &ok);
        // Tests against a local server may go below S3's minimum; a real service would refuse
        // every upload at the end, after all the bytes were sent.
        if (!ok || (s.partSize < kMinPartSize && !s.isLoopback()))
            return fail(QStringLiteral("part_size must be at least 5M"));
    }
    if (query.hasQueryItem(QStringLiteral("parallel"))) {
        s.parallelParts = query.queryItemValue(QStringLiteral("parallel")).toInt(&ok);
        if (!ok || s.parallelParts < 1 || s.parallelParts > 4)
            return fail(QStringLiteral("parallel must be between 1 and 4"));
    }
    *out = s;
    return true;
}

qint64 S3Settings::partSizeFor(qint64 fileSize) const
{
    const qint64 wanted = partSize > 0 ? partSize : 8 * kMiB;
    const qint64 forLimit = (fileSize + kMaxParts - 1) / kMaxParts;
    // Round the minimum needed for 10,000 parts up to whole MiB: tidy numbers in logs.
    return std::max(wanted, (forLimit + kMiB - 1) / kMiB * kMiB);
}

QUrl S3Settings::urlFor(const QString& key) const
{
    QUrl u = endpoint;
    QByteArray path = "/";
    if (pathStyle) {
        path += SigV4Signer::uriEncode(bucket.toUtf8(), false);
        if (!key.isEmpty())
            path += '/';
    } else {
        u.setHost(bucket + QLatin1Char('.') + endpoint.host());
    }
    path += SigV4Signer::uriEncode(key.toUtf8(), true);
    u.setPath(QString::fromLatin1(path), QUrl::StrictMode);
    return u;
}

} // namespace ks
