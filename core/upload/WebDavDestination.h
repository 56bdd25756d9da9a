#pragma once

#include "Destination.h"

#include <QHash>
#include <QSet>
#include <QUrl>
#include <functional>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace ks {

// A WebDAV server (Apache mod_dav, nginx dav, Nextcloud, a NAS). An upload streams the file from
// disk in one PUT. Where a name could be someone else's, it goes to a hidden temporary name beside
// its final one first and is then MOVEd into place with "Overwrite: F", so nothing is replaced.
// In a folder this pass created (MKCOL answered 201: it was empty) only our own uploads can hold a
// name, so the PUT goes straight to the final name, with "If-None-Match: *" for servers that
// honour it (Apache, Nextcloud) against anyone who adds a file meanwhile: one request and one
// rename on the server per file instead of two each. No half-file takes the final name either
// way: these servers write a PUT's body to a temporary file and rename it when it is complete.
// The upload counts as verified when the server answered the PUT of exactly the file's length
// with 201/204 (and the MOVE with 201/204); any other success answer is checked with a PROPFIND
// (size). A folder's MKCOL is sent once per run (collections are remembered); uploads that need a
// folder whose MKCOL is on its way wait for its answer rather than send their own.
// Runs on the engine thread's event loop.
class WebDavDestination : public Destination
{
    Q_OBJECT
public:
    // `root`: http(s) URL of the collection to back up into; user/password for Basic auth.
    // `pinnedSha256`: the fingerprint of a certificate the user chose to trust (see TlsTrust.h).
    WebDavDestination(const QUrl& root, const QString& user, const QString& password,
                      QNetworkAccessManager* network, const QString& pinnedSha256 = {},
                      QObject* parent = nullptr);

    QString describe() const override;
    DestinationReply* upload(const UploadRequest& request) override;
    DestinationReply* stat(const QString& remotePath) override;
    // WebDAV keeps no checksum: a file of the right size is read back (GET) and hashed.
    DestinationReply* statWithHash(const QString& remotePath, qint64 size) override;
    DestinationReply* removeIncomplete(const UploadRequest& request) override;
    DestinationReply* test() override;
    // Folders created in the pass that ended no longer count as holding only our uploads.
    void passEnded() override { m_createdCollections.clear(); }

    // For the pieces of an upload.
    QNetworkRequest request(const QString& remotePath) const;
    QUrl urlFor(const QString& remotePath) const;
    QNetworkAccessManager* network() const { return m_network; }
    const QString& pinnedCertificate() const { return m_pinnedSha256; }
    QSet<QString>& knownCollections() { return m_collections; }
    QSet<QString>& createdCollections() { return m_createdCollections; }
    static QString temporaryPath(const QString& remotePath, qint64 jobId);
    // Folders whose MKCOL is on its way, each with what waits for its answer (called once the
    // request is over, whatever its outcome or whether it was cancelled).
    using CollectionWaiters = std::vector<std::function<void()>>;
    QHash<QString, CollectionWaiters>& collectionsBeingCreated() { return m_beingCreated; }

private:
    QUrl m_root;
    QByteArray m_authorization;
    QNetworkAccessManager* m_network;
    QString m_pinnedSha256;
    QSet<QString> m_collections;
    QSet<QString> m_createdCollections; // by this pass's MKCOLs (201), so empty but for ours
    QHash<QString, CollectionWaiters> m_beingCreated;
};

// PROPFIND Depth 0 answer: size and ETag of one resource.
struct DavProperties
{
    bool exists = false;
    bool isCollection = false;
    qint64 size = -1;
    QString etag;
    // Not a multistatus with a response in it (cut off, an error page, garbage): it says
    // nothing about the file, neither that it is there nor that it is not.
    bool malformed = false;
};
DavProperties parsePropfind(const QByteArray& multistatus);

} // namespace ks
