#pragma once

#include "ChaosAudit.h"
#include "FaultProxy.h"

#include <QString>
#include <QTemporaryDir>
#include <memory>

namespace ks::test {

class ApacheDav;
class BackupFixture;
class NginxDav;
class S3rver;

// One real server on loopback (Apache mod_dav, nginx dav or s3rver) with a FaultProxy in front
// of it, for the network chaos scenarios. The destination the profile gets talks to the proxy.
class NetRig
{
public:
    enum class Server { Apache, Nginx, S3 };
    static QString name(Server server);

    NetRig(Server server, const QString& dir);
    ~NetRig();
    bool start(QString* error);

    Server server() const { return m_server; }
    FaultProxy& proxy() { return *m_proxy; }
    // The real server's own port, behind the proxy.
    quint16 serverPort() const;
    // The destination's URL through the proxy (S3: 1 MiB parts above 2 MiB), and its secret.
    QString url() const;
    QByteArray secret() const;
    // Adds the destination as `name` to the fixture's profile, its secret in the environment.
    bool addTo(const BackupFixture& fx, const QString& name) const;
    // What the server holds below the destination's root, read from its storage.
    Holdings holdings() const;
    // WebDAV: a folder below the destination's root made on the server's storage, as another
    // client would have made it (writable by the server). False for S3.
    bool makeFolder(const QString& path) const;
    // S3 multipart uploads started and neither completed nor aborted (0 for WebDAV).
    int unfinishedUploads() const;

private:
    Server m_server;
    QString m_dir;
    std::unique_ptr<ApacheDav> m_apache;
    std::unique_ptr<NginxDav> m_nginx;
    std::unique_ptr<S3rver> m_s3;
    std::unique_ptr<FaultProxy> m_proxy;
};

// Runs `keepsake-cli backup` as the scheduler would, until a run ends with everything done (exit
// 0), at most `maxRuns` times; the next run when the earliest retry is due (at least `pauseMs`
// later). Returns the exit codes.
QList<int> backupUntilDone(const BackupFixture& fx, int maxRuns, int pauseMs = 5000,
                           QByteArray* lastOutput = nullptr);

// History events (all of them) whose JSON mentions `text`.
int historyMentions(const BackupFixture& fx, const QString& text);

} // namespace ks::test
