#include "ApacheDav.h"

#include "LoopbackServer.h"
#include "TestSupport.h"

#include <QDir>
#include <QFileInfo>

namespace ks::test {

ApacheDav::ApacheDav(const QString& dir, const QString& password) : m_dir(dir), m_password(password)
{
}

ApacheDav::~ApacheDav()
{
    stopProcess(m_process);
}

QString ApacheDav::url(const QString& scheme) const
{
    return QStringLiteral("%1://alice@127.0.0.1:%2/dav").arg(scheme).arg(m_port);
}

bool ApacheDav::start(QString* error)
{
    QDir().mkpath(dataDir());
    QDir().mkpath(m_dir + QStringLiteral("/lock"));
    QDir().mkpath(m_dir + QStringLiteral("/logs"));
    m_port = freePort();
    if (!writeHtpasswd(m_dir + QStringLiteral("/htpasswd"), QStringLiteral("alice"), m_password)) {
        *error = QStringLiteral("htpasswd failed");
        return false;
    }
    if (m_tls) {
        if (!makeSelfSignedCertificate(m_dir, error))
            return false;
    }
    const QString mods = QStringLiteral("/usr/lib/apache2/modules/");
    QString conf;
    conf += QStringLiteral("ServerRoot \"%1\"\nListen 127.0.0.1:%2\nServerName 127.0.0.1\n")
                .arg(m_dir)
                .arg(m_port);
    conf += QStringLiteral("PidFile %1/httpd.pid\nErrorLog %1/logs/error.log\nLogLevel warn\n")
                .arg(m_dir);
    for (const char* m : {"mpm_event", "authz_core", "authz_user", "authn_core", "authn_file",
                          "auth_basic", "alias", "dav", "dav_fs"})
        conf += QStringLiteral("LoadModule %1_module %2mod_%1.so\n").arg(QLatin1String(m), mods);
    if (m_tls)
        conf += QStringLiteral("LoadModule socache_shmcb_module %1mod_socache_shmcb.so\n"
                               "LoadModule ssl_module %1mod_ssl.so\nSSLEngine on\n"
                               "SSLCertificateFile %2/server.crt\n"
                               "SSLCertificateKeyFile %2/server.key\n")
                    .arg(mods, m_dir);
    conf += QStringLiteral("User www-data\nGroup www-data\nDAVLockDB %1/lock/db\n").arg(m_dir);
    conf += QStringLiteral("Alias /dav %1\n<Directory \"%1\">\n  Dav On\n  AuthType Basic\n"
                           "  AuthName keepsake\n  AuthUserFile %2/htpasswd\n  Require valid-user\n"
                           "</Directory>\nLimitRequestBody 0\n")
                .arg(dataDir(), m_dir);
    if (!writeFile(m_dir + QStringLiteral("/httpd.conf"), conf.toUtf8()))
        return false;
    // The server drops to www-data: it must be able to write its folders.
    QProcess::execute(QStringLiteral("chown"),
                      {QStringLiteral("-R"), QStringLiteral("www-data:www-data"), dataDir(),
                       m_dir + QStringLiteral("/lock"), m_dir + QStringLiteral("/logs")});
    // ... and reach them through the test's private temporary folder.
    QProcess::execute(QStringLiteral("chmod"),
                      {QStringLiteral("o+x"), m_dir, QFileInfo(m_dir).absolutePath()});
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(QStringLiteral("apache2"),
                    {QStringLiteral("-f"), m_dir + QStringLiteral("/httpd.conf"),
                     QStringLiteral("-DFOREGROUND")});
    if (waitForPort(m_port, m_process))
        return true;
    *error = QStringLiteral("apache2 did not start; see %1/logs/error.log").arg(m_dir);
    return false;
}

QString ApacheDav::certificateFingerprint() const
{
    return test::certificateFingerprint(m_dir);
}

} // namespace ks::test
