#include "FileHasher.h"

#include <QFile>
#include <openssl/evp.h>

namespace ks {

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new())
{
    EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(m_ctx), EVP_sha256(), nullptr);
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(m_ctx));
}

void Sha256::add(const char* data, qint64 size)
{
    EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(m_ctx), data, size_t(size));
}

QByteArray Sha256::result()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(m_ctx), digest, &len);
    return QByteArray(reinterpret_cast<const char*>(digest), int(len));
}

HashResult hashFile(const QString& path, const std::atomic_bool* cancel)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        HashResult r;
        r.error = Error::permanent(QStringLiteral("cannot be read: %1").arg(f.errorString()));
        return r;
    }
    return hashDevice(f, cancel);
}

HashResult hashDevice(QIODevice& f, const std::atomic_bool* cancel, qint64 keepUpTo,
                      QByteArray* kept)
{
    HashResult r;
    constexpr qint64 kBlock = 1 << 20;
    QByteArray buffer(std::max(kBlock, keepUpTo), Qt::Uninitialized);
    Sha256 sha;
    for (;;) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            r.error = Error::cancelled();
            return r;
        }
        // Files that fit are read whole in one call; bigger ones stream in 1 MiB blocks.
        const qint64 n = f.read(buffer.data(), r.bytesRead == 0 ? buffer.size() : kBlock);
        if (n < 0) {
            r.error = Error::permanent(QStringLiteral("read error: %1").arg(f.errorString()));
            return r;
        }
        if (n == 0)
            break;
        sha.add(buffer.constData(), n);
        if (r.bytesRead == 0 && kept && n <= keepUpTo && n < buffer.size())
            *kept = buffer.left(n);
        else if (kept)
            kept->clear();
        r.bytesRead += n;
    }
    r.sha256 = sha.result();
    return r;
}

} // namespace ks
