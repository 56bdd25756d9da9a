#pragma once

#include "common/Error.h"

#include <QString>
#include <QUrl>

namespace ks {

// Everything an S3 destination URL says:
//   s3://ACCESSKEYID@bucket/prefix?endpoint=https://host:port&region=us-east-1&style=path
// Optional tuning: multipart_threshold and part_size (bytes, or with a K/M/G suffix),
// parallel (parts in flight, 1-4), insecure=1 (plain http to a non-loopback endpoint).
//
// Without multipart_threshold, files go multipart from 64 MiB, or from 1 GiB when the endpoint
// is on this machine or the local network (a loopback, private or link-local address, a name
// without a dot or ending in .local). Multipart buys two things, parts in parallel to fill a
// long link and a resume from the last part after a break, and costs one: servers that
// assemble the parts (s3rver, many NAS stores) read and write every byte once more. On a local
// link a whole file of up to 1 GiB is sent again in seconds, so there one PUT is the cheaper way.
struct S3Settings
{
    static constexpr qint64 kMiB = 1024 * 1024;
    static constexpr qint64 kMinPartSize = 5 * kMiB; // S3's own minimum for all but the last part
    static constexpr qint64 kMaxParts = 10000;

    QUrl endpoint; // scheme, host, port; no path
    QString bucket;
    QString prefix; // empty or ending with '/'
    QString region = QStringLiteral("us-east-1");
    bool pathStyle = true;
    QString accessKeyId;
    static constexpr qint64 kDefaultMultipartThreshold = 64 * kMiB;
    static constexpr qint64 kLocalMultipartThreshold = 1024 * kMiB;
    qint64 multipartThreshold = 0; // 0: not in the URL, see multipartThresholdFor()
    qint64 partSize = 0;           // 0: chosen per file by partSizeFor()
    int parallelParts = 3;

    // Parses and checks a destination URL. Secrets in the URL are refused.
    static bool fromUrl(const QUrl& url, S3Settings* out, Error* error);
    static bool isLoopbackHost(const QString& host);
    bool isLoopback() const { return isLoopbackHost(endpoint.host()); }
    // This machine or the local network (see above); a name is not resolved for this.
    static bool isLocalNetworkHost(const QString& host);
    // From what size a file goes multipart.
    qint64 effectiveMultipartThreshold() const;

    // Part size for a file: at least 8 MiB (or the configured part_size) and large enough that
    // the file needs no more than 10,000 parts.
    qint64 partSizeFor(qint64 fileSize) const;

    // The object key for a path below the destination root.
    QString keyFor(const QString& remotePath) const { return prefix + remotePath; }
    // The URL of an object (empty key: the bucket itself), path or virtual-host style.
    QUrl urlFor(const QString& key) const;
};

} // namespace ks
