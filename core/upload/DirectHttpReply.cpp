#include "DirectHttpReply.h"

#include "DirectHttpPool.h"
#include "FileRangeDevice.h"
#include "SigV4Signer.h"

#include <QNetworkAccessManager>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QNetworkProxy>
#include <QTcpSocket>

namespace ks {

namespace {
// Measured (docs/benchmarks.md): 256 KiB writes while less than 1 MiB is queued keep loopback
// nginx busy; more buys nothing and costs memory per parallel upload.
constexpr qint64 kPiece = 256 * 1024;
constexpr qint64 kHighWater = 1024 * 1024;
// sendfile() pays off for bodies of at least a few pieces; a small file's head and body go out
// in one write, as before. A burst is bounded so that one fast transfer never holds the thread.
constexpr qint64 kSendFileFrom = 1024 * 1024;
constexpr qint64 kBurst = 4 * 1024 * 1024;
constexpr qint64 kWakePiece = 64 * 1024;

// The error QNAM sets for an HTTP error status (qnetworkreplyhttpimpl.cpp, statusCodeFromHttp).
QNetworkReply::NetworkError errorForStatus(int status)
{
    switch (status) {
    case 400:
    case 418:
        return QNetworkReply::ProtocolInvalidOperationError;
    case 401:
        return QNetworkReply::AuthenticationRequiredError;
    case 403:
        return QNetworkReply::ContentAccessDenied;
    case 404:
        return QNetworkReply::ContentNotFoundError;
    case 405:
        return QNetworkReply::ContentOperationNotPermittedError;
    case 407:
        return QNetworkReply::ProxyAuthenticationRequiredError;
    case 409:
        return QNetworkReply::ContentConflictError;
    case 410:
        return QNetworkReply::ContentGoneError;
    case 500:
        return QNetworkReply::InternalServerError;
    case 501:
        return QNetworkReply::OperationNotImplementedError;
    case 503:
        return QNetworkReply::ServiceUnavailableError;
    default:
        return status > 500 ? QNetworkReply::UnknownServerError
                            : QNetworkReply::UnknownContentError;
    }
}

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 305 || status == 307 ||
           status == 308;
}
} // namespace

DirectHttpReply::DirectHttpReply(QNetworkAccessManager* network, const QNetworkRequest& request,
                                 const QByteArray& verb, QIODevice* body)
    : QNetworkReply(network), m_network(network), m_pool(DirectHttpPool::of(network)), m_verb(verb),
      m_body(body), m_hasBody(body != nullptr), m_total(body ? body->size() : 0)
{
    QNetworkRequest sent = request;
    sent.setAttribute(QNetworkRequest::CustomVerbAttribute, verb);
    setRequest(sent);
    setUrl(request.url());
    setOperation(QNetworkAccessManager::CustomOperation);
    open(QIODevice::ReadOnly | QIODevice::Unbuffered);

    const QUrl url = request.url();
    m_host = url.host();
    m_port = quint16(url.port(80));
    // The head QNAM writes for the same request (qhttpnetworkrequest.cpp, and the fields
    // qhttpnetworkconnection.cpp adds), except Accept-Encoding: without it no server compresses
    // the answer, which this path would then have to inflate.
    QUrl target = url;
    QUrl::FormattingOptions format = QUrl::RemoveFragment | QUrl::RemoveUserInfo |
                                     QUrl::FullyEncoded | QUrl::RemoveScheme |
                                     QUrl::RemoveAuthority;
    if (target.path().isEmpty())
        target.setPath(QStringLiteral("/"));
    else
        format |= QUrl::NormalizePathSegments;
    m_head = verb + ' ' + target.toEncoded(format) + " HTTP/1.1\r\n";
    for (const QByteArray& name : request.rawHeaderList())
        m_head += name + ": " + request.rawHeader(name) + "\r\n";
    // As QNAM: a request with no body (MOVE, MKCOL) has no Content-Length.
    if (m_hasBody && !request.hasRawHeader("Content-Length"))
        m_head += "Content-Length: " + QByteArray::number(m_total) + "\r\n";
    if (!request.hasRawHeader("Host"))
        m_head += "Host: " + SigV4Signer::hostHeader(url) + "\r\n";
    if (!request.hasRawHeader("Connection"))
        m_head += "Connection: Keep-Alive\r\n";
    if (!request.hasRawHeader("Accept-Language"))
        m_head += "Accept-Language: en-US,*\r\n";
    if (!request.hasRawHeader("User-Agent"))
        m_head += "User-Agent: Mozilla/5.0\r\n";
    m_head += "\r\n";

    m_idle.setSingleShot(true);
    int timeout = request.transferTimeout();
    if (timeout == 0)
        timeout = network->transferTimeout();
    m_idle.setInterval(timeout);
    // As QNAM: a transfer with no progress for that long is aborted (OperationCanceledError).
    connect(&m_idle, &QTimer::timeout, this, &DirectHttpReply::abort);
    // A body whose bandwidth budget ran out answers 0 bytes and signals when it has more.
    if (body)
        connect(body, &QIODevice::readyRead, this, &DirectHttpReply::pump);
    // Started from the event loop, as QNAM does: the caller connects to the reply first.
    QMetaObject::invokeMethod(this, &DirectHttpReply::startAttempt, Qt::QueuedConnection);
}

DirectHttpReply::~DirectHttpReply()
{
    releaseSocket(false);
    if (m_qnam) {
        m_qnam->disconnect(this);
        m_qnam->abort();
        delete m_qnam;
    }
}

void DirectHttpReply::startAttempt()
{
    if (m_done)
        return;
    if (m_hasBody && (!m_body || !m_body->seek(0))) {
        fail(UnknownNetworkError, QStringLiteral("The request's body could not be rewound"));
        return;
    }
    m_parser = HttpResponseParser();
    if (m_verb == "HEAD")
        m_parser.answerToHead();
    m_headSent = false;
    m_socketWritten = 0;
    m_bodyQueued = 0;
    m_sendFile = m_total >= kSendFileFrom && qobject_cast<FileRangeDevice*>(m_body.data());
    m_socket = m_pool ? m_pool->take(m_host, m_port) : nullptr;
    const bool reused = m_socket != nullptr;
    if (!m_socket) {
        m_socket = new QTcpSocket;
        // The caller checked that no proxy applies (HttpSend.cpp): never one implicitly.
        m_socket->setProxy(QNetworkProxy::NoProxy);
        if (m_pool)
            m_pool->countOpened();
    }
    m_socket->setParent(this);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &DirectHttpReply::written);
    connect(m_socket, &QTcpSocket::readyRead, this, &DirectHttpReply::readAnswer);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &DirectHttpReply::connectionEnded);
    connect(m_socket, &QTcpSocket::disconnected, this,
            [this] { connectionEnded(QAbstractSocket::RemoteHostClosedError); });
    if (m_idle.interval() > 0)
        m_idle.start();
    if (reused) {
        sendHead();
        return;
    }
    connect(m_socket, &QTcpSocket::connected, this, [this] {
        // As QNAM's channels: no Nagle delay for the head, TCP keep-alive for idle waits.
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
        sendHead();
    });
    m_socket->connectToHost(m_host, m_port);
}

void DirectHttpReply::sendHead()
{
    m_socket->write(m_head);
    m_headSent = true;
    pump();
}

void DirectHttpReply::pump()
{
    if (m_done || !m_socket || !m_headSent || !m_body)
        return;
    if (m_sendFile && !sendFromFile())
        return;
    // A small file's piece is its size: no 256 KiB allocation per file.
    if (const qint64 size = std::min(kPiece, m_total); m_piece.size() < size)
        m_piece.resize(size);
    while (m_bodyQueued < m_total && m_socket->bytesToWrite() < kHighWater) {
        // FileRangeDevice reads a block at a time: fill a piece, write it in one go.
        const qint64 want = std::min(kPiece, m_total - m_bodyQueued);
        qint64 got = 0;
        while (got < want) {
            const qint64 n = m_body->read(m_piece.data() + got, want - got);
            if (n < 0) {
                fail(UnknownNetworkError, m_body->errorString());
                return;
            }
            if (n == 0)
                break; // out of budget: readyRead() calls again
            got += n;
        }
        if (got == 0)
            return;
        m_socket->write(m_piece.constData(), got);
        m_bodyQueued += got;
    }
}

// Returns whether pump() goes on with the usual writes (false: wait for bytesWritten() or the
// body's readyRead()).
bool DirectHttpReply::sendFromFile()
{
    // Bytes in the socket's buffer (the head, the last wake-up piece) go first.
    if (m_socket->bytesToWrite() > 0)
        return false;
    auto* file = static_cast<FileRangeDevice*>(m_body.data());
    const qintptr fd = m_socket->socketDescriptor();
    qint64 burst = 0;
    while (m_bodyQueued < m_total && burst < kBurst) {
        bool socketFull = false;
        const qint64 n =
            file->sendTo(fd, std::min(kBurst - burst, m_total - m_bodyQueued), &socketFull);
        if (n < 0) {
            m_sendFile = false; // the usual writes from here; they also meet any socket error
            break;
        }
        if (n == 0)
            break;
        burst += n;
        m_bodyQueued += n;
        if (socketFull)
            break;
    }
    if (burst > 0) {
        m_socketWritten += burst;
        if (!reportProgress())
            return false;
    }
    if (!m_sendFile)
        return true;
    if (m_bodyQueued == m_total)
        return false;
    // The wake-up: one piece through the socket's buffer, so that its bytesWritten() calls
    // pump() again once the kernel has room (or on the next pass of the event loop).
    const qint64 want = std::min(kWakePiece, m_total - m_bodyQueued);
    if (m_piece.size() < want) // kept for the next burst's wake-up: one allocation per reply
        m_piece.resize(want);
    const qint64 got = m_body->read(m_piece.data(), want);
    if (got < 0) {
        fail(UnknownNetworkError, m_body->errorString());
        return false;
    }
    if (got > 0) {
        m_socket->write(m_piece.constData(), got);
        m_bodyQueued += got;
    }
    return false; // got == 0: out of budget, the body's readyRead() calls pump() again
}

void DirectHttpReply::written(qint64 bytes)
{
    m_socketWritten += bytes;
    if (reportProgress())
        pump();
}

// The transfer timeout restarted and uploadProgress() for the body's bytes the socket took.
// False when a receiver of that signal ended the reply.
bool DirectHttpReply::reportProgress()
{
    const qint64 body = std::max<qint64>(0, m_socketWritten - m_head.size());
    if (m_idle.interval() > 0)
        m_idle.start();
    if (m_hasBody && body != m_bodyReported) { // QNAM reports no progress without a body
        m_bodyReported = body;
        Q_EMIT uploadProgress(body, m_total);
    }
    return !m_done;
}

void DirectHttpReply::readAnswer()
{
    if (m_done || !m_socket)
        return;
    if (m_idle.interval() > 0)
        m_idle.start();
    m_parser.feed(m_socket->readAll());
    advance();
}

void DirectHttpReply::connectionEnded(QAbstractSocket::SocketError error)
{
    if (m_done || !m_socket)
        return;
    // What the server said before the connection ended still counts (an early 413, say).
    m_parser.feed(m_socket->readAll());
    if (m_parser.done() || m_parser.failed()) {
        advance();
        return;
    }
    const QString socketError = m_socket->errorString();
    if (error == QAbstractSocket::RemoteHostClosedError) {
        if (!m_parser.sawAnyByte() && m_resendsLeft > 0) {
            // A kept-alive connection the server closed meanwhile, or one lost before it
            // answered: QNAM sends the request again on a new connection, so does this.
            --m_resendsLeft;
            releaseSocket(false);
            startAttempt();
            return;
        }
        m_parser.endOfStream(); // completes an answer delimited by the close
        if (m_parser.done()) {
            advance();
            return;
        }
        fail(RemoteHostClosedError, QStringLiteral("Connection closed"));
        return;
    }
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        fail(ConnectionRefusedError, QStringLiteral("Connection refused"));
        return;
    case QAbstractSocket::HostNotFoundError:
        fail(HostNotFoundError, QStringLiteral("Host %1 not found").arg(m_host));
        return;
    case QAbstractSocket::SocketTimeoutError:
        fail(TimeoutError, QStringLiteral("Connection timed out"));
        return;
    default:
        fail(UnknownNetworkError, socketError);
        return;
    }
}

bool DirectHttpReply::needsQnam(int status) const
{
    if (!isRedirect(status))
        return false;
    const QVariant policy = request().attribute(QNetworkRequest::RedirectPolicyAttribute);
    const auto effective =
        policy.isValid()
            ? QNetworkRequest::RedirectPolicy(policy.toInt())
            : (m_network ? m_network->redirectPolicy() : QNetworkRequest::NoLessSafeRedirectPolicy);
    return effective != QNetworkRequest::ManualRedirectPolicy;
}

void DirectHttpReply::advance()
{
    if (m_done)
        return;
    if (m_parser.failed()) {
        fail(ProtocolFailure, QStringLiteral("The server's answer is not valid HTTP: %1")
                                  .arg(QString::fromLatin1(m_parser.failure())));
        return;
    }
    if (m_parser.headersDone() && !m_headApplied) {
        if (needsQnam(m_parser.status())) {
            sendThroughQnam();
            return;
        }
        applyHead();
        if (m_done)
            return;
    }
    m_data += m_parser.takeBody();
    if (m_parser.done())
        complete();
}

void DirectHttpReply::applyHead()
{
    m_headApplied = true;
    const int status = m_parser.status();
    setAttribute(QNetworkRequest::HttpStatusCodeAttribute, status);
    setAttribute(QNetworkRequest::HttpReasonPhraseAttribute,
                 QString::fromLatin1(m_parser.reason()));
    setAttribute(QNetworkRequest::Http2WasUsedAttribute, false);
    setAttribute(QNetworkRequest::ConnectionEncryptedAttribute, false);
    // Repeated fields joined as QNAM joins them.
    for (const auto& [name, value] : m_parser.headers()) {
        QByteArray joined = rawHeader(name);
        if (!joined.isEmpty())
            joined += name.compare("Set-Cookie", Qt::CaseInsensitive) == 0 ? "\n" : ", ";
        setRawHeader(name, joined + value);
    }
    if (isRedirect(status) && hasRawHeader("Location"))
        setAttribute(QNetworkRequest::RedirectionTargetAttribute,
                     QUrl::fromEncoded(rawHeader("Location")));
    if (m_network && hasRawHeader("Set-Cookie")) {
        if (QNetworkCookieJar* jar = m_network->cookieJar())
            jar->setCookiesFromUrl(QNetworkCookie::parseCookies(rawHeader("Set-Cookie")), url());
    }
    Q_EMIT metaDataChanged();
}

void DirectHttpReply::complete()
{
    // Reusable only when the server read the whole request and the answer allows another.
    const bool keep = m_parser.keepAlive() && m_bodyQueued == m_total &&
                      m_socket->bytesToWrite() == 0 &&
                      m_socket->state() == QAbstractSocket::ConnectedState;
    releaseSocket(keep);
    const int status = m_parser.status();
    if (status == 401) {
        // QNAM asks its authenticationRequired() listeners (Keepsake has none: the destinations
        // send their own Authorization) and its credential cache (filled only by such listeners
        // or a URL's user info, which the direct path never has); with no answer it ends so.
        setError(AuthenticationRequiredError, QStringLiteral("Host requires authentication"));
    } else if (status >= 400) {
        setError(errorForStatus(status),
                 QStringLiteral("Error transferring %1 - server replied: %2")
                     .arg(url().toString(), QString::fromLatin1(m_parser.reason())));
    }
    finish();
}

void DirectHttpReply::sendThroughQnam()
{
    releaseSocket(false);
    m_idle.stop();
    m_wentThroughQnam = true;
    if (!m_network || (m_hasBody && (!m_body || !m_body->seek(0)))) {
        fail(UnknownNetworkError, QStringLiteral("The request's body could not be rewound"));
        return;
    }
    if (m_body)
        disconnect(m_body, &QIODevice::readyRead, this, &DirectHttpReply::pump);
    QNetworkRequest req = request();
    req.setAttribute(QNetworkRequest::CustomVerbAttribute, QVariant());
    m_qnam = m_network->sendCustomRequest(req, m_verb, m_body);
    connect(m_qnam, &QNetworkReply::uploadProgress, this, &QNetworkReply::uploadProgress);
    connect(m_qnam, &QNetworkReply::finished, this, &DirectHttpReply::adoptQnamReply);
}

void DirectHttpReply::adoptQnamReply()
{
    QNetworkReply* r = m_qnam;
    m_qnam = nullptr;
    if (!r || m_done)
        return;
    r->disconnect(this);
    r->deleteLater();
    for (const auto a :
         {QNetworkRequest::HttpStatusCodeAttribute, QNetworkRequest::HttpReasonPhraseAttribute,
          QNetworkRequest::RedirectionTargetAttribute, QNetworkRequest::Http2WasUsedAttribute,
          QNetworkRequest::ConnectionEncryptedAttribute})
        setAttribute(a, r->attribute(a));
    for (const auto& [name, value] : r->rawHeaderPairs())
        setRawHeader(name, value);
    setUrl(r->url());
    m_data = r->readAll();
    m_headApplied = true;
    Q_EMIT metaDataChanged();
    if (r->error() != NoError)
        setError(r->error(), r->errorString());
    finish();
}

void DirectHttpReply::releaseSocket(bool keep)
{
    QTcpSocket* socket = std::exchange(m_socket, nullptr);
    if (!socket)
        return;
    socket->disconnect(this);
    if (keep && m_pool) {
        m_pool->put(m_host, m_port, socket);
        return;
    }
    socket->abort();
    socket->deleteLater();
}

void DirectHttpReply::fail(NetworkError code, const QString& message)
{
    if (m_done)
        return;
    releaseSocket(false);
    setError(code, message);
    finish();
}

void DirectHttpReply::finish()
{
    m_done = true;
    m_idle.stop();
    m_piece = QByteArray();
    if (m_body)
        disconnect(m_body, &QIODevice::readyRead, this, &DirectHttpReply::pump);
    setFinished(true);
    if (!m_data.isEmpty()) {
        Q_EMIT downloadProgress(m_data.size(), m_data.size());
        Q_EMIT readyRead();
    }
    if (error() != NoError)
        Q_EMIT errorOccurred(error());
    Q_EMIT finished();
}

void DirectHttpReply::abort()
{
    if (m_done)
        return;
    if (QNetworkReply* r = std::exchange(m_qnam, nullptr)) {
        r->disconnect(this);
        r->abort();
        r->deleteLater();
    }
    releaseSocket(false);
    QNetworkReply::close();
    m_data.clear();
    setError(OperationCanceledError, QStringLiteral("Operation canceled"));
    finish();
}

qint64 DirectHttpReply::bytesAvailable() const
{
    return QNetworkReply::bytesAvailable() + (m_data.size() - m_readPos);
}

qint64 DirectHttpReply::readData(char* data, qint64 maxSize)
{
    const qint64 n = std::min<qint64>(maxSize, m_data.size() - m_readPos);
    if (n <= 0)
        return m_done ? -1 : 0;
    memcpy(data, m_data.constData() + m_readPos, size_t(n));
    m_readPos += n;
    return n;
}

} // namespace ks
