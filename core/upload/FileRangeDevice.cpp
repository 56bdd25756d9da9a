#include "FileRangeDevice.h"

#include "FileToSocket.h"
#include "Md5.h"
#include "policy/BandwidthLimiter.h"
#include "scan/ChangeTime.h"
#include "scan/FileHasher.h"

namespace ks {

namespace {
// Small enough that the limiter's budget is spread evenly over parallel parts.
constexpr qint64 kBlock = 64 * 1024;
} // namespace

FileRangeDevice::FileRangeDevice(const QString& path, qint64 offset, qint64 length,
                                 BandwidthLimiter* limiter, QObject* parent)
    : QIODevice(parent), m_file(path), m_offset(offset), m_length(length), m_limiter(limiter)
{
    m_wake.setSingleShot(true);
    connect(&m_wake, &QTimer::timeout, this, &QIODevice::readyRead);
}

FileRangeDevice::~FileRangeDevice() = default;

void FileRangeDevice::vouchByChangeTime(qint64 ctimeNs, const QByteArray& sha256)
{
    m_vouchCtimeNs = sha256.size() == 32 ? ctimeNs : 0;
    m_vouchSha256 = sha256;
}

bool FileRangeDevice::open(OpenMode mode)
{
    if ((mode & ReadWrite) != ReadOnly)
        return false;
    if (!m_file.open(QIODevice::ReadOnly) || m_file.size() < m_offset + m_length ||
        !m_file.seek(m_offset)) {
        setErrorString(m_file.errorString());
        m_file.close();
        return false;
    }
    m_vouched = m_vouchCtimeNs != 0 && changeTimeNs(m_file.handle()) == m_vouchCtimeNs;
    m_sentWithoutReading = 0;
    restartHashes();
    // Unbuffered: QIODevice's own read-ahead would take bytes without asking the limiter.
    return QIODevice::open(ReadOnly | Unbuffered);
}

void FileRangeDevice::restartHashes()
{
    m_hash = m_wantSha256 && !m_vouched ? std::make_unique<Sha256>() : nullptr;
    m_md5 = m_wantMd5 ? std::make_unique<Md5>() : nullptr;
    m_hashedUpTo = 0;
    m_changedWhileSent = false;
}

void FileRangeDevice::close()
{
    m_wake.stop();
    m_file.close();
    QIODevice::close();
}

bool FileRangeDevice::seek(qint64 pos)
{
    if (!(pos >= 0 && pos <= m_length && QIODevice::seek(pos) && m_file.seek(m_offset + pos)))
        return false;
    if (pos == 0) {
        // A rewound request (a kept-alive connection retried) sends everything again.
        restartHashes();
    }
    return true;
}

qint64 FileRangeDevice::readData(char* data, qint64 maxSize)
{
    qint64 n = std::min({maxSize, m_length - pos(), kBlock});
    if (n <= 0)
        return 0;
    if (m_limiter) {
        // Waking for every byte would spin; 20 ms of budget is a handful of blocks.
        n = m_limiter->acquire(n);
        if (n == 0) {
            if (!m_wake.isActive())
                m_wake.start(int(std::clamp<qint64>(m_limiter->msUntilAvailable(), 20, 1000)));
            return 0;
        }
    }
    const qint64 got = m_file.read(data, n);
    if (got != n) {
        // The file shrank under us: fail the request rather than send a short body.
        m_shrank = true;
        setErrorString(QStringLiteral("The local file changed while it was being sent"));
        return -1;
    }
    if (pos() == m_hashedUpTo && m_hashedUpTo < m_length) {
        if (m_hash)
            m_hash->add(data, got);
        if (m_md5)
            m_md5->add(data, got);
        m_hashedUpTo += got;
        if (m_hashedUpTo == m_length)
            endPass();
    }
    return got;
}

qint64 FileRangeDevice::sendTo(qintptr socketFd, qint64 maxSize, bool* socketFull)
{
    *socketFull = false;
    const qint64 n = std::min(maxSize, m_length - pos());
    // Only the bytes of an in-order pass that nothing has to see: the change time vouches for
    // them (checked again at the pass's end), no MD5 is taken, no budget is counted.
    if (!m_vouched || m_hash || m_md5 || pos() != m_hashedUpTo || n <= 0 ||
        (m_limiter && m_limiter->rate() > 0))
        return -1;
    const FileToSocketResult r = sendFileToSocket(socketFd, m_file.handle(), m_offset + pos(), n);
    if (r.unavailable)
        return -1;
    *socketFull = r.socketFull;
    if (r.sent > 0) {
        if (!QIODevice::seek(pos() + r.sent) || !m_file.seek(m_offset + pos())) {
            // The bytes are gone to the socket already: this pass is not to be trusted.
            m_shrank = true;
            setErrorString(
                QStringLiteral("The local file could not be read past the part already sent"));
        }
        m_sentWithoutReading += r.sent;
        m_hashedUpTo += r.sent;
        if (m_hashedUpTo == m_length)
            endPass();
    }
    return r.sent;
}

void FileRangeDevice::endPass()
{
    if (m_hash) {
        m_sentSha256 = m_hash->result();
        m_hash.reset();
    } else if (m_vouched) {
        // Every byte of this pass was read while the change time stood where the scan saw it.
        m_changedWhileSent = changeTimeNs(m_file.handle()) != m_vouchCtimeNs;
        m_sentSha256 = m_changedWhileSent ? QByteArray() : m_vouchSha256;
    }
    if (m_md5) {
        m_sentMd5 = m_md5->result();
        m_md5.reset();
    }
}

qint64 FileRangeDevice::writeData(const char*, qint64)
{
    return -1;
}

} // namespace ks
