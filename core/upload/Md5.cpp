#include "Md5.h"

// Low-level calls for the reason FileHasher.cpp gives (EVP's provider machinery costs RSS).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/md5.h>

namespace ks {

Md5::Md5() : m_ctx(new MD5_CTX)
{
    MD5_Init(static_cast<MD5_CTX*>(m_ctx));
}

Md5::~Md5()
{
    delete static_cast<MD5_CTX*>(m_ctx);
}

void Md5::add(const char* data, qint64 size)
{
    MD5_Update(static_cast<MD5_CTX*>(m_ctx), data, size_t(size));
}

QByteArray Md5::result()
{
    unsigned char digest[MD5_DIGEST_LENGTH];
    MD5_Final(digest, static_cast<MD5_CTX*>(m_ctx));
    MD5_Init(static_cast<MD5_CTX*>(m_ctx));
    return QByteArray(reinterpret_cast<const char*>(digest), MD5_DIGEST_LENGTH);
}

} // namespace ks
