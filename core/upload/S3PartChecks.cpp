#include "S3PartChecks.h"

namespace ks {

namespace {

qint64 partCount(qint64 size, qint64 partSize)
{
    return std::max<qint64>(1, (size + partSize - 1) / partSize);
}

} // namespace

S3PartChecks::S3PartChecks(qint64 size, qint64 partSize)
    : m_size(size), m_partSize(std::max<qint64>(1, partSize)),
      m_confirmed(partCount(size, m_partSize))
{
}

qint64 S3PartChecks::partLength(int index) const
{
    return std::max<qint64>(0, std::min(m_partSize, m_size - partOffset(index)));
}

bool S3PartChecks::passIsScanned(qint64 scanSize, const QByteArray& scanSha256) const
{
    return m_passKnown && m_pass.size == scanSize && m_pass.partSize == m_partSize &&
           m_pass.partMd5s.size() == count() &&
           (scanSha256.size() != 32 || m_pass.sha256 == scanSha256);
}

QByteArray S3PartChecks::passMd5(int index) const
{
    return m_passKnown && index < m_pass.partMd5s.size() ? m_pass.partMd5s.at(index) : QByteArray();
}

bool S3PartChecks::confirm(int index, const QString& etag, const QByteArray& streamedMd5)
{
    const QByteArray md5 = streamedMd5.isEmpty() ? passMd5(index) : streamedMd5;
    if (md5.isEmpty() || normalizedEtag(etag) != QString::fromLatin1(md5.toHex())) {
        m_confirmed[index].clear();
        return false;
    }
    m_confirmed[index] = md5;
    return true;
}

bool S3PartChecks::partsContradictPass() const
{
    for (int i = 0; i < count(); ++i) {
        const QByteArray pass = passMd5(i);
        if (!pass.isEmpty() && !m_confirmed.at(i).isEmpty() && m_confirmed.at(i) != pass)
            return true;
    }
    return false;
}

bool S3PartChecks::partsArePass() const
{
    if (!m_passKnown || m_pass.partMd5s.size() != count())
        return false;
    for (int i = 0; i < count(); ++i) {
        if (m_confirmed.at(i).isEmpty() || m_confirmed.at(i) != m_pass.partMd5s.at(i))
            return false;
    }
    return true;
}

} // namespace ks
