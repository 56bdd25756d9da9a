#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QThread>
#include <deque>
#include <memory>
#include <optional>

class QTcpServer;

namespace ks::test {

// A fault-injecting HTTP/1.1 proxy for failure tests: it sits on 127.0.0.1 between the client
// under test and a real server, forwards bytes both ways, and, for the requests a rule matches,
// breaks the exchange the way networks and servers do. It runs on its own thread, because the
// tests block in QProcess::waitForFinished while keepsake-cli talks through it.
//
// It follows request boundaries (head, then Content-Length bytes of body) so a rule applies to
// one request on a kept-alive connection. Rules are used up in the order they were added.
class FaultProxy
{
public:
    enum class Fault {
        ResetMidBody,     // forward `bytes` of the request body, then reset both connections
        Respond,          // swallow the request, answer `status` (+ Retry-After, + `body`), close
        TruncateResponse, // forward the request, pass `bytes` of the answer, then close
        Stall,            // hold the request `ms` milliseconds before forwarding it
        StallResponse,    // forward the request, never pass its answer on (the client must give up)
        ReplaceBody,      // forward the request, answer with the server's status line and `body`
        Pass,             // forward unchanged, not counted: spaces the faults of a seeded mix
        ChunkResponse,    // forward, re-frame the server's answer chunked (`bytes` a chunk),
                          // its body replaced by `body` if given; the connection stays open
        CloseDelimited,   // forward, re-send the server's answer with no length, its body
                          // replaced by `body` if given, delimited by closing the connection
    };
    struct Rule
    {
        Fault fault;
        QByteArray method = {}; // e.g. "PUT"; empty matches any
        int count = 1;          // how many matching requests it affects
        qint64 bytes = 0;
        int status = 503;
        int retryAfterSeconds = -1;
        int ms = 0;
        QByteArray target = {};    // a part of the request target ("uploadId="); empty: any
        QByteArray notTarget = {}; // a part the target must not have ("partNumber="); empty: none
        QByteArray body = {};      // for Respond and ReplaceBody (sent as application/xml)
    };

    FaultProxy(quint16 upstreamPort);
    ~FaultProxy();
    bool start();
    quint16 port() const { return m_port; }

    void addRule(const Rule& rule);
    // Rules not used up yet (Pass rules included); and dropping them.
    int pendingRules() const;
    void clearRules();
    // Down: the port refuses connections (nothing listens) and open connections are reset, as
    // when the server or the route to it goes away. Up again: it listens on the same port.
    // Each time it goes down counts as one injected fault.
    bool setDown(bool down);
    // Requests that reached the real server, by method; and faults injected.
    int forwarded(const QByteArray& method) const;
    int injected() const;
    // Client connections accepted so far.
    int connections() const;

    // For the connection objects on the proxy thread.
    struct Shared
    {
        mutable QMutex mutex;
        std::deque<Rule> rules;
        QHash<QByteArray, int> forwarded;
        int injected = 0;
        int connections = 0;
        quint16 upstreamPort = 0;
        std::optional<Rule> take(const QByteArray& method, const QByteArray& target);
    };

private:
    std::shared_ptr<Shared> m_shared;
    QThread m_thread;
    QTcpServer* m_server = nullptr;
    quint16 m_port = 0;
};

} // namespace ks::test
