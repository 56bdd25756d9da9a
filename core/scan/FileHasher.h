#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>
#include <atomic>

namespace ks {

struct HashResult
{
    QByteArray sha256; // raw 32 bytes
    qint64 bytesRead = 0;
    Error error;
};

// SHA-256 of a file, streamed in 1 MiB blocks through OpenSSL (which uses the CPU's SHA
// instructions; QCryptographicHash in Qt 6.4 does not). Never holds a whole file in memory.
// `cancel`, when given, is checked between blocks.
HashResult hashFile(const QString& path, const std::atomic_bool* cancel = nullptr);

// The same over an open device from its current position to its end. When `keepUpTo` > 0 and
// the whole content fits in that many bytes, the bytes are returned in *kept, so a small photo
// is read from disk once for its signature, hash and metadata.
HashResult hashDevice(QIODevice& device, const std::atomic_bool* cancel = nullptr,
                      qint64 keepUpTo = 0, QByteArray* kept = nullptr);

// Incremental SHA-256 for callers that already read the bytes (e.g. while copying).
class Sha256
{
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void add(const char* data, qint64 size);
    QByteArray result(); // raw 32 bytes; the object can't be used afterwards

private:
    void* m_ctx;
};

} // namespace ks
