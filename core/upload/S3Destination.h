#pragma once

#include "Destination.h"
#include "S3Settings.h"
#include "SigV4Signer.h"

#include <QUrlQuery>

class QNetworkAccessManager;
class QNetworkRequest;

namespace ks {

struct FileDigests;
class S3FolderListing;
class S3Operation;
struct S3ResumeState;

// An S3 bucket (AWS or any S3-compatible service: MinIO, Ceph, Garage, Backblaze, ...), signed
// with SigV4. An upload first makes sure the final key is free (an existing object is never
// replaced): its folder's listing (S3FolderListing), and a HEAD where that holds the key. It then
// sends small files as one PUT with the signed SHA-256 from the scan, hashed as they stream and
// verified by the answer's ETag against their MD5 (a HEAD only when the ETag is no MD5); large
// ones go as a multipart upload that survives a killed process (S3MultipartUpload),
// digested first (each part's Content-MD5) and checked with a HEAD at the end. Bytes are streamed
// from disk through the shared BandwidthLimiter. Runs on the engine thread's event loop.
class S3Destination : public Destination
{
    Q_OBJECT
public:
    // `pinnedSha256`: the fingerprint of a certificate the user chose to trust (see TlsTrust.h).
    S3Destination(const S3Settings& settings, const QString& secret, QNetworkAccessManager* network,
                  const QString& pinnedSha256 = {}, QObject* parent = nullptr);

    QString describe() const override;
    DestinationReply* upload(const UploadRequest& request) override;
    DestinationReply* stat(const QString& remotePath) override;
    // Aborts a multipart upload left in request.resumeState unless it is for this very key:
    // the engine calls this right before it sends the same file again with the same resume
    // state, and those parts are what a resume continues from.
    DestinationReply* removeIncomplete(const UploadRequest& request) override;
    DestinationReply* abandon(const UploadRequest& request) override;
    // Lists the prefix (reachability, credentials, bucket), then writes and deletes a probe.
    DestinationReply* test() override;

    // For the pieces of an operation.
    const S3Settings& settings() const { return m_settings; }
    const SigV4Signer& signer() const { return m_signer; }
    QNetworkAccessManager* network() const { return m_network; }
    const QString& pinnedCertificate() const { return m_pinnedSha256; }
    // Whether writes carry "If-None-Match: *" (S3 refuses to replace an object then). Servers
    // that answer it with 501 get plain writes from then on; the HEAD before each upload still
    // guards.
    bool conditionalWrites() const { return m_conditionalWrites; }
    void refuseConditionalWrites() { m_conditionalWrites = false; }
    // An unsigned request for an object (empty key: the bucket) with the query strictly encoded.
    QNetworkRequest request(const QString& key, const QUrlQuery& query) const;

private:
    void putObject(S3Operation* op, const UploadRequest& request, const QString& key);
    // Aborts the multipart upload `state` names, then ends `op` (a missing upload is no error).
    void abortUpload(S3Operation* op, const S3ResumeState& state);
    void verify(S3Operation* op, const UploadRequest& request, const QString& key,
                const FileDigests& digests);

    S3Settings m_settings;
    SigV4Signer m_signer;
    QNetworkAccessManager* m_network;
    QString m_pinnedSha256;
    bool m_conditionalWrites = true;
    S3FolderListing* m_listing; // a child
};

} // namespace ks
