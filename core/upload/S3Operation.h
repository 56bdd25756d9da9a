#pragma once

#include "Destination.h"
#include "S3Checksums.h"
#include "SigV4Signer.h"

#include <QList>
#include <QPointer>
#include <QUrlQuery>
#include <atomic>
#include <functional>
#include <memory>

class QIODevice;
class QNetworkReply;

namespace ks {

class S3Destination;

// What HEAD says about an object.
struct S3ObjectInfo
{
    bool exists = false;
    qint64 size = -1;
    QString etag;      // without quotes
    QByteArray sha256; // raw; from the x-amz-meta-keepsake-sha256 Keepsake writes
};

// The Code and Message of an S3 XML error body (empty when there is none).
struct S3ErrorBody
{
    QString code;
    QString message;
};
S3ErrorBody parseS3Error(const QByteArray& xml);

// Maps a finished S3 reply (and its body, already read) to the engine's error classes: the
// generic HTTP rules of HttpErrors, refined by the S3 error code so the sentence says what to
// fix. Kind None when the reply succeeded.
Error s3ErrorFor(QNetworkReply* reply, const QByteArray& body, const QString& what,
                 const QString& bucket);

// One chain of S3 requests that ends in one result; several requests may be in flight at once
// (parallel parts). Runs on the destination's (the engine's) thread.
class S3Operation : public DestinationReply
{
    Q_OBJECT
public:
    using Next = std::function<void(QNetworkReply*)>;
    using Header = SigV4Signer::Header;

    explicit S3Operation(S3Destination* dest);
    ~S3Operation() override;

    void cancel() override;

    // Signs and sends one request for `key` (empty: the bucket). `body` (may be null) becomes
    // the reply's child. `next` gets the finished reply, which is deleted afterwards; it is not
    // called once the operation has finished or was cancelled.
    QNetworkReply* send(const QByteArray& verb, const QString& key, const QUrlQuery& query,
                        const QList<Header>& headers, QIODevice* body,
                        const QByteArray& payloadHash, Next next);
    // The same with a small in-memory body (XML, a probe object); its SHA-256 is signed.
    QNetworkReply* sendBytes(const QByteArray& verb, const QString& key, const QUrlQuery& query,
                             const QList<Header>& headers, const QByteArray& body, Next next);

    // HEAD of an object; a missing object is not an error.
    void head(const QString& key, std::function<void(const S3ObjectInfo&)> then);

    // Computes the digests of the file to upload (digestFile) on the thread pool, then calls
    // `then` here (unless the operation ended meanwhile), also when the file could not be read
    // to its end (`d.error`): the caller may have begun something on the server to undo first.
    void digest(const UploadRequest& request, qint64 partSize,
                std::function<void(const FileDigests&)> then);

    // Ends the operation: with m_result as it is, or with an error. Requests still in flight
    // are aborted.
    void done();
    void done(const Error& error);

    S3Destination* dest() const { return m_dest; }
    bool cancelled() const { return m_cancel->load(); }

    DestinationResult m_result;

private:
    void abortAll();

    S3Destination* m_dest;
    QList<QPointer<QNetworkReply>> m_inFlight;
    std::shared_ptr<std::atomic_bool> m_cancel = std::make_shared<std::atomic_bool>(false);
};

} // namespace ks
