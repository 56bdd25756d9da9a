#include "LoopbackServer.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QThread>

namespace ks::test {

bool makeSelfSignedCertificate(const QString& dir, QString* error)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                   QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                   QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
                   QStringLiteral("-keyout"), dir + QStringLiteral("/server.key"),
                   QStringLiteral("-out"), dir + QStringLiteral("/server.crt")});
    if (openssl.waitForFinished(60000) && openssl.exitCode() == 0)
        return true;
    *error = QStringLiteral("openssl could not make a certificate: ") +
             QString::fromLocal8Bit(openssl.readAllStandardError());
    return false;
}

QString certificateFingerprint(const QString& dir)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-fingerprint"),
                   QStringLiteral("-sha256"), QStringLiteral("-in"),
                   dir + QStringLiteral("/server.crt")});
    openssl.waitForFinished();
    // "sha256 Fingerprint=AB:CD:..."
    return QString::fromLatin1(openssl.readAllStandardOutput())
        .section(QLatin1Char('='), 1)
        .trimmed();
}

bool writeHtpasswd(const QString& path, const QString& user, const QString& password)
{
    QProcess htpasswd;
    htpasswd.start(QStringLiteral("htpasswd"), {QStringLiteral("-bc"), path, user, password});
    return htpasswd.waitForFinished() && htpasswd.exitCode() == 0;
}

bool waitForPort(quint16 port, const QProcess& process, int ms)
{
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < ms) {
        QTcpSocket probe;
        probe.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (probe.waitForConnected(100))
            return true;
        if (process.state() == QProcess::NotRunning)
            return false;
        QThread::msleep(50);
    }
    return false;
}

void stopProcess(QProcess& process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(5000))
        process.kill();
    process.waitForFinished(5000);
}

} // namespace ks::test
