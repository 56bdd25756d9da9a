#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <atomic>
#include <memory>

namespace ks {

// The MD5 sums S3 speaks in: per part (Content-MD5 and the part's ETag), of the whole object
// (a single PUT's ETag) and the multipart ETag md5(part md5s) + "-N".
struct FileDigests
{
    Error error;
    qint64 size = 0;
    qint64 partSize = 0;
    QByteArray md5;             // raw, whole file
    QByteArray sha256;          // raw, whole file: compared with the hash the scan recorded
    QList<QByteArray> partMd5s; // raw, one per part of partSize bytes (the last may be shorter)

    QByteArray multipartEtag() const; // "hex-N"
    qint64 partOffset(int index) const { return qint64(index) * partSize; }
    qint64 partLength(int index) const;

    // Whether an ETag a server reports (quotes allowed) matches these bytes: the whole-file MD5
    // (single PUT, and servers that hash the assembled object) or the multipart form.
    bool matchesEtag(const QString& etag) const;
};

// Reads the file once in 1 MiB blocks (never all of it in memory) and computes its digests for
// parts of `partSize` bytes (0: a single part). Meant for the thread pool; `cancel` is checked
// between blocks. While the file's change time stands at `vouchCtimeNs` (see ChangeTime.h)
// from before the read to after it, its SHA-256 is taken to be `vouchSha256`, the scan's,
// without computing it again; if it moved, sha256 stays empty (not the scanned version).
FileDigests digestFile(const QString& path, qint64 partSize,
                       std::shared_ptr<std::atomic_bool> cancel, qint64 vouchCtimeNs,
                       const QByteArray& vouchSha256);

// Strips the quotes S3 puts around ETags and lower-cases the hex.
QString normalizedEtag(const QString& etag);

} // namespace ks
