#pragma once

#include "FuzzTarget.h"

#include "upload/S3Settings.h"
#include "upload/WebDavDestination.h"

#include <QStringList>
#include <QUrl>

namespace ks::fuzz {

// The segments of an encoded URL path as a server sees them: split at '/', then percent-decoded
// (a "%2F" inside a name must stay inside that name's segment).
inline QStringList serverSegments(const QByteArray& encodedPath)
{
    QStringList out;
    for (const QByteArray& seg : encodedPath.split('/'))
        out << QString::fromUtf8(QByteArray::fromPercentEncoding(seg));
    return out;
}

// Whether the path a server resolves stays below `root` (segments), resolving "." and ".." the way
// servers normalise request paths, including ".." that arrives percent-encoded or as "%2F..".
inline bool staysBelow(const QStringList& segments, const QStringList& rootSegments)
{
    QStringList resolved;
    for (const QString& raw : segments) {
        // nginx decodes %2F into '/' before it resolves dots; look at the pieces as well.
        for (const QString& s : raw.split(QLatin1Char('/'))) {
            if (s == QLatin1String(".."))
                resolved.isEmpty() ? void() : resolved.removeLast();
            else if (!s.isEmpty() && s != QLatin1String("."))
                resolved << s;
        }
    }
    QStringList root;
    for (const QString& s : rootSegments)
        if (!s.isEmpty())
            root << s;
    if (resolved.size() <= root.size())
        return false; // the collection itself or above it: a file never lands there
    for (int i = 0; i < root.size(); ++i)
        if (resolved.at(i) != root.at(i))
            return false;
    return true;
}

// A remote path as the planner makes it (relative, clean) must land below the destination's
// root on a WebDAV server and below the prefix in an S3 bucket, and name exactly that file.
inline void checkRemotePathContained(const QString& remotePath)
{
    static const QUrl davRoot(QStringLiteral("https://nas.example/dav/photos/"));
    static ks::WebDavDestination dav(davRoot, QString(), QString(), nullptr);
    const QUrl u = dav.urlFor(remotePath);
    const QByteArray encoded = u.toEncoded(QUrl::FullyEncoded);
    KS_FUZZ_CHECK(u.isValid());
    KS_FUZZ_CHECK(u.host() == davRoot.host());
    const QStringList segs = serverSegments(u.path(QUrl::FullyEncoded).toLatin1());
    KS_FUZZ_CHECK(staysBelow(segs, {QStringLiteral("dav"), QStringLiteral("photos")}));
    // The server sees the same name the planner meant: every segment decodes to the remote one.
    const QStringList wanted =
        (QStringLiteral("/dav/photos/") + remotePath).split(QLatin1Char('/'));
    KS_FUZZ_CHECK(segs == wanted);
    (void)encoded;

    ks::S3Settings s3;
    s3.endpoint = QUrl(QStringLiteral("https://s3.example"));
    s3.bucket = QStringLiteral("photos");
    s3.prefix = QStringLiteral("backup/");
    const QString key = s3.keyFor(remotePath);
    KS_FUZZ_CHECK(key.startsWith(s3.prefix));
    const QUrl o = s3.urlFor(key);
    KS_FUZZ_CHECK(o.isValid() && o.host() == s3.endpoint.host());
    const QStringList objSegs = serverSegments(o.path(QUrl::FullyEncoded).toLatin1());
    KS_FUZZ_CHECK(staysBelow(objSegs, {QStringLiteral("photos"), QStringLiteral("backup")}));
    KS_FUZZ_CHECK(objSegs == (QStringLiteral("/photos/") + key).split(QLatin1Char('/')));
}

} // namespace ks::fuzz
