#pragma once

#include <QByteArray>
#include <QtGlobal>

namespace ks {

// Incremental MD5 (what S3 speaks in: Content-MD5, a plain object's or a part's ETag) through
// OpenSSL's assembly: about 2.5x the speed of QCryptographicHash's portable C in Qt 6.4. A
// photo library sent to S3 is hashed with it as it streams, on the thread that sends.
class Md5
{
public:
    Md5();
    ~Md5();
    Md5(const Md5&) = delete;
    Md5& operator=(const Md5&) = delete;
    void add(const char* data, qint64 size);
    QByteArray result(); // raw 16 bytes; starts over afterwards

private:
    void* m_ctx;
};

} // namespace ks
