#pragma once

#include "HttpResponseParser.h"

#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;
class QTcpSocket;

namespace ks {

class DirectHttpPool;

// A request with a file body sent over plain HTTP/1.1 on a socket of the calling thread, instead
// of through QNetworkAccessManager, which hands an upload body to its own HTTP thread 16 KiB at
// a time, a queued signal each way: that halved the byte rate of a backup (docs/benchmarks.md).
// Here the file is read (and hashed, by FileRangeDevice) and written to the socket in 256 KiB
// pieces while less than 1 MiB waits in the socket's buffer. A large file whose bytes need no
// look (FileRangeDevice::sendTo) goes from the page cache to the socket in the kernel instead,
// in bursts of up to 4 MiB; each burst is followed by one 64 KiB piece through the socket's
// buffer, whose bytesWritten() (once the kernel takes it) starts the next burst: the socket's
// own notifier, no second one on its descriptor. A request with no body at all (a
// WebDAV MOVE or MKCOL after or before the PUT) goes the same way, on the kept-alive connection.
//
// It behaves as QNAM's reply would for the same request: the same request head (raw headers,
// Content-Length, Host), uploadProgress for bytes the socket wrote, the transfer timeout reset by
// progress (on expiry: OperationCanceledError, as QNAM), QNAM's error codes for connection
// failures and for HTTP 4xx/5xx, the answer's status, reason and headers as attributes and
// headers, its body to read. A connection that ends before any byte of the answer is retried once
// on a new one, the body rewound, as QNAM does. Kept-alive connections return to the
// DirectHttpPool of the QNAM. What it does not do itself goes through QNAM after all, the body
// rewound: an answer that redirects (unless the redirect policy is manual); the outcome of that
// reply becomes this one's. A 401 ends as QNAM ends it when no one answers its
// authenticationRequired() (Keepsake never does: the destinations send Authorization).
class DirectHttpReply : public QNetworkReply
{
    Q_OBJECT
public:
    DirectHttpReply(QNetworkAccessManager* network, const QNetworkRequest& request,
                    const QByteArray& verb, QIODevice* body);
    ~DirectHttpReply() override;

    void abort() override;
    qint64 bytesAvailable() const override;
    bool isSequential() const override { return true; }

    // The direct try was answered with something QNAM had to handle (see above).
    bool wentThroughQnam() const { return m_wentThroughQnam; }

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    void startAttempt();
    void sendHead();
    void pump();
    bool sendFromFile();
    void written(qint64 bytes);
    bool reportProgress();
    void readAnswer();
    void connectionEnded(QAbstractSocket::SocketError error);
    void advance();
    void applyHead();
    void complete();
    void sendThroughQnam();
    void adoptQnamReply();
    void releaseSocket(bool keep);
    void fail(NetworkError code, const QString& message);
    void finish();
    bool needsQnam(int status) const;

    QPointer<QNetworkAccessManager> m_network;
    QPointer<DirectHttpPool> m_pool;
    QByteArray m_verb;
    QPointer<QIODevice> m_body;
    bool m_hasBody = false; // false: MOVE, MKCOL (no body, no Content-Length)
    qint64 m_total = 0;
    QString m_host;
    quint16 m_port = 80;
    QByteArray m_head;
    QTcpSocket* m_socket = nullptr;
    bool m_headSent = false;
    int m_resendsLeft = 1;      // as QNAM (measured in tst_direct_http)
    qint64 m_socketWritten = 0; // head and body, this attempt
    qint64 m_bodyQueued = 0;
    qint64 m_bodyReported = -1;
    bool m_sendFile = false; // this attempt may still try FileRangeDevice::sendTo
    QByteArray m_piece;
    HttpResponseParser m_parser;
    bool m_headApplied = false;
    QByteArray m_data;
    qsizetype m_readPos = 0;
    QTimer m_idle;
    QPointer<QNetworkReply> m_qnam;
    bool m_wentThroughQnam = false;
    bool m_done = false;
};

} // namespace ks
