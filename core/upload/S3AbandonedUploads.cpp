#include "S3AbandonedUploads.h"

#include "S3Destination.h"
#include "S3Operation.h"

#include <QNetworkReply>
#include <QUrlQuery>
#include <QXmlStreamReader>

namespace ks {

namespace {

// A listing that never ends (a server repeating its markers) stops here.
constexpr int kMaxPages = 100;

int statusOf(QNetworkReply* r)
{
    return r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

} // namespace

UploadList parseListUploads(const QByteArray& xml)
{
    UploadList list;
    QXmlStreamReader reader(xml);
    ListedUpload upload;
    bool inUpload = false;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isEndElement() && reader.name() == QLatin1String("Upload")) {
            if (!upload.key.isEmpty() && !upload.uploadId.isEmpty())
                list.uploads.append(upload);
            upload = {};
            inUpload = false;
            continue;
        }
        if (!reader.isStartElement())
            continue;
        const auto name = reader.name();
        if (name == QLatin1String("Upload"))
            inUpload = true;
        else if (inUpload && name == QLatin1String("Key"))
            upload.key = reader.readElementText();
        else if (inUpload && name == QLatin1String("UploadId"))
            upload.uploadId = reader.readElementText();
        else if (inUpload)
            reader.skipCurrentElement(); // Initiator and Owner have IDs of their own
        else if (name == QLatin1String("IsTruncated"))
            list.truncated = reader.readElementText() == QLatin1String("true");
        else if (name == QLatin1String("NextKeyMarker"))
            list.nextKeyMarker = reader.readElementText();
        else if (name == QLatin1String("NextUploadIdMarker"))
            list.nextUploadIdMarker = reader.readElementText();
    }
    return list;
}

S3AbandonedUploads::S3AbandonedUploads(S3Operation* op, const QString& key, const QString& keep,
                                       std::function<void()> then)
    : QObject(op), m_op(op), m_key(key), m_keep(keep), m_then(std::move(then))
{
}

void S3AbandonedUploads::start()
{
    list({}, {}, 0);
}

void S3AbandonedUploads::list(const QString& keyMarker, const QString& uploadIdMarker, int page)
{
    QUrlQuery query{{QStringLiteral("uploads"), QString()}, {QStringLiteral("prefix"), m_key}};
    if (!keyMarker.isEmpty()) {
        query.addQueryItem(QStringLiteral("key-marker"), keyMarker);
        query.addQueryItem(QStringLiteral("upload-id-marker"), uploadIdMarker);
    }
    m_op->sendBytes("GET", QString(), query, {}, {}, [=, this](QNetworkReply* r) {
        const QByteArray body = r->readAll();
        const int status = statusOf(r);
        if (status == 501 || status == 405) {
            m_then(); // this server cannot say; nothing to abort that we could find
            return;
        }
        if (const Error e = s3ErrorFor(r, body, QStringLiteral("Looking for abandoned uploads"),
                                       m_op->dest()->settings().bucket)) {
            m_op->done(e);
            return;
        }
        const UploadList found = parseListUploads(body);
        for (const ListedUpload& u : found.uploads) {
            // The prefix also matches longer keys ("a.jpg" and "a.jpg.xmp"): only this one.
            if (u.key == m_key && u.uploadId != m_keep && !m_toAbort.contains(u.uploadId))
                m_toAbort.append(u.uploadId);
        }
        const bool moved =
            found.nextKeyMarker != keyMarker || found.nextUploadIdMarker != uploadIdMarker;
        if (found.truncated && moved && !found.nextKeyMarker.isEmpty() && page + 1 < kMaxPages) {
            list(found.nextKeyMarker, found.nextUploadIdMarker, page + 1);
            return;
        }
        abortNext();
    });
}

void S3AbandonedUploads::abortNext()
{
    if (m_toAbort.isEmpty()) {
        m_then();
        return;
    }
    const QString uploadId = m_toAbort.takeFirst();
    m_op->sendBytes("DELETE", m_key, QUrlQuery{{QStringLiteral("uploadId"), uploadId}}, {}, {},
                    [this](QNetworkReply* r) {
                        const QByteArray body = r->readAll();
                        // 404 NoSuchUpload: gone meanwhile, which is what was wanted.
                        if (statusOf(r) != 404) {
                            if (const Error e = s3ErrorFor(
                                    r, body, QStringLiteral("Abandoning an unfinished upload"),
                                    m_op->dest()->settings().bucket)) {
                                m_op->done(e);
                                return;
                            }
                        }
                        abortNext();
                    });
}

} // namespace ks
