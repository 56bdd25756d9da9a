#include "FileHasher.h"

#include <QFile>
// SHA256_Init and friends are deprecated in OpenSSL 3 in favour of EVP, but EVP's first digest
// starts the provider machinery (fetch, name map, property parser): 2 MiB of peak RSS for a
// process that only hashes files (docs/benchmarks.md, "Peak memory: the process floor"). The
// low-level calls run the same assembly (SHA-NI, AVX2) without it.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

namespace ks {

Sha256::Sha256() : m_ctx(new SHA256_CTX)
{
    SHA256_Init(static_cast<SHA256_CTX*>(m_ctx));
}

Sha256::~Sha256()
{
    delete static_cast<SHA256_CTX*>(m_ctx);
}

void Sha256::add(const char* data, qint64 size)
{
    SHA256_Update(static_cast<SHA256_CTX*>(m_ctx), data, size_t(size));
}

QByteArray Sha256::result()
{
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256_Final(digest, static_cast<SHA256_CTX*>(m_ctx));
    return QByteArray(reinterpret_cast<const char*>(digest), SHA256_DIGEST_LENGTH);
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
    // A file smaller than a block gets a buffer of its size (and a byte more, so one read takes
    // it whole): a scan of small photos held a 1 MiB block per hashing thread for 4 KiB files,
    // about a megabyte of a small-file backup's peak memory.
    const qint64 left = f.isSequential() ? -1 : f.size() - f.pos();
    const qint64 block = left >= 0 && left < kBlock ? left + 1 : kBlock;
    QByteArray buffer(std::max(block, keepUpTo), Qt::Uninitialized);
    Sha256 sha;
    for (;;) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            r.error = Error::cancelled();
            return r;
        }
        // Files that fit are read whole in one call; bigger ones stream in 1 MiB blocks.
        const qint64 n = f.read(buffer.data(), r.bytesRead == 0 ? buffer.size() : block);
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
