#include "DirectHttpPool.h"

#include <QNetworkAccessManager>
#include <QTcpSocket>

namespace ks {

namespace {
// As many as the parallel uploads of one destination keep busy; more would only sit open.
constexpr int kMaxIdlePerHost = 8;

QString keyOf(const QString& host, quint16 port)
{
    return host + QLatin1Char(':') + QString::number(port);
}
} // namespace

DirectHttpPool::DirectHttpPool(QObject* parent) : QObject(parent) {}

DirectHttpPool::~DirectHttpPool() = default; // the idle sockets are children

DirectHttpPool* DirectHttpPool::of(QNetworkAccessManager* network)
{
    auto* pool = network->findChild<DirectHttpPool*>(QString(), Qt::FindDirectChildrenOnly);
    return pool ? pool : new DirectHttpPool(network);
}

QTcpSocket* DirectHttpPool::take(const QString& host, quint16 port)
{
    QList<QTcpSocket*>& idle = m_idle[keyOf(host, port)];
    while (!idle.isEmpty()) {
        QTcpSocket* socket = idle.takeLast(); // the most recently used is the likeliest open
        socket->disconnect(this);
        if (socket->state() == QAbstractSocket::ConnectedState && socket->bytesAvailable() == 0) {
            socket->setParent(nullptr);
            return socket;
        }
        socket->deleteLater();
    }
    return nullptr;
}

void DirectHttpPool::put(const QString& host, quint16 port, QTcpSocket* socket)
{
    socket->disconnect();
    socket->setParent(this);
    QList<QTcpSocket*>& idle = m_idle[keyOf(host, port)];
    idle.append(socket);
    // Closed by the server, or talking out of turn: not worth a request.
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { drop(socket); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket] { drop(socket); });
    while (idle.size() > kMaxIdlePerHost)
        drop(idle.first());
}

void DirectHttpPool::drop(QTcpSocket* socket)
{
    for (QList<QTcpSocket*>& idle : m_idle)
        idle.removeAll(socket);
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

int DirectHttpPool::idleCount() const
{
    int n = 0;
    for (const QList<QTcpSocket*>& idle : m_idle)
        n += int(idle.size());
    return n;
}

} // namespace ks
