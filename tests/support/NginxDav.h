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
    bool start(QString* error);
    quint16 port() const { return m_port; }
    QString dataDir() const { return m_dir + QStringLiteral("/data"); }
    QString url() const;

private:
    QString m_dir;
    QString m_password;
    quint16 m_port = 0;
    QProcess m_process;
};

} // namespace ks::test
