#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QString>

namespace ks {

class BandwidthLimiter;

// What the engine asks a destination to store.
struct UploadRequest
{
    qint64 jobId = 0;
    QString localPath;  // the file to send (may be a temporary copy, e.g. GPS removed)
    QString remotePath; // relative to the destination root, '/'-separated, no leading '/'
    qint64 size = 0;    // expected size of localPath
    QByteArray sha256;  // expected SHA-256 (raw 32 bytes) of the bytes at localPath
    qint64 mtimeMs = 0; // original's modification time, kept where the protocol can
    // The change time (ns) localPath had when the scan hashed it as sha256, 0 when not known
    // (or localPath is a copy): while it stands, the bytes need no second hashing pass.
    qint64 ctimeNs = 0;
    QByteArray resumeState; // opaque, from an earlier attempt's resumeStateChanged(); may be empty
};

// What a destination reports when an operation ends.
struct DestinationResult
{
    Error error;           // kind None on success
    bool exists = false;   // stat: whether the remote path exists
    qint64 size = -1;      // stat/upload: remote size as the server reports it
    QByteArray sha256;     // raw SHA-256 the destination confirmed, empty when not available
    QString tag;           // the server's own tag (ETag, checksum header, local file id...)
    QString remotePath;    // upload: where the bytes ended up
    bool verified = false; // upload: the destination confirmed content (size + hash or tag)
    // upload: the local file's bytes were not the ones scanned (changed, truncated while being
    // read): nothing was published, and the file must be read again before it is sent.
    bool sourceChanged = false;
};

// One asynchronous operation. Emits finished() exactly once, then may be deleted with
// deleteLater() by its receiver. cancel() makes it finish soon with ErrorClass::Cancelled and
// removes any partial state a later resume could not use.
class DestinationReply : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    const DestinationResult& result() const { return m_result; }
    bool isFinished() const { return m_finished; }
    virtual void cancel() = 0;

Q_SIGNALS:
    void progress(qint64 bytesSent, qint64 bytesTotal);
    // New opaque resume state (e.g. multipart upload id and parts done). The engine writes it to
    // the catalog before the next step matters, so a killed run can continue from it.
    void resumeStateChanged(const QByteArray& state);
    void finished();

protected:
    // For implementations: record the result and emit finished() (queued, never re-entrant).
    void finish(const DestinationResult& result);

private:
    DestinationResult m_result;
    bool m_finished = false;
};

// A place to back up to. Every protocol (local folder, WebDAV, S3) is one subclass; the engine
// only speaks this interface. A Destination lives on the engine thread; its operations run
// asynchronously (network I/O on that thread's event loop, disk I/O on a pool) and report back
// through DestinationReply.
class Destination : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Destination() override = default;

    // Human readable, e.g. "local folder /mnt/backup" or "WebDAV https://nas/remote.php/dav".
    virtual QString describe() const = 0;

    // Stores the file at request.remotePath so that no partial file ever carries the final name,
    // then verifies it (size plus a checksum or the server's tag). An existing file at the final
    // name is never overwritten: the reply fails with a permanent error "exists".
    virtual DestinationReply* upload(const UploadRequest& request) = 0;

    // Existence, size and, where the destination can tell cheaply, checksum or tag.
    virtual DestinationReply* stat(const QString& remotePath) = 0;

    // stat() plus the SHA-256 of what is held, read back where the destination keeps none, but
    // only when its size is `size` (any other size is another file). Used when a name we want is
    // taken: our own earlier copy (a lost answer, a new profile on an old destination) must not be
    // sent again beside itself.
    virtual DestinationReply* statWithHash(const QString& remotePath, qint64 size)
    {
        Q_UNUSED(size)
        return stat(remotePath);
    }

    // Removes temporary or partial state left by an abandoned upload (request.resumeState).
    virtual DestinationReply* removeIncomplete(const UploadRequest& request) = 0;

    // The job will never go on (its file was removed, or it was skipped): removes everything an
    // earlier attempt left, also what removeIncomplete() keeps for a resume (an S3 multipart
    // upload under the job's own name). Nothing there is no error.
    virtual DestinationReply* abandon(const UploadRequest& request)
    {
        return removeIncomplete(request);
    }

    // Checks reachability, authentication and write permission; the error says which failed.
    virtual DestinationReply* test() = 0;

    // The engine has nothing left to do for now (it reported idle). What a destination learned
    // about the server during the pass that ended may be stale by the next one: e.g. a folder
    // the pass created held only its uploads then, but by tomorrow someone may have added files.
    virtual void passEnded() {}

    // Shared token bucket for all transfers; may be null (unlimited).
    void setBandwidthLimiter(BandwidthLimiter* limiter) { m_limiter = limiter; }
    BandwidthLimiter* bandwidthLimiter() const { return m_limiter; }

private:
    BandwidthLimiter* m_limiter = nullptr;
};

} // namespace ks
