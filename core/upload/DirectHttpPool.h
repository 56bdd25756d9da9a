#pragma once

#include <QHash>
#include <QList>
#include <QObject>

class QNetworkAccessManager;
class QTcpSocket;

namespace ks {

// Kept-alive plain-HTTP connections of the direct upload path (DirectHttpReply) that are idle,
// by host and port, so that a backup of many small files does not open a connection for each.
// One pool per QNetworkAccessManager (a child of it), like QNAM's own connection cache. A
// connection the server closes, or sends anything on, while idle is dropped.
class DirectHttpPool : public QObject
{
    Q_OBJECT
public:
    explicit DirectHttpPool(QObject* parent);
    ~DirectHttpPool() override;

    // The pool of `network`, made on first use.
    static DirectHttpPool* of(QNetworkAccessManager* network);

    // An idle, still-open connection to host:port (now the caller's), or null.
    QTcpSocket* take(const QString& host, quint16 port);
    // Keeps a connection whose last answer was complete and allowed another request.
    void put(const QString& host, quint16 port, QTcpSocket* socket);
    int idleCount() const;
    // Connections opened for the direct path so far (for tests and figures).
    int opened() const { return m_opened; }
    void countOpened() { ++m_opened; }

private:
    void drop(QTcpSocket* socket);

    QHash<QString, QList<QTcpSocket*>> m_idle;
    int m_opened = 0;
};

} // namespace ks
