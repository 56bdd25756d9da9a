#include "S3Operation.h"

#include "HttpErrors.h"
#include "HttpSend.h"
#include "S3Destination.h"
#include "TlsTrust.h"
#include "common/WorkPool.h"

#include <QBuffer>
#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QXmlStreamReader>
#include <QtConcurrent/QtConcurrentRun>

namespace ks {

S3ErrorBody parseS3Error(const QByteArray& xml)
{
    S3ErrorBody e;
    QXmlStreamReader reader(xml);
    bool inError = false;
    while (!reader.atEnd()) {
        reader.readNext();
        if (!reader.isStartElement())
            continue;
        const auto name = reader.name();
        if (name == QLatin1String("Error"))
            inError = true;
        else if (inError && name == QLatin1String("Code"))
            e.code = reader.readElementText();
        else if (inError && name == QLatin1String("Message"))
            e.message = reader.readElementText();
    }
    return e;
}

Error s3ErrorFor(QNetworkReply* reply, const QByteArray& body, const QString& what,
                 const QString& bucket)
{
    Error e = errorForReply(reply, what);
    if (!e || e.kind == ErrorClass::Cancelled || e.httpStatus == 0)
        return e;
    const int status = e.httpStatus;
    const S3ErrorBody s3 = parseS3Error(body);
    const QString detail = s3.code.isEmpty()
                               ? QStringLiteral("HTTP %1").arg(status)
                               : QStringLiteral("%1, HTTP %2").arg(s3.code).arg(status);
    if (s3.code == QLatin1String("NoSuchBucket")) {
        e.kind = ErrorClass::Permanent;
        e.message =
            QStringLiteral("%1: the bucket \"%2\" does not exist (%3)").arg(what, bucket, detail);
    } else if (s3.code == QLatin1String("RequestTimeTooSkewed")) {
        e.kind = ErrorClass::Permanent;
        e.message = QStringLiteral("%1: this computer's clock differs too much from the "
                                   "server's; set the right time (%2)")
                        .arg(what, detail);
    } else if (status == 401 || status == 403) {
        e.kind = ErrorClass::Permanent;
        e.message = QStringLiteral("%1: access key or secret refused (%2)").arg(what, detail);
    } else if (s3.code == QLatin1String("RequestTimeout") || s3.code == QLatin1String("SlowDown") ||
               s3.code == QLatin1String("BadDigest") ||
               s3.code == QLatin1String("XAmzContentSHA256Mismatch")) {
        // S3 answers a stalled upload with 400 RequestTimeout, and a body damaged on the way
        // (or a file changed while it was sent) with 400 BadDigest or a SHA-256 mismatch: all
        // are worth another attempt.
        e.kind = ErrorClass::Transient;
        e.message = QStringLiteral("%1: %2 (%3)")
                        .arg(what, s3.message.isEmpty() ? s3.code : s3.message, detail);
    } else if (!s3.code.isEmpty()) {
        e.message = QStringLiteral("%1: %2 (%3)")
                        .arg(what, s3.message.isEmpty() ? s3.code : s3.message, detail);
    } else if (status == 404) {
        e.message = QStringLiteral("%1: not found on the server (HTTP 404)").arg(what);
    }
    return e;
}

S3Operation::S3Operation(S3Destination* dest) : DestinationReply(dest), m_dest(dest) {}

S3Operation::~S3Operation()
{
    // Pool work still running sees the flag and stops early.
    m_cancel->store(true);
    abortAll();
}

void S3Operation::cancel()
{
    if (isFinished())
        return;
    m_cancel->store(true);
    // A multipart upload stays on the server: the next attempt continues it.
    done(Error::cancelled());
}

void S3Operation::abortAll()
{
    const QList<QPointer<QNetworkReply>> replies = std::exchange(m_inFlight, {});
    for (const QPointer<QNetworkReply>& r : replies) {
        if (r) {
            r->disconnect(this);
            r->abort();
            r->deleteLater();
        }
    }
}

void S3Operation::done()
{
    finish(m_result);
    abortAll();
}

void S3Operation::done(const Error& error)
{
    DestinationResult r = m_result;
    r.error = error;
    finish(r);
    abortAll();
}

QNetworkReply* S3Operation::send(const QByteArray& verb, const QString& key, const QUrlQuery& query,
                                 const QList<Header>& headers, QIODevice* body,
                                 const QByteArray& payloadHash, Next next)
{
    if (isFinished()) {
        delete body;
        return nullptr;
    }
    QNetworkRequest req = m_dest->request(key, query);
    for (const auto& [name, value] : headers)
        req.setRawHeader(name, value);
    if (body) {
        req.setHeader(QNetworkRequest::ContentLengthHeader, body->size());
        if (!req.hasRawHeader("Content-Type"))
            req.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/octet-stream"));
    }
    m_dest->signer().sign(req, verb, payloadHash);
    QNetworkAccessManager* network = m_dest->network();
    QNetworkReply* reply = nullptr;
    // HEAD and GET through their own calls: as a custom verb, Qt would wait for a HEAD body.
    if (verb == "HEAD")
        reply = network->head(req);
    else if (verb == "GET")
        reply = network->get(req);
    else
        reply = sendRequest(network, req, verb, body);
    tls::guard(reply, m_dest->pinnedCertificate());
    if (body)
        body->setParent(reply);
    m_inFlight.append(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, next] {
        reply->deleteLater();
        m_inFlight.removeAll(reply);
        if (isFinished())
            return;
        if (cancelled()) {
            done(Error::cancelled());
            return;
        }
        next(reply);
    });
    return reply;
}

QNetworkReply* S3Operation::sendBytes(const QByteArray& verb, const QString& key,
                                      const QUrlQuery& query, const QList<Header>& headers,
                                      const QByteArray& body, Next next)
{
    QBuffer* buffer = nullptr;
    if (!body.isEmpty() || verb == "PUT" || verb == "POST") {
        buffer = new QBuffer;
        buffer->setData(body);
        buffer->open(QIODevice::ReadOnly);
    }
    return send(verb, key, query, headers, buffer, SigV4Signer::payloadHash(body), next);
}

void S3Operation::head(const QString& key, std::function<void(const S3ObjectInfo&)> then)
{
    sendBytes("HEAD", key, {}, {}, {}, [this, then](QNetworkReply* r) {
        const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        S3ObjectInfo info;
        if (status == 404) {
            then(info);
            return;
        }
        if (const Error e = s3ErrorFor(r, {}, QStringLiteral("Checking the file on the server"),
                                       m_dest->settings().bucket)) {
            done(e);
            return;
        }
        info.exists = true;
        info.size = r->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        info.etag = normalizedEtag(QString::fromLatin1(r->rawHeader("ETag")));
        info.sha256 = QByteArray::fromHex(r->rawHeader("x-amz-meta-keepsake-sha256"));
        then(info);
    });
}

void S3Operation::digest(const UploadRequest& request, qint64 partSize,
                         std::function<void(const FileDigests&)> then)
{
    auto* watcher = new QFutureWatcher<FileDigests>(this);
    connect(watcher, &QFutureWatcher<FileDigests>::finished, this, [this, watcher, then] {
        watcher->deleteLater();
        if (isFinished())
            return;
        const FileDigests d = watcher->result();
        if (d.error.kind == ErrorClass::Cancelled) {
            done(d.error);
            return;
        }
        then(d);
    });
    watcher->setFuture(QtConcurrent::run(workPool(), digestFile, request.localPath, partSize,
                                         m_cancel, request.ctimeNs, request.sha256));
}

} // namespace ks
