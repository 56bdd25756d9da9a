#include "NginxDav.h"

#include "TestSupport.h"

#include <QDir>
#include <QTcpSocket>
#include <QThread>

namespace ks::test {

NginxDav::NginxDav(const QString& dir, const QString& password) : m_dir(dir), m_password(password)
{
}

NginxDav::~NginxDav()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString NginxDav::url() const
{
    return QStringLiteral("webdav://alice@127.0.0.1:%1/dav").arg(m_port);
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
    QProcess htpasswd;
    htpasswd.start(QStringLiteral("htpasswd"),
                   {QStringLiteral("-bc"), m_dir + QStringLiteral("/htpasswd"),
                    QStringLiteral("alice"), m_password});
    if (!htpasswd.waitForFinished() || htpasswd.exitCode() != 0) {
        *error = QStringLiteral("htpasswd failed");
        return false;
    }
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
            "  server {\n    listen 127.0.0.1:%2;\n    client_max_body_size 0;\n"
            "    location /dav/ {\n      alias %1/data/;\n"
            "      dav_methods PUT DELETE MKCOL COPY MOVE;\n"
            "      dav_ext_methods PROPFIND OPTIONS;\n      dav_access user:rw group:r all:r;\n"
            "%3    }\n  }\n}\n")
            .arg(m_dir)
            .arg(m_port)
            .arg(auth);
    if (!writeFile(m_dir + QStringLiteral("/nginx.conf"), conf.toUtf8()))
        return false;
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.start(
        QStringLiteral("nginx"),
        {QStringLiteral("-c"), m_dir + QStringLiteral("/nginx.conf"), QStringLiteral("-p"), m_dir});
    for (int i = 0; i < 100; ++i) {
        QTcpSocket probe;
        probe.connectToHost(QStringLiteral("127.0.0.1"), m_port);
        if (probe.waitForConnected(100))
            return true;
        if (m_process.state() == QProcess::NotRunning)
            break;
        QThread::msleep(50);
    }
    *error = QStringLiteral("nginx did not start; see %1/logs/error.log").arg(m_dir);
    return false;
}

} // namespace ks::test
