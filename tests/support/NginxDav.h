#pragma once

#include <QProcess>
#include <QString>

namespace ks::test {

// A real nginx with its dav module (PUT, MKCOL, MOVE...) and the dav-ext module (PROPFIND) on
// 127.0.0.1, the second WebDAV server the tests use besides Apache: it answers differently
// (no ETags, its own status codes), which is the point. /dav/ is served from dataDir() with
// Basic auth for user "alice" (none when the password is empty).
class NginxDav
{
public:
    NginxDav(const QString& dir, const QString& password);
    ~NginxDav();
    // Serve HTTPS (with HTTP/2 offered, as nginx is commonly set up) with a new self-signed
    // certificate for 127.0.0.1 (call before start()).
    void enableTls() { m_tls = true; }
    bool start(QString* error);
    // SHA-256 of the certificate, as `openssl x509 -fingerprint -sha256` prints it (AB:CD:...).
    QString certificateFingerprint() const;
    quint16 port() const { return m_port; }
    QString dataDir() const { return m_dir + QStringLiteral("/data"); }
    QString url() const; // webdavs:// once TLS is enabled

private:
    QString m_dir;
    QString m_password;
    quint16 m_port = 0;
    bool m_tls = false;
    QProcess m_process;
};

} // namespace ks::test
