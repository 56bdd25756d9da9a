#include "NetRig.h"

#include "ApacheDav.h"
#include "BackupFixture.h"
#include "NginxDav.h"
#include "S3rver.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <algorithm>

namespace ks::test {

namespace {
const QString kPassword = QStringLiteral("chaos-pass");
const QString kS3Key = QStringLiteral("CHAOSKEY");
const QString kS3Secret = QStringLiteral("chaos-secret-0123");
const QString kS3Prefix = QStringLiteral("chaos");
} // namespace

QString NetRig::name(Server server)
{
    switch (server) {
    case Server::Apache:
        return QStringLiteral("apache");
    case Server::Nginx:
        return QStringLiteral("nginx");
    case Server::S3:
        return QStringLiteral("s3");
    }
    return {};
}

NetRig::NetRig(Server server, const QString& dir) : m_server(server), m_dir(dir) {}

NetRig::~NetRig() = default;

bool NetRig::start(QString* error)
{
    const QString where = m_dir + QLatin1Char('/') + name(m_server);
    quint16 port = 0;
    switch (m_server) {
    case Server::Apache:
        m_apache = std::make_unique<ApacheDav>(where, kPassword);
        if (!m_apache->start(error))
            return false;
        port = m_apache->port();
        break;
    case Server::Nginx:
        m_nginx = std::make_unique<NginxDav>(where, kPassword);
        if (!m_nginx->start(error))
            return false;
        port = m_nginx->port();
        break;
    case Server::S3:
        m_s3 = std::make_unique<S3rver>(where, kS3Key, kS3Secret);
        if (!m_s3->start(error))
            return false;
        port = m_s3->port();
        break;
    }
    m_proxy = std::make_unique<FaultProxy>(port);
    if (!m_proxy->start()) {
        *error = QStringLiteral("the fault proxy did not start");
        return false;
    }
    return true;
}

QString NetRig::url() const
{
    const QString proxied = QStringLiteral("127.0.0.1:%1").arg(m_proxy->port());
    switch (m_server) {
    case Server::Apache:
        return QStringLiteral("webdav://alice@%1/dav").arg(proxied);
    case Server::Nginx:
        return QStringLiteral("webdav://alice@%1/dav").arg(proxied);
    case Server::S3:
        // The signature covers the host the client talks to: the proxy.
        return m_s3->url(kS3Prefix, QStringLiteral("multipart_threshold=2M&part_size=1M"))
            .replace(QStringLiteral("127.0.0.1:%1").arg(m_s3->port()), proxied);
    }
    return {};
}

quint16 NetRig::serverPort() const
{
    return m_apache ? m_apache->port() : m_nginx ? m_nginx->port() : m_s3->port();
}

QByteArray NetRig::secret() const
{
    return (m_server == Server::S3 ? kS3Secret : kPassword).toUtf8();
}

bool NetRig::addTo(const BackupFixture& fx, const QString& name) const
{
    qputenv(("KEEPSAKE_SECRET_" + name.toUpper()).toUtf8().constData(), secret());
    return fx.addDestination(name, url());
}

Holdings NetRig::holdings() const
{
    switch (m_server) {
    case Server::Apache:
        return BackupFixture::hashesUnder(m_apache->dataDir());
    case Server::Nginx:
        return BackupFixture::hashesUnder(m_nginx->dataDir());
    case Server::S3:
        return m_s3->objectHashes(kS3Prefix + QLatin1Char('/'));
    }
    return {};
}

bool NetRig::makeFolder(const QString& path) const
{
    if (m_server == Server::S3)
        return false;
    const QString root = m_apache ? m_apache->dataDir() : m_nginx->dataDir();
    QString dir = root;
    for (const QString& part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        dir += QLatin1Char('/') + part;
        if (!QDir().mkpath(dir) || !QFile::setPermissions(dir, QFile::Permissions(0x7777)))
            return false;
    }
    return true;
}

int NetRig::unfinishedUploads() const
{
    return m_s3 ? m_s3->unfinishedUploads() : 0;
}

// The scheduler's next run comes when the earliest retry is due (a run itself waits only for
// retries due within a minute): that, at least `minMs`, at most 150 s.
static int untilNextRetryMs(const BackupFixture& fx, int minMs)
{
    const QJsonArray failures =
        QJsonDocument::fromJson(fx.cli({QStringLiteral("--json"), QStringLiteral("failures")}).out)
            .object()
            .value(QStringLiteral("failures"))
            .toArray();
    qint64 wait = minMs;
    for (const QJsonValue& f : failures) {
        const QDateTime next = QDateTime::fromString(
            f.toObject().value(QStringLiteral("nextAttempt")).toString(), Qt::ISODate);
        if (next.isValid())
            wait = std::max(wait, QDateTime::currentDateTime().msecsTo(next) + 1000);
    }
    return int(std::min<qint64>(wait, 150'000));
}

QList<int> backupUntilDone(const BackupFixture& fx, int maxRuns, int pauseMs,
                           QByteArray* lastOutput)
{
    QList<int> codes;
    for (int run = 0; run < maxRuns; ++run) {
        if (run > 0)
            QThread::msleep(untilNextRetryMs(fx, pauseMs));
        const CliResult r = fx.cli({QStringLiteral("backup")}, 300000);
        codes << r.exitCode;
        if (lastOutput)
            *lastOutput = r.out + r.err;
        if (r.exitCode == 0)
            break;
    }
    return codes;
}

int historyMentions(const BackupFixture& fx, const QString& text)
{
    const QJsonArray events =
        QJsonDocument::fromJson(fx.cli({QStringLiteral("--json"), QStringLiteral("history"),
                                        QStringLiteral("--limit"), QStringLiteral("100000")})
                                    .out)
            .object()
            .value(QStringLiteral("events"))
            .toArray();
    int n = 0;
    for (const QJsonValue& e : events)
        n += QJsonDocument(e.toObject()).toJson().contains(text.toUtf8());
    return n;
}

} // namespace ks::test
