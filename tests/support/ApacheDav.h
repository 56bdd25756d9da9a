#pragma once

#include <QProcess>
#include <QString>

namespace ks::test {

// A real Apache httpd with mod_dav on 127.0.0.1, started from a generated config in its own
// folder, in the foreground, and stopped when this object goes. The collection /dav/ is
// served from dataDir() and needs Basic auth (user "alice", the password given).
class ApacheDav
{
public:
    ApacheDav(const QString& dir, const QString& password);
    ~ApacheDav();
    // Serve HTTPS with a new self-signed certificate for 127.0.0.1 (call before start()).
    void enableTls() { m_tls = true; }
    bool start(QString* error);
    // SHA-256 of the certificate, as `openssl x509 -fingerprint -sha256` prints it (AB:CD:...).
    QString certificateFingerprint() const;
    quint16 port() const { return m_port; }
    QString dataDir() const { return m_dir + QStringLiteral("/data"); }
    QString url(const QString& scheme = QStringLiteral("webdav")) const;

private:
    QString m_dir;
    QString m_password;
    quint16 m_port = 0;
    bool m_tls = false;
    QProcess m_process;
};

} // namespace ks::test
