#include "S3Checksums.h"

#include "Md5.h"
#include "common/ThreadPriority.h"
#include "scan/ChangeTime.h"
#include "scan/FileHasher.h"

#include <QFile>
#include <optional>

namespace ks {

qint64 FileDigests::partLength(int index) const
{
    return std::max<qint64>(0, std::min(partSize, size - partOffset(index)));
}

QByteArray FileDigests::multipartEtag() const
{
    Md5 all;
    for (const QByteArray& m : partMd5s)
        all.add(m.constData(), m.size());
    return all.result().toHex() + '-' + QByteArray::number(partMd5s.size());
}

bool FileDigests::matchesEtag(const QString& etag) const
{
    const QString e = normalizedEtag(etag);
    return e == QString::fromLatin1(md5.toHex()) ||
           (partMd5s.size() > 1 && e == QString::fromLatin1(multipartEtag()));
}

QString normalizedEtag(const QString& etag)
{
    QString e = etag.trimmed();
    if (e.startsWith(QLatin1String("W/")))
        e.remove(0, 2);
    e.remove(QLatin1Char('"'));
    return e.toLower();
}

FileDigests digestFile(const QString& path, qint64 partSize,
                       std::shared_ptr<std::atomic_bool> cancel, qint64 vouchCtimeNs,
                       const QByteArray& vouchSha256)
{
    lowerCurrentThreadPriority(); // a pool thread, reading the file on the backup's behalf
    FileDigests d;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        d.error = Error::permanent(QStringLiteral("The local file cannot be read"));
        return d;
    }
    d.size = file.size();
    d.partSize = partSize > 0 ? partSize : std::max<qint64>(1, d.size);
    Md5 whole;
    Md5 part;
    const bool vouched = vouchCtimeNs != 0 && vouchSha256.size() == 32 &&
                         changeTimeNs(file.handle()) == vouchCtimeNs;
    std::optional<Sha256> sha;
    if (!vouched)
        sha.emplace();
    qint64 inPart = 0;
    qint64 total = 0;
    QByteArray block(1024 * 1024, Qt::Uninitialized);
    while (total < d.size) {
        if (cancel && cancel->load()) {
            d.error = Error::cancelled();
            return d;
        }
        // Never read across a part boundary, so each block belongs to exactly one part.
        const qint64 want = std::min<qint64>(block.size(), d.partSize - inPart);
        const qint64 got = file.read(block.data(), want);
        if (got <= 0) {
            d.error = Error::transient(QStringLiteral("The local file could not be read to the "
                                                      "end (it may have changed)"));
            return d;
        }
        whole.add(block.constData(), got);
        if (sha)
            sha->add(block.constData(), got);
        part.add(block.constData(), got);
        inPart += got;
        total += got;
        if (inPart == d.partSize) {
            d.partMd5s.append(part.result());
            inPart = 0;
        }
    }
    if (inPart > 0 || d.partMd5s.isEmpty())
        d.partMd5s.append(part.result());
    d.md5 = whole.result();
    if (sha)
        d.sha256 = sha->result();
    else if (changeTimeNs(file.handle()) == vouchCtimeNs)
        d.sha256 = vouchSha256; // not written to since the scan hashed it
    return d;
}

} // namespace ks
