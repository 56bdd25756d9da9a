#include "ControlServer.h"

#include "profile/Profile.h"

#include <QLocalSocket>

namespace ks {

ControlServer::ControlServer(QObject* parent) : QObject(parent)
{
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, &ControlServer::onConnection);
}

bool ControlServer::listen(const Profile& profile)
{
    // We hold the engine lock, so a socket file left behind is stale.
    QLocalServer::removeServer(profile.controlSocketName());
    return m_server.listen(profile.controlSocketName());
}

void ControlServer::onConnection()
{
    while (QLocalSocket* socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            while (socket->canReadLine()) {
                const QByteArray line = socket->readLine().trimmed();
                if (line == "reload")
                    Q_EMIT reloadRequested();
                else if (line == "raise")
                    Q_EMIT raiseRequested();
            }
        });
    }
}

namespace control {
bool send(const Profile& profile, const QByteArray& message)
{
    QLocalSocket socket;
    socket.connectToServer(profile.controlSocketName());
    if (!socket.waitForConnected(500))
        return false;
    socket.write(message + '\n');
    const bool ok = socket.waitForBytesWritten(500);
    socket.disconnectFromServer();
    return ok;
}
} // namespace control

} // namespace ks
