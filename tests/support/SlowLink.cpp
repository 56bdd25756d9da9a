#include "SlowLink.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <memory>

namespace ks::test {

namespace {

constexpr int kTickMs = 10;

// One client connection and its connection to the server. Deletes itself when either side ends.
void relay(QTcpSocket* client, quint16 targetPort, qint64 rate)
{
    auto* upstream = new QTcpSocket(client);
    auto* tick = new QTimer(client);
    auto clock = std::make_shared<QElapsedTimer>();
    // Small buffers (two ticks' worth), so the client's bytes wait in its own socket (TCP
    // pushes back) rather than in this relay.
    const qint64 window = std::max<qint64>(64 * 1024, rate * kTickMs / 1000 * 2);
    client->setReadBufferSize(window);
    auto budget = std::make_shared<double>(0);
    QObject::connect(tick, &QTimer::timeout, client, [=] {
        if (upstream->state() != QAbstractSocket::ConnectedState || !client->isOpen())
            return;
        *budget = std::min<double>(*budget + double(rate) * double(clock->restart()) / 1000.0,
                                   double(window));
        const qint64 n = std::min<qint64>(
            {qint64(*budget), client->bytesAvailable(), window - upstream->bytesToWrite()});
        if (n > 0) {
            upstream->write(client->read(n));
            *budget -= double(n);
        }
    });
    QObject::connect(upstream, &QTcpSocket::connected, client, [=] {
        clock->start();
        tick->start(kTickMs);
    });
    QObject::connect(upstream, &QTcpSocket::readyRead, client, [=] {
        if (client->isOpen())
            client->write(upstream->readAll());
    });
    // Either side closing ends both (the server's last bytes came with readyRead before; what
    // the client had sent and not yet relayed is dropped, as a link going down would).
    QObject::connect(upstream, &QTcpSocket::disconnected, client, [=] {
        if (client->isOpen())
            client->disconnectFromHost();
    });
    QObject::connect(client, &QTcpSocket::disconnected, client, [=] {
        upstream->abort();
        client->deleteLater();
    });
    QObject::connect(upstream, &QTcpSocket::errorOccurred, client, [=] {
        if (upstream->state() == QAbstractSocket::UnconnectedState)
            client->disconnectFromHost();
    });
    upstream->connectToHost(QHostAddress::LocalHost, targetPort);
}

} // namespace

SlowLink::SlowLink(quint16 targetPort, qint64 bytesPerSecond)
    : m_targetPort(targetPort), m_rate(bytesPerSecond)
{
}

SlowLink::~SlowLink()
{
    if (m_server)
        QMetaObject::invokeMethod(
            m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool SlowLink::start()
{
    m_thread.start();
    auto* server = new QTcpServer;
    server->moveToThread(&m_thread);
    bool ok = false;
    QMetaObject::invokeMethod(
        server,
        [&] {
            ok = server->listen(QHostAddress::LocalHost, 0);
            m_port = server->serverPort();
            QObject::connect(server, &QTcpServer::newConnection, server, [this, server] {
                while (QTcpSocket* client = server->nextPendingConnection())
                    relay(client, m_targetPort, m_rate);
            });
        },
        Qt::BlockingQueuedConnection);
    m_server = server;
    return ok;
}

} // namespace ks::test
