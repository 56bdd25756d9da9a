#include "HttpErrors.h"

#include "TlsTrust.h"
#include "TransferTimeout.h"

#include <QDateTime>
#include <QNetworkReply>

namespace ks {

Error errorForReply(QNetworkReply* reply, const QString& what)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QNetworkReply::NetworkError net = reply->error();
    if (net == QNetworkReply::OperationCanceledError) {
        // Keepsake's own cancels never get here: its operations drop or disconnect a request
        // before aborting it. Qt ends a request this way when its transfer timeout fires, when
        // no byte moved for that long: a stalled server or route, to retry like any timeout.
        return Error::transient(QStringLiteral("%1: the server sent nothing for %2 s (timed out)")
                                    .arg(what)
                                    .arg(transferTimeoutMs() / 1000));
    }
    if (status >= 200 && status < 300 && net == QNetworkReply::NoError)
        return {};
    if (status == 0 || net == QNetworkReply::TimeoutError) {
        // No HTTP answer at all: the network or the server is away, or TLS failed.
        switch (net) {
        case QNetworkReply::SslHandshakeFailedError: {
            const QString seen = tls::untrustedFingerprint(reply);
            if (seen.isEmpty())
                return Error::permanent(QStringLiteral("%1: the secure connection failed (%2)")
                                            .arg(what, reply->errorString()));
            if (const QString pin = tls::refusedPin(reply); !pin.isEmpty())
                return Error::permanent(
                    QStringLiteral("%1: the server's certificate changed since you trusted it "
                                   "(trusted %2, now %3). Nothing was sent. If you replaced it "
                                   "yourself, trust the new one with: keepsake-cli destination "
                                   "trust NAME %3; otherwise someone may be intercepting the "
                                   "connection")
                        .arg(what, pin, seen));
            return Error::permanent(
                QStringLiteral("%1: the server's certificate is not trusted (%2). If this is your "
                               "own server and you recognise its certificate, trust it with: "
                               "keepsake-cli destination trust NAME %3")
                    .arg(what, reply->errorString(), seen));
        }
        case QNetworkReply::ProtocolUnknownError:
        case QNetworkReply::ProtocolInvalidOperationError:
            return Error::permanent(QStringLiteral("%1: %2").arg(what, reply->errorString()));
        default:
            return Error::transient(QStringLiteral("%1: %2").arg(what, reply->errorString()));
        }
    }
    Error e;
    e.httpStatus = status;
    e.kind = errorClassForHttpStatus(status);
    if (e.kind == ErrorClass::None)
        e.kind = ErrorClass::Permanent;
    switch (status) {
    case 301:
    case 302:
    case 303:
    case 307:
    case 308:
        // Only same-origin redirects are followed: credentials never go to another host and
        // HTTPS never falls back to HTTP.
        e.kind = ErrorClass::Permanent;
        e.message =
            QStringLiteral("%1: the server redirects to %2; Keepsake follows redirects only "
                           "on the same server. Change the destination's address to it")
                .arg(what, reply->header(QNetworkRequest::LocationHeader)
                               .toUrl()
                               .toString(QUrl::RemoveUserInfo));
        break;
    case 401:
    case 403:
        e.message = QStringLiteral("%1: the server refused the user name or password (HTTP %2)")
                        .arg(what)
                        .arg(status);
        break;
    case 404:
    case 409:
        e.message = QStringLiteral("%1: the folder does not exist on the server (HTTP %2)")
                        .arg(what)
                        .arg(status);
        break;
    case 413:
        e.message = QStringLiteral("%1: the file is too large for the server (HTTP 413)").arg(what);
        break;
    case 507:
        e.kind = ErrorClass::Permanent; // a full disk or quota waits for the user, not a timer
        e.message = QStringLiteral("%1: the server is out of space (HTTP 507)").arg(what);
        break;
    default:
        e.message =
            QStringLiteral("%1: HTTP %2 %3")
                .arg(what)
                .arg(status)
                .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    }
    const QByteArray retryAfter = reply->rawHeader("Retry-After");
    if (!retryAfter.isEmpty()) {
        bool ok = false;
        const qint64 seconds = retryAfter.toLongLong(&ok);
        if (ok)
            e.retryAfterMs = seconds * 1000;
        else if (const QDateTime at =
                     QDateTime::fromString(QString::fromLatin1(retryAfter), Qt::RFC2822Date);
                 at.isValid())
            e.retryAfterMs = std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at));
    }
    return e;
}

} // namespace ks
