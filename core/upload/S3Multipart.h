#pragma once

#include "Destination.h"
#include "S3Checksums.h"
#include "S3MultipartXml.h"
#include "S3PartChecks.h"
#include "S3ResumeState.h"

#include <QObject>
#include <QVector>
#include <functional>

namespace ks {

class S3Operation;

// One multipart upload of a whole file, inside an upload operation. A fresh upload (no
// resume state naming one) is recorded as being started, begun (CreateMultipartUpload, its id
// reported at once through resumeStateChanged) and its parts sent while the digest pass reads
// the file on the work pool, so the first bytes leave at once. A resumed upload reads the file
// first: ListParts must compare the server's parts with the pass's MD5s, and only the missing
// ones are sent. Parts go a few at a time; before the parts are assembled, S3PartChecks must
// find every part the pass's and the pass the scan's (otherwise the upload is aborted and the
// source reported changed); other uploads begun for the same key whose answers were lost are
// aborted (S3AbandonedUploads); then it completes. Calls `then` with the pass's digests once
// the server assembled the object; errors end the operation.
class S3MultipartUpload : public QObject
{
    Q_OBJECT
public:
    using Then = std::function<void(const FileDigests&)>;
    S3MultipartUpload(S3Operation* op, const UploadRequest& request, const QString& key,
                      qint64 partSize, Then then);
    void start();

private:
    void resume(const QString& uploadId);
    void passDone(const FileDigests& pass);
    void initiate();
    void listParts(int marker);
    void pump();
    void sendPart(int index);
    void abortChanged();
    void complete();
    void reportProgress();

    S3Operation* m_op;
    UploadRequest m_request;
    QString m_key;
    S3PartChecks m_parts;
    Then m_then;
    QString m_uploadId;
    QVector<bool> m_done;      // per part: the server holds it
    QVector<qint64> m_sending; // per part in flight: bytes sent so far
    QVector<bool> m_inFlight;
    int m_running = 0;
    bool m_completing = false;
    bool m_changed = false; // the file is not the scanned one: abort once no part is in flight
    bool m_aborting = false;
    Error m_passError; // the digest pass could not read the file to its end
};

} // namespace ks
