#pragma once

#include "Destination.h"
#include "S3Checksums.h"

#include <QObject>
#include <QVector>
#include <functional>

namespace ks {

class S3Operation;

// One page of a ListParts answer.
struct ListedPart
{
    int number = 0;
    qint64 size = -1;
    QString etag;
};

struct PartList
{
    QList<ListedPart> parts;
    bool truncated = false;
    int nextMarker = 0;
};
PartList parseListParts(const QByteArray& xml);
// The text of the first element called `element` (InitiateMultipartUpload's UploadId).
QString xmlValue(const QByteArray& xml, QLatin1String element);

// What the engine keeps for an unfinished multipart upload (DestinationReply's opaque resume
// state), as JSON: the object key, the upload id and how the file was cut into parts. A key
// without an upload id records an upload being started whose id was not heard yet.
struct S3ResumeState
{
    QString key;
    QString uploadId;
    qint64 size = 0;
    qint64 partSize = 0;

    bool isValid() const { return !key.isEmpty() && !uploadId.isEmpty() && partSize > 0; }
    QByteArray toJson() const;
    static S3ResumeState fromJson(const QByteArray& json);
};

// One multipart upload of a whole file, inside an upload operation: continues the upload named
// in the request's resume state (ListParts, then only the parts the server does not hold with
// the right size and MD5) or starts one (recorded as being started, then CreateMultipartUpload,
// its id reported at once through resumeStateChanged), sends the missing parts a few at a time,
// aborts other uploads begun for the same key whose answers were lost (S3AbandonedUploads),
// then completes it. Each part carries Content-MD5 and must come back with that MD5 as its
// ETag. Calls `then` once the server assembled the object; errors end the operation.
class S3MultipartUpload : public QObject
{
    Q_OBJECT
public:
    S3MultipartUpload(S3Operation* op, const UploadRequest& request, const QString& key,
                      const FileDigests& digests, std::function<void()> then);
    void start();

private:
    void initiate();
    void listParts(int marker);
    void pump();
    void sendPart(int index);
    void complete();
    void reportProgress();

    S3Operation* m_op;
    UploadRequest m_request;
    QString m_key;
    FileDigests m_digests;
    std::function<void()> m_then;
    QString m_uploadId;
    QVector<bool> m_done;      // per part: the server holds it
    QVector<qint64> m_sending; // per part in flight: bytes sent so far
    QVector<bool> m_inFlight;
    int m_running = 0;
    bool m_completing = false;
};

} // namespace ks
