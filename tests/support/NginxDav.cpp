#include "NginxDav.h"

#include "LoopbackServer.h"
#include "TestSupport.h"

#include <QDir>

namespace ks::test {

NginxDav::NginxDav(const QString& dir, const QString& password) : m_dir(dir), m_password(password)
{
}

NginxDav::~NginxDav()
{
    stopProcess(m_process);
}

QString NginxDav::url() const
{
    return QStringLiteral("%1://alice@127.0.0.1:%2/dav")
        .arg(m_tls ? QStringLiteral("webdavs") : QStringLiteral("webdav"))
        .arg(m_port);
}

QString NginxDav::certificateFingerprint() const
{
    return ks::test::certificateFingerprint(m_dir);
}

bool NginxDav::start(QString* error)
{
    for (const char* sub :
         {"data", "logs", "tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"})
        QDir().mkpath(m_dir + QLatin1Char('/') + QLatin1String(sub));
    // An empty password serves the share anonymously.
    const QString auth = m_password.isEmpty()
                             ? QString()
                             : QStringLiteral("      auth_basic keepsake;\n      "
                                              "auth_basic_user_file %1/htpasswd;\n")
                                   .arg(m_dir);
    if (!writeHtpasswd(m_dir + QStringLiteral("/htpasswd"), QStringLiteral("alice"), m_password)) {
        *error = QStringLiteral("htpasswd failed");
        return false;
    }
    if (m_tls && !makeSelfSignedCertificate(m_dir, error))
        return false;
    const QString tls = m_tls ? QStringLiteral(" ssl http2;\n    ssl_certificate %1/server.crt;\n"
                                               "    ssl_certificate_key %1/server.key")
                                    .arg(m_dir)
                              : QString();
    m_port = freePort();
    const QString conf =
        QStringLiteral(
            "load_module /usr/lib/nginx/modules/ngx_http_dav_ext_module.so;\n"
            "daemon off;\nmaster_process off;\nuser root;\npid %1/nginx.pid;\n"
            "error_log %1/logs/error.log warn;\n"
            "events { worker_connections 64; }\n"
            "http {\n  access_log off;\n"
            "  client_body_temp_path %1/tmp/body;\n  proxy_temp_path %1/tmp/proxy;\n"
            "  fastcgi_temp_path %1/tmp/fastcgi;\n  uwsgi_temp_path %1/tmp/uwsgi;\n"
            "  scgi_temp_path %1/tmp/scgi;\n"
            "  server {\n    listen 127.0.0.1:%2%4;\n    client_max_body_size 0;\n"
            "    location /dav/ {\n      alias %1/data/;\n"
            "      dav_methods PUT DELETE MKCOL COPY MOVE;\n"
            "      dav_ext_methods PROPFIND OPTIONS;\n      dav_access user:rw group:r all:r;\n"
            "%3    }\n  }\n}\n")
            .arg(m_dir)
            .arg(m_port)
            .arg(auth)
            .arg(tls);
    if (!writeFile(m_dir + QStringLiteral("/nginx.conf"), conf.toUtf8()))
        return false;
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(
        QStringLiteral("nginx"),
        {QStringLiteral("-c"), m_dir + QStringLiteral("/nginx.conf"), QStringLiteral("-p"), m_dir});
    if (waitForPort(m_port, m_process))
        return true;
    *error = QStringLiteral("nginx did not start; see %1/logs/error.log").arg(m_dir);
    return false;
}

} // namespace ks::test
