#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <functional>

namespace ks {

class S3Operation;

// One page of a ListMultipartUploads answer.
struct ListedUpload
{
    QString key;
    QString uploadId;
};

struct UploadList
{
    QList<ListedUpload> uploads;
    bool truncated = false;
    QString nextKeyMarker;
    QString nextUploadIdMarker;
};
UploadList parseListUploads(const QByteArray& xml);

// Aborts the multipart uploads under exactly one key that nothing names any more.
//
// Why: CreateMultipartUpload is the one request whose result (the upload id) exists only in
// its answer, and an upload S3 began holds the parts sent to it, billed and invisible, until it
// is completed or aborted. Two ways lose an answer: the process is killed (or the connection
// drops) after the server began the upload but before the id reached the catalog; and Qt itself
// sends a request again when the connection closes before any answer came, so one POST can
// begin two uploads. Hence a multipart upload records "starting one for this key" in the job's
// resume state first (a later attempt that finds the record without an id sweeps that key),
// and sweeps its key once more, sparing its own upload, before it completes.
//
// A sweep lists the uploads under the key (ListMultipartUploads, prefix = key, every page) and
// aborts each whose key is exactly that one. A server that cannot list uploads (501
// NotImplemented, 405) is no error: nothing can be found there and the backup goes on; any
// other error ends the operation, so the next attempt tries again. Calls `then` when done;
// deletes itself with the operation.
class S3AbandonedUploads : public QObject
{
    Q_OBJECT
public:
    // `keep`: an upload id not to abort (the caller's own upload); may be empty.
    S3AbandonedUploads(S3Operation* op, const QString& key, const QString& keep,
                       std::function<void()> then);
    void start();

private:
    void list(const QString& keyMarker, const QString& uploadIdMarker, int page);
    void abortNext();

    S3Operation* m_op;
    QString m_key;
    QString m_keep;
    std::function<void()> m_then;
    QStringList m_toAbort;
};

} // namespace ks
