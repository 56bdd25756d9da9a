#include "S3Destination.h"

#include "FileRangeDevice.h"
#include "S3AbandonedUploads.h"
#include "S3FolderListing.h"
#include "S3Multipart.h"
#include "S3Operation.h"
#include "TransferTimeout.h"

#include <QCryptographicHash>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRegularExpression>

namespace ks {

namespace {

const QString kExists = QStringLiteral("A different file already has this name at the destination");

int statusOf(QNetworkReply* r)
{
    return r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

// An ETag that is an MD5 (single PUT) or an MD5 of MD5s (multipart). Encrypted objects
// (SSE-KMS, SSE-C) carry other ETags, which say nothing about the content.
bool isMd5Etag(const QString& etag)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-f]{32}(-[0-9]+)?$"));
    return re.match(etag).hasMatch();
}

} // namespace

S3Destination::S3Destination(const S3Settings& settings, const QString& secret,
                             QNetworkAccessManager* network, const QString& pinnedSha256,
                             QObject* parent)
    : Destination(parent), m_settings(settings),
      m_signer(settings.accessKeyId, secret, settings.region), m_network(network),
      m_pinnedSha256(pinnedSha256), m_listing(new S3FolderListing(this))
{
}

QString S3Destination::describe() const
{
    return QStringLiteral("S3 s3://%1/%2 at %3")
        .arg(m_settings.bucket, m_settings.prefix, m_settings.endpoint.toString());
}

QNetworkRequest S3Destination::request(const QString& key, const QUrlQuery& query) const
{
    QUrl url = m_settings.urlFor(key);
    QByteArray encoded;
    for (const auto& [name, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (!encoded.isEmpty())
            encoded += '&';
        encoded += SigV4Signer::uriEncode(name.toUtf8(), false);
        if (!value.isEmpty())
            encoded += '=' + SigV4Signer::uriEncode(value.toUtf8(), false);
    }
    if (!encoded.isEmpty())
        url.setQuery(QString::fromLatin1(encoded), QUrl::StrictMode);
    QNetworkRequest req(url);
    req.setTransferTimeout(transferTimeoutMs()); // of inactivity: progress resets it
    // A redirect would need a new signature for the new host: report it instead (S3 sends one
    // when the bucket lives in another region, with a message that says so).
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    // HTTP/1.1 only: see WebDavDestination::request() (a whole body in memory over HTTP/2).
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    return req;
}

DestinationReply* S3Destination::upload(const UploadRequest& request)
{
    auto* op = new S3Operation(this);
    op->m_result.remotePath = request.remotePath;
    const QString key = m_settings.keyFor(request.remotePath);
    auto afterLook = [this, op, request, key](const S3ObjectInfo& existing) {
        if (existing.exists) {
            op->m_result.exists = true;
            op->done(Error::permanent(kExists));
            return;
        }
        // From here the key may exist: a later upload to it asks the server again.
        m_listing->touched(key);
        const bool multipart = request.size >= m_settings.effectiveMultipartThreshold();
        if (!multipart) {
            // One pass: the file is hashed as it is sent (FileRangeDevice), and the PUT's answer
            // is checked against that; no read before, no HEAD after.
            const S3ResumeState stale = S3ResumeState::fromJson(request.resumeState);
            if (stale.isValid()) {
                // The file went multipart before (it was larger before it changed, or the
                // threshold changed since): that upload is of no use any more.
                op->sendBytes(
                    "DELETE", stale.key, QUrlQuery{{QStringLiteral("uploadId"), stale.uploadId}},
                    {}, {},
                    [this, op, request, key](QNetworkReply*) { putObject(op, request, key); });
                return;
            }
            if (!stale.key.isEmpty()) {
                // A multipart upload was being begun and its id never heard: find and abort it.
                auto* sweep =
                    new S3AbandonedUploads(op, stale.key, QString(), [this, op, request, key] {
                        putObject(op, request, key);
                    });
                sweep->start();
                return;
            }
            putObject(op, request, key);
            return;
        }
        // A resumed upload keeps the cut it started with, or its parts would not match.
        const S3ResumeState state = S3ResumeState::fromJson(request.resumeState);
        const qint64 partSize = state.isValid() && state.key == key && state.size == request.size
                                    ? state.partSize
                                    : m_settings.partSizeFor(request.size);
        // The parts' checks (S3PartChecks) tie what the server assembles to the digest pass,
        // and the pass to the bytes the scan hashed; the final ETag check ties the object to
        // the pass.
        auto* upload = new S3MultipartUpload(
            op, request, key, partSize,
            [this, op, request, key](const FileDigests& d) { verify(op, request, key, d); });
        upload->start();
    };
    // A HEAD only where the folder's listing holds the name (or cannot tell).
    const QPointer<S3Operation> alive = op;
    m_listing->mayExist(key, [this, alive, key, afterLook](bool mayExist) {
        if (!alive || alive->isFinished())
            return;
        if (mayExist) {
            alive->head(key, afterLook);
            return;
        }
        afterLook(S3ObjectInfo());
    });
    return op;
}

void S3Destination::putObject(S3Operation* op, const UploadRequest& request, const QString& key)
{
    auto* body = new FileRangeDevice(request.localPath, 0, request.size, bandwidthLimiter());
    body->enableMd5();
    body->vouchByChangeTime(request.ctimeNs, request.sha256);
    if (!body->open(QIODevice::ReadOnly)) {
        delete body;
        op->done(Error::transient(QStringLiteral("The local file cannot be read")));
        return;
    }
    const QPointer<FileRangeDevice> sent = body;
    // No Content-MD5: it would need the file read once more before sending. The signed
    // x-amz-content-sha256 (the scan's hash) makes S3 itself refuse any other bytes, and the
    // ETag of the answer is checked against the MD5 of what was sent.
    QList<SigV4Signer::Header> headers;
    if (m_conditionalWrites)
        headers.append(SigV4Signer::Header("If-None-Match", "*"));
    QByteArray payloadHash = SigV4Signer::kUnsignedPayload;
    if (request.sha256.size() == 32) {
        // The server checks the signed SHA-256 of what it received: the engine's own hash of
        // the file, so nothing but the bytes that were scanned can arrive.
        payloadHash = request.sha256.toHex();
        headers.append(SigV4Signer::Header("x-amz-meta-keepsake-sha256", payloadHash));
    }
    QNetworkReply* reply = op->send(
        "PUT", key, {}, headers, body, payloadHash,
        [this, op, request, key, sent](QNetworkReply* r) {
            const QByteArray response = r->readAll();
            const int status = statusOf(r);
            if (status == 412) {
                op->m_result.exists = true;
                op->done(Error::permanent(kExists));
                return;
            }
            if (status == 501 && m_conditionalWrites) {
                refuseConditionalWrites();
                putObject(op, request, key);
                return;
            }
            // A whole pass was sent and it is not what the scan hashed: the file changed. S3
            // refuses such a body (400 XAmzContentSHA256Mismatch), and taken as a plain error
            // it would be sent again with the old hash until the attempts ran out, never read
            // again when its size and time were put back. (A server that stored it: below.)
            const bool sentOther =
                sent && (sent->changedWhileSent() ||
                         (!sent->sentSha256().isEmpty() && request.sha256.size() == 32 &&
                          sent->sentSha256() != request.sha256));
            if ((sent && sent->shrank()) || (sentOther && status / 100 != 2)) {
                op->m_result.sourceChanged = true;
                op->done(Error::transient(
                    QStringLiteral("The file changed while it was sent; it will be read again")));
                return;
            }
            if (const Error e = s3ErrorFor(r, response, QStringLiteral("Sending the file"),
                                           m_settings.bucket)) {
                op->done(e);
                return;
            }
            FileDigests d;
            d.size = request.size;
            d.partSize = std::max<qint64>(1, request.size);
            d.md5 = request.size == 0 ? QCryptographicHash::hash({}, QCryptographicHash::Md5)
                    : sent            ? sent->sentMd5()
                                      : QByteArray();
            const QByteArray sha = request.size == 0 ? QByteArray()
                                   : sent            ? sent->sentSha256()
                                                     : QByteArray();
            if (d.md5.isEmpty() ||
                (request.sha256.size() == 32 && request.size > 0 && sha != request.sha256)) {
                // Not the bytes the scan hashed (the file changed while it was sent). S3 itself
                // refuses a body whose SHA-256 is not the signed one, but a server that does not
                // check (s3rver, some S3-compatible stores) answered 200 and now holds them under
                // the final name, with metadata naming the scanned hash: a later look would take
                // them for that version, or the new version would go beside them under a
                // suffixed name. Our PUT made the object (If-None-Match, or the HEAD before), so
                // it is ours to remove.
                op->m_result.sourceChanged = true;
                op->sendBytes("DELETE", key, {}, {}, {}, [op](QNetworkReply* del) {
                    const int status = statusOf(del);
                    op->done(Error::transient(
                        status == 204 || status == 200 || status == 404
                            ? QStringLiteral(
                                  "The file changed while it was sent; it will be read again")
                            : QStringLiteral("The file changed while it was sent, and the copy "
                                             "the server kept could not be removed (HTTP %1); "
                                             "it will be read again")
                                  .arg(status)));
                });
                return;
            }
            d.partMd5s = {d.md5};
            const QString etag = normalizedEtag(QString::fromLatin1(r->rawHeader("ETag")));
            if (!isMd5Etag(etag)) {
                // No ETag, or one that is no MD5 (SSE-KMS): ask for the size at least.
                verify(op, request, key, d);
                return;
            }
            if (!d.matchesEtag(etag)) {
                op->done(Error::transient(
                    QStringLiteral("The server's checksum (ETag %1) does not match the bytes sent")
                        .arg(etag)));
                return;
            }
            // The server stored exactly the bytes sent (its MD5), which are the bytes scanned.
            op->m_result.exists = true;
            op->m_result.size = request.size;
            op->m_result.tag = QStringLiteral("etag:") + etag;
            op->m_result.verified = true;
            op->done();
        });
    if (reply)
        connect(reply, &QNetworkReply::uploadProgress, op, &DestinationReply::progress);
}

void S3Destination::verify(S3Operation* op, const UploadRequest& request, const QString& key,
                           const FileDigests& digests)
{
    op->head(key, [op, request, digests](const S3ObjectInfo& info) {
        if (!info.exists || info.size != request.size) {
            op->done(Error::transient(QStringLiteral("The server holds %1 bytes instead of %2")
                                          .arg(info.size)
                                          .arg(request.size)));
            return;
        }
        if (isMd5Etag(info.etag) && !digests.matchesEtag(info.etag)) {
            op->done(Error::transient(
                QStringLiteral("The server's checksum (ETag %1) does not match the bytes sent")
                    .arg(info.etag)));
            return;
        }
        op->m_result.exists = true;
        op->m_result.size = info.size;
        op->m_result.tag = QStringLiteral("etag:") + info.etag;
        op->m_result.verified = true;
        op->done();
    });
}

DestinationReply* S3Destination::stat(const QString& remotePath)
{
    auto* op = new S3Operation(this);
    op->m_result.remotePath = remotePath;
    op->head(m_settings.keyFor(remotePath), [op](const S3ObjectInfo& info) {
        op->m_result.exists = info.exists;
        op->m_result.size = info.size;
        op->m_result.sha256 = info.sha256;
        op->m_result.tag = info.etag.isEmpty() ? QString() : QStringLiteral("etag:") + info.etag;
        op->done();
    });
    return op;
}

DestinationReply* S3Destination::removeIncomplete(const UploadRequest& request)
{
    auto* op = new S3Operation(this);
    const S3ResumeState state = S3ResumeState::fromJson(request.resumeState);
    if (!state.isValid() || state.key == m_settings.keyFor(request.remotePath)) {
        op->done();
        return op;
    }
    abortUpload(op, state);
    return op;
}

DestinationReply* S3Destination::abandon(const UploadRequest& request)
{
    auto* op = new S3Operation(this);
    const S3ResumeState state = S3ResumeState::fromJson(request.resumeState);
    if (state.key.isEmpty()) {
        op->done(); // a single PUT leaves nothing behind
        return op;
    }
    if (!state.isValid()) {
        // Its begin was never heard: find the upload by its key.
        auto* sweep = new S3AbandonedUploads(op, state.key, QString(), [op] { op->done(); });
        sweep->start();
        return op;
    }
    abortUpload(op, state);
    return op;
}

void S3Destination::abortUpload(S3Operation* op, const S3ResumeState& state)
{
    op->sendBytes("DELETE", state.key, QUrlQuery{{QStringLiteral("uploadId"), state.uploadId}}, {},
                  {}, [this, op](QNetworkReply* r) {
                      const QByteArray body = r->readAll();
                      // 404 NoSuchUpload: completed, aborted or expired already, as wanted.
                      if (statusOf(r) != 404) {
                          if (const Error e =
                                  s3ErrorFor(r, body, QStringLiteral("Abandoning a partial upload"),
                                             m_settings.bucket)) {
                              op->done(e);
                              return;
                          }
                      }
                      op->done();
                  });
}

DestinationReply* S3Destination::test()
{
    auto* op = new S3Operation(this);
    const QUrlQuery list{{QStringLiteral("list-type"), QStringLiteral("2")},
                         {QStringLiteral("max-keys"), QStringLiteral("1")},
                         {QStringLiteral("prefix"), m_settings.prefix}};
    const QString probe = m_settings.keyFor(QStringLiteral(".keepsake-write-test"));
    op->sendBytes("GET", QString(), list, {}, {}, [this, op, probe](QNetworkReply* r) {
        const QByteArray body = r->readAll();
        if (const Error e =
                s3ErrorFor(r, body, QStringLiteral("Listing the bucket"), m_settings.bucket)) {
            op->done(e);
            return;
        }
        op->sendBytes("PUT", probe, {}, {}, "keepsake", [this, op, probe](QNetworkReply* p) {
            const QByteArray answer = p->readAll();
            if (const Error e = s3ErrorFor(p, answer, QStringLiteral("Writing a test file"),
                                           m_settings.bucket)) {
                op->done(e);
                return;
            }
            op->sendBytes("DELETE", probe, {}, {}, {}, [op](QNetworkReply*) {
                op->m_result.exists = true;
                op->done();
            });
        });
    });
    return op;
}

} // namespace ks
