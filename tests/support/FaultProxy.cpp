#include "FaultProxy.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace ks::test {

std::optional<FaultProxy::Rule> FaultProxy::Shared::take(const QByteArray& method,
                                                         const QByteArray& target)
{
    QMutexLocker lock(&mutex);
    for (auto it = rules.begin(); it != rules.end(); ++it) {
        if (!it->method.isEmpty() && it->method != method)
            continue;
        if (!it->target.isEmpty() && !target.contains(it->target))
            continue;
        if (!it->notTarget.isEmpty() && target.contains(it->notTarget))
            continue;
        Rule r = *it;
        if (--it->count <= 0)
            rules.erase(it);
        if (r.fault == FaultProxy::Fault::Pass)
            return std::nullopt;
        ++injected;
        return r;
    }
    return std::nullopt;
}

namespace {

// One client connection and its upstream twin. Lives on the proxy thread.
class Pipe : public QObject
{
public:
    // The route went away: both connections end with a reset.
    void cut()
    {
        if (!m_closed)
            reset();
    }

    Pipe(QTcpSocket* client, std::shared_ptr<FaultProxy::Shared> shared)
        : QObject(client), m_client(client), m_shared(std::move(shared))
    {
        m_upstream = new QTcpSocket(this);
        connect(m_client, &QTcpSocket::readyRead, this, &Pipe::fromClient);
        connect(m_client, &QTcpSocket::disconnected, this, &Pipe::closeBoth);
        connect(m_upstream, &QTcpSocket::readyRead, this, &Pipe::fromUpstream);
        connect(m_upstream, &QTcpSocket::disconnected, this, &Pipe::closeBoth);
        connect(m_upstream, &QTcpSocket::connected, this, [this] {
            m_upstream->write(m_pendingUpstream);
            m_pendingUpstream.clear();
        });
        m_upstream->connectToHost(QStringLiteral("127.0.0.1"), m_shared->upstreamPort);
    }

private:
    void toUpstream(const QByteArray& bytes)
    {
        if (m_upstream->state() == QAbstractSocket::ConnectedState)
            m_upstream->write(bytes);
        else
            m_pendingUpstream += bytes;
    }

    void fromClient()
    {
        m_in += m_client->readAll();
        process();
    }

    // Splits the client's stream into requests and applies the rule (if any) to each.
    void process()
    {
        while (!m_in.isEmpty() && !m_stalled && !m_closed) {
            if (m_bodyLeft == 0) {
                const qsizetype end = m_in.indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                const QByteArray head = m_in.left(end + 4);
                m_in.remove(0, end + 4);
                startRequest(head);
                continue;
            }
            const QByteArray chunk = m_in.left(m_bodyLeft);
            m_in.remove(0, chunk.size());
            m_bodyLeft -= chunk.size();
            body(chunk);
        }
    }

    void startRequest(const QByteArray& head)
    {
        m_method = head.left(head.indexOf(' '));
        const qsizetype targetEnd = head.indexOf(' ', m_method.size() + 1);
        const QByteArray target = head.mid(m_method.size() + 1, targetEnd - m_method.size() - 1);
        m_bodyLeft = 0;
        for (const QByteArray& line : head.split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                m_bodyLeft = line.mid(15).trimmed().toLongLong();
        }
        m_rule = m_shared->take(m_method, target);
        m_bodySent = 0;
        m_responseBytes = 0;
        m_responseHead.clear();
        if (m_rule && m_rule->fault == FaultProxy::Fault::Stall) {
            m_stalled = true;
            QTimer::singleShot(m_rule->ms, this, [this, head] {
                m_stalled = false;
                m_rule.reset();
                forwardHead(head);
                process();
            });
            return;
        }
        if (m_rule && m_rule->fault == FaultProxy::Fault::Respond) {
            if (m_bodyLeft == 0)
                respond();
            return;
        }
        forwardHead(head);
    }

    void forwardHead(const QByteArray& head)
    {
        {
            QMutexLocker lock(&m_shared->mutex);
            ++m_shared->forwarded[m_method];
        }
        toUpstream(head);
    }

    void body(const QByteArray& chunk)
    {
        if (m_rule && m_rule->fault == FaultProxy::Fault::Respond) {
            if (m_bodyLeft == 0)
                respond();
            return;
        }
        if (m_rule && m_rule->fault == FaultProxy::Fault::ResetMidBody) {
            const qint64 room = m_rule->bytes - m_bodySent;
            if (chunk.size() >= room) {
                toUpstream(chunk.left(room));
                m_upstream->flush();
                reset();
                return;
            }
        }
        m_bodySent += chunk.size();
        toUpstream(chunk);
    }

    void respond()
    {
        QByteArray answer = "HTTP/1.1 " + QByteArray::number(m_rule->status) + " Injected\r\n";
        if (m_rule->retryAfterSeconds >= 0)
            answer += "Retry-After: " + QByteArray::number(m_rule->retryAfterSeconds) + "\r\n";
        if (!m_rule->body.isEmpty())
            answer += "Content-Type: application/xml\r\n";
        answer += "Content-Length: " + QByteArray::number(m_rule->body.size()) +
                  "\r\nConnection: close\r\n\r\n" + m_rule->body;
        m_client->write(answer);
        m_client->flush();
        m_closed = true;
        m_client->disconnectFromHost();
        m_upstream->abort();
    }

    void fromUpstream()
    {
        QByteArray bytes = m_upstream->readAll();
        if (m_closed)
            return;
        if (m_rule && m_rule->fault == FaultProxy::Fault::StallResponse)
            return; // the server answered; the client hears nothing, on an open connection
        if (m_rule && m_rule->fault == FaultProxy::Fault::ReplaceBody) {
            m_responseHead += bytes;
            const qsizetype end = m_responseHead.indexOf("\r\n");
            if (end < 0 || m_responseHead.indexOf("\r\n\r\n") < 0)
                return;
            // The server's status line, then the rule's body in place of the server's.
            m_client->write(m_responseHead.left(end) +
                            "\r\nContent-Type: application/xml\r\nContent-Length: " +
                            QByteArray::number(m_rule->body.size()) +
                            "\r\nConnection: close\r\n\r\n" + m_rule->body);
            m_client->flush();
            m_closed = true;
            m_client->disconnectFromHost();
            m_upstream->abort();
            return;
        }
        if (m_rule && (m_rule->fault == FaultProxy::Fault::ChunkResponse ||
                       m_rule->fault == FaultProxy::Fault::CloseDelimited)) {
            m_responseHead += bytes;
            reframe();
            return;
        }
        if (m_rule && m_rule->fault == FaultProxy::Fault::TruncateResponse) {
            const qint64 room = m_rule->bytes - m_responseBytes;
            if (bytes.size() >= room) {
                m_client->write(bytes.left(room));
                m_client->flush();
                m_closed = true;
                m_client->disconnectFromHost();
                m_upstream->abort();
                return;
            }
            m_responseBytes += bytes.size();
        }
        m_client->write(bytes);
    }

    // Once the server's whole answer (framed by Content-Length) is here: sends it re-framed.
    void reframe()
    {
        const qsizetype end = m_responseHead.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        QByteArray head;
        qint64 length = 0;
        for (const QByteArray& line : m_responseHead.left(end).split('\n')) {
            const QByteArray lower = line.toLower();
            if (lower.startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
            else if (!lower.startsWith("connection:") && !lower.startsWith("transfer-encoding:"))
                head += line.trimmed() + "\r\n";
        }
        if (m_responseHead.size() < end + 4 + length)
            return;
        QByteArray body = m_responseHead.mid(end + 4, length);
        if (!m_rule->body.isEmpty())
            body = m_rule->body;
        m_responseHead.clear();
        if (m_rule->fault == FaultProxy::Fault::CloseDelimited) {
            m_client->write(head + "Connection: close\r\n\r\n" + body);
            m_client->flush();
            m_closed = true;
            m_client->disconnectFromHost();
            m_upstream->abort();
            return;
        }
        QByteArray answer = head + "Transfer-Encoding: chunked\r\n\r\n";
        const qint64 piece = m_rule->bytes > 0 ? m_rule->bytes : 5;
        for (qint64 at = 0; at < body.size(); at += piece)
            answer += QByteArray::number(std::min<qint64>(piece, body.size() - at), 16) +
                      (at == 0 ? "; ext=1" : "") + "\r\n" + body.mid(at, piece) + "\r\n";
        answer += "0\r\nX-Trailer: end\r\n\r\n";
        m_rule.reset(); // the connection carries on unchanged
        m_client->write(answer);
    }

    void reset()
    {
        m_closed = true;
        m_upstream->abort();
        m_client->abort();
        m_client->deleteLater();
    }

    void closeBoth()
    {
        if (m_upstream->state() != QAbstractSocket::UnconnectedState)
            m_upstream->disconnectFromHost();
        if (m_client->state() != QAbstractSocket::UnconnectedState)
            m_client->disconnectFromHost();
        else
            m_client->deleteLater();
    }

    QTcpSocket* m_client;
    QTcpSocket* m_upstream;
    std::shared_ptr<FaultProxy::Shared> m_shared;
    QByteArray m_in;
    QByteArray m_pendingUpstream;
    QByteArray m_method;
    QByteArray m_responseHead;
    qint64 m_bodyLeft = 0;
    qint64 m_bodySent = 0;
    qint64 m_responseBytes = 0;
    std::optional<FaultProxy::Rule> m_rule;
    bool m_stalled = false;
    bool m_closed = false;
};

} // namespace

FaultProxy::FaultProxy(quint16 upstreamPort) : m_shared(std::make_shared<Shared>())
{
    m_shared->upstreamPort = upstreamPort;
}

FaultProxy::~FaultProxy()
{
    if (m_server) // with it go the connections, which are its children
        QMetaObject::invokeMethod(
            m_server, [server = m_server] { delete server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool FaultProxy::start()
{
    m_thread.start();
    bool ok = false;
    auto* server = new QTcpServer;
    server->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        server,
        [this, server, &ok] {
            ok = server->listen(QHostAddress::LocalHost, m_port);
            m_port = server->serverPort();
            QObject::connect(server, &QTcpServer::newConnection, server, [this, server] {
                while (QTcpSocket* client = server->nextPendingConnection()) {
                    {
                        QMutexLocker lock(&m_shared->mutex);
                        ++m_shared->connections;
                    }
                    new Pipe(client, m_shared);
                }
            });
        },
        Qt::BlockingQueuedConnection);
    m_server = server;
    return ok;
}

bool FaultProxy::setDown(bool down)
{
    bool ok = true;
    QMetaObject::invokeMethod(
        m_server,
        [this, down, &ok] {
            if (down == !m_server->isListening())
                return;
            if (!down) {
                ok = m_server->listen(QHostAddress::LocalHost, m_port);
                return;
            }
            m_server->close();
            // Pipe has no meta-object of its own: findChildren<Pipe*> would match any QObject.
            // Cutting one pipe may delete other objects of the list: hold them by QPointer.
            QList<QPointer<QObject>> children;
            for (QObject* child : m_server->findChildren<QObject*>())
                children.append(child);
            for (const QPointer<QObject>& child : children)
                if (auto* pipe = child ? dynamic_cast<Pipe*>(child.data()) : nullptr)
                    pipe->cut();
            QMutexLocker lock(&m_shared->mutex);
            ++m_shared->injected;
        },
        Qt::BlockingQueuedConnection);
    return ok;
}

void FaultProxy::clearRules()
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->rules.clear();
}

int FaultProxy::pendingRules() const
{
    QMutexLocker lock(&m_shared->mutex);
    int n = 0;
    for (const Rule& r : m_shared->rules)
        n += r.count;
    return n;
}

void FaultProxy::addRule(const Rule& rule)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->rules.push_back(rule);
}

int FaultProxy::forwarded(const QByteArray& method) const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->forwarded.value(method);
}

int FaultProxy::connections() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->connections;
}

int FaultProxy::injected() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->injected;
}

} // namespace ks::test
