#include "S3Multipart.h"

#include "FileRangeDevice.h"
#include "S3AbandonedUploads.h"
#include "S3Destination.h"
#include "S3Operation.h"

#include <QFileInfo>
#include <QNetworkReply>
#include <QPointer>

namespace ks {

namespace {

int statusOf(QNetworkReply* r)
{
    return r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

S3MultipartUpload::S3MultipartUpload(S3Operation* op, const UploadRequest& request,
                                     const QString& key, qint64 partSize, Then then)
    : QObject(op), m_op(op), m_request(request), m_key(key), m_parts(request.size, partSize),
      m_then(std::move(then)), m_done(m_parts.count(), false), m_sending(m_parts.count(), 0),
      m_inFlight(m_parts.count(), false)
{
}

void S3MultipartUpload::start()
{
    const S3ResumeState state = S3ResumeState::fromJson(m_request.resumeState);
    if (state.isValid() && state.key == m_key && state.size == m_parts.size() &&
        state.partSize == m_parts.partSize()) {
        resume(state.uploadId);
        return;
    }
    // Fresh: the pass runs beside the upload, and pump() waits for it before assembling.
    m_op->digest(m_request, m_parts.partSize(), [this](const FileDigests& d) { passDone(d); });
    if (state.isValid()) {
        // An upload for another name or another cut of the file: of no use, and it costs
        // storage.
        m_op->sendBytes("DELETE", state.key,
                        QUrlQuery{{QStringLiteral("uploadId"), state.uploadId}}, {}, {},
                        [this](QNetworkReply*) { initiate(); });
        return;
    }
    if (state.key.isEmpty()) {
        initiate();
        return;
    }
    // An earlier attempt began an upload and never heard its id: find it and abort it.
    auto* sweep = new S3AbandonedUploads(m_op, state.key, QString(), [this] { initiate(); });
    sweep->start();
}

void S3MultipartUpload::resume(const QString& uploadId)
{
    // ListParts needs the pass's MD5s to know which parts the server holds: the pass goes first.
    m_op->digest(m_request, m_parts.partSize(), [this, uploadId](const FileDigests& d) {
        if (d.error) {
            // The upload stays named in the resume state: the next attempt resumes or aborts it.
            m_op->done(d.error);
            return;
        }
        m_parts.setPass(d);
        if (!m_parts.passIsScanned(m_request.size, m_request.sha256)) {
            m_op->m_result.sourceChanged = true;
            m_op->done(Error::transient(
                QStringLiteral("The file changed since it was scanned; it will be read again")));
            return;
        }
        m_uploadId = uploadId;
        listParts(0);
    });
}

void S3MultipartUpload::passDone(const FileDigests& pass)
{
    if (pass.error) {
        // Most often the file shrank while the pass read it. The upload begun beside the pass
        // must not stay open with parts of a file that is no more: abort it like a change.
        m_passError = pass.error;
        m_changed = true;
    } else {
        m_parts.setPass(pass);
    }
    pump();
}

void S3MultipartUpload::initiate()
{
    QList<SigV4Signer::Header> headers{{"Content-Type", "application/octet-stream"}};
    if (m_request.sha256.size() == 32)
        headers.append(SigV4Signer::Header("x-amz-meta-keepsake-sha256", m_request.sha256.toHex()));
    // Recorded (the engine commits it at once) before the server can begin anything: a kill
    // between the server's answer and our record would otherwise leave an upload nobody names.
    Q_EMIT m_op->resumeStateChanged(
        S3ResumeState{m_key, QString(), m_parts.size(), m_parts.partSize()}.toJson());
    m_op->sendBytes(
        "POST", m_key, QUrlQuery{{QStringLiteral("uploads"), QString()}}, headers, {},
        [this](QNetworkReply* r) {
            const QByteArray body = r->readAll();
            if (const Error e = s3ErrorFor(r, body, QStringLiteral("Starting a multipart upload"),
                                           m_op->dest()->settings().bucket)) {
                m_op->done(e);
                return;
            }
            m_uploadId = xmlValue(body, QLatin1String("UploadId"));
            if (m_uploadId.isEmpty()) {
                m_op->done(Error::transient(
                    QStringLiteral("Starting a multipart upload: the server sent no upload id")));
                return;
            }
            m_done.fill(false);
            Q_EMIT m_op->resumeStateChanged(
                S3ResumeState{m_key, m_uploadId, m_parts.size(), m_parts.partSize()}.toJson());
            pump();
        });
}

void S3MultipartUpload::listParts(int marker)
{
    QUrlQuery query{{QStringLiteral("uploadId"), m_uploadId}};
    if (marker > 0)
        query.addQueryItem(QStringLiteral("part-number-marker"), QString::number(marker));
    m_op->sendBytes("GET", m_key, query, {}, {}, [this, marker](QNetworkReply* r) {
        const QByteArray body = r->readAll();
        if (statusOf(r) == 404) {
            // Completed, aborted or expired meanwhile: start again from nothing.
            initiate();
            return;
        }
        if (const Error e = s3ErrorFor(r, body, QStringLiteral("Listing the parts already sent"),
                                       m_op->dest()->settings().bucket)) {
            m_op->done(e);
            return;
        }
        const PartList list = parseListParts(body);
        for (const ListedPart& p : list.parts) {
            const int i = p.number - 1;
            // Only a part with exactly our bytes counts; anything else is sent again.
            if (i >= 0 && i < m_done.size() && p.size == m_parts.partLength(i) &&
                p.etag == QString::fromLatin1(m_parts.passMd5(i).toHex())) {
                m_done[i] = true;
                m_parts.confirmListed(i);
            }
        }
        // A marker that does not move forward would ask for the same page for ever.
        if (list.truncated && list.nextMarker > marker) {
            listParts(list.nextMarker);
            return;
        }
        reportProgress();
        pump();
    });
}

void S3MultipartUpload::pump()
{
    if (m_uploadId.isEmpty() || m_aborting || m_completing)
        return; // not begun yet (initiate() pumps), or ending
    // Checked whenever a part or the pass comes in: a changed file is not sent to the end.
    if (m_parts.passKnown() &&
        (!m_parts.passIsScanned(m_request.size, m_request.sha256) || m_parts.partsContradictPass()))
        m_changed = true;
    if (m_changed) {
        // Parts still in flight may land after an abort and stay billed: wait for them.
        if (m_running == 0)
            abortChanged();
        return;
    }
    const int parallel = m_op->dest()->settings().parallelParts;
    for (int i = 0; i < m_done.size() && m_running < parallel && !m_changed; ++i) {
        if (!m_done[i] && !m_inFlight[i])
            sendPart(i);
    }
    if (m_changed) {
        if (m_running == 0)
            abortChanged();
        return;
    }
    // Assembling waits for the pass (passDone() pumps again).
    if (m_running > 0 || m_done.contains(false) || !m_parts.passKnown())
        return;
    if (!m_parts.partsArePass()) {
        // A part the server holds is not what the pass read: the file changed in between.
        m_changed = true;
        abortChanged();
        return;
    }
    m_completing = true;
    // Uploads begun for this key whose answers were lost (see S3AbandonedUploads) go first:
    // once ours is complete, a kill would leave them with nothing to find them by.
    auto* sweep = new S3AbandonedUploads(m_op, m_key, m_uploadId, [this] { complete(); });
    sweep->start();
}

void S3MultipartUpload::sendPart(int index)
{
    auto* body = new FileRangeDevice(m_request.localPath, m_parts.partOffset(index),
                                     m_parts.partLength(index), m_op->dest()->bandwidthLimiter());
    body->skipSha256(); // a part is checked by its MD5; the pass checks the whole file
    // Before the pass knows this part's MD5, the part is hashed as it streams instead, and its
    // ETag must be that (S3PartChecks compares both once the pass is done).
    const QByteArray md5 = m_parts.passMd5(index);
    if (md5.isEmpty())
        body->enableMd5();
    if (!body->open(QIODevice::ReadOnly)) {
        delete body;
        // Shorter than the scan saw: changed (pump() aborts the upload).
        if (QFileInfo(m_request.localPath).size() <
            m_parts.partOffset(index) + m_parts.partLength(index)) {
            m_changed = true;
            return;
        }
        m_op->done(Error::transient(QStringLiteral("The local file cannot be read (it may have "
                                                   "changed)")));
        return;
    }
    const QPointer<FileRangeDevice> sent = body;
    m_inFlight[index] = true;
    ++m_running;
    const QUrlQuery query{{QStringLiteral("partNumber"), QString::number(index + 1)},
                          {QStringLiteral("uploadId"), m_uploadId}};
    QList<SigV4Signer::Header> headers;
    if (!md5.isEmpty())
        headers.append(SigV4Signer::Header("Content-MD5", md5.toBase64()));
    QNetworkReply* reply = m_op->send(
        "PUT", m_key, query, headers, body, SigV4Signer::kUnsignedPayload,
        [this, index, sent](QNetworkReply* r) {
            --m_running;
            m_inFlight[index] = false;
            m_sending[index] = 0;
            const QByteArray response = r->readAll();
            if (sent && sent->shrank())
                m_changed = true;
            if (m_changed) {
                // What this part did no longer matters: the upload is aborted.
                pump();
                return;
            }
            if (const Error e =
                    s3ErrorFor(r, response, QStringLiteral("Sending part %1").arg(index + 1),
                               m_op->dest()->settings().bucket)) {
                m_op->done(e);
                return;
            }
            if (!m_parts.confirm(index, QString::fromLatin1(r->rawHeader("ETag")),
                                 sent ? sent->sentMd5() : QByteArray())) {
                m_op->done(
                    Error::transient(QStringLiteral("The server stored different bytes for part %1")
                                         .arg(index + 1)));
                return;
            }
            m_done[index] = true;
            reportProgress();
            pump();
        });
    if (reply) {
        connect(reply, &QNetworkReply::uploadProgress, this, [this, index](qint64 sent, qint64) {
            m_sending[index] = sent;
            reportProgress();
        });
    }
}

void S3MultipartUpload::abortChanged()
{
    m_aborting = true;
    m_op->m_result.sourceChanged = true;
    // A pass that could not open the file says so; one cut short read a file that shrank.
    const QString what =
        m_passError.kind == ErrorClass::Permanent ? m_passError.message
        : m_passError ? QStringLiteral("The file changed while it was sent (it got shorter)")
        : m_parts.passKnown() && !m_parts.passIsScanned(m_request.size, m_request.sha256)
            ? QStringLiteral("The file changed since it was scanned")
            : QStringLiteral("The file changed while it was sent");
    // Never completed: the parts are dropped, and the next attempt reads the file again.
    m_op->sendBytes(
        "DELETE", m_key, QUrlQuery{{QStringLiteral("uploadId"), m_uploadId}}, {}, {},
        [this, what](QNetworkReply* r) {
            const int status = statusOf(r);
            m_op->done(Error::transient(
                status / 100 == 2 || status == 404
                    ? QStringLiteral("%1; it will be read again").arg(what)
                    : QStringLiteral("%1, and the parts the server kept could not be removed "
                                     "(HTTP %2); it will be read again")
                          .arg(what)
                          .arg(status)));
        });
}

void S3MultipartUpload::complete()
{
    QByteArray xml = "<CompleteMultipartUpload>";
    for (int i = 0; i < m_parts.count(); ++i)
        xml += "<Part><PartNumber>" + QByteArray::number(i + 1) + "</PartNumber><ETag>\"" +
               m_parts.passMd5(i).toHex() + "\"</ETag></Part>";
    xml += "</CompleteMultipartUpload>";
    // If-None-Match: where the server supports it, assembling never replaces an object that
    // appeared under this name since the HEAD at the start.
    QList<SigV4Signer::Header> headers{{"Content-Type", "application/xml"}};
    if (m_op->dest()->conditionalWrites())
        headers.append(SigV4Signer::Header("If-None-Match", "*"));
    m_op->sendBytes(
        "POST", m_key, QUrlQuery{{QStringLiteral("uploadId"), m_uploadId}}, headers, xml,
        [this](QNetworkReply* r) {
            const QByteArray body = r->readAll();
            const int status = statusOf(r);
            if (status == 501 && m_op->dest()->conditionalWrites()) {
                m_op->dest()->refuseConditionalWrites();
                complete();
                return;
            }
            if (status == 412) {
                m_op->m_result.exists = true;
                m_op->done(Error::permanent(QStringLiteral("A different file already has this "
                                                           "name at the destination")));
                return;
            }
            // 404 NoSuchUpload: an earlier attempt may have completed it just before it was
            // stopped; the verification that follows tells.
            if (status != 404) {
                Error e = s3ErrorFor(r, body, QStringLiteral("Assembling the parts"),
                                     m_op->dest()->settings().bucket);
                // S3 may answer 200 and still report an error in the body.
                if (!e && !parseS3Error(body).code.isEmpty())
                    e = Error::transient(
                        QStringLiteral("Assembling the parts: %1").arg(parseS3Error(body).code));
                if (e) {
                    m_op->done(e);
                    return;
                }
            }
            m_then(m_parts.pass());
        });
}

void S3MultipartUpload::reportProgress()
{
    qint64 sent = 0;
    for (int i = 0; i < m_done.size(); ++i)
        sent += m_done[i] ? m_parts.partLength(i) : m_sending[i];
    Q_EMIT m_op->progress(sent, m_parts.size());
}

} // namespace ks
