#pragma once

#include "Destination.h"

#include <QSet>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace ks {

// A WebDAV server (Apache mod_dav, nginx dav, Nextcloud, a NAS). An upload PUTs the file, streamed
// from disk, to a hidden temporary name beside its final one, then MOVEs it into place with
// "Overwrite: F" (so no half-file ever has the final name and nothing is replaced). The upload
// counts as verified when the server answered the PUT of exactly the file's length with 201/204
// and the MOVE with 201/204; any other success answer is checked with a PROPFIND (size). Two
// requests per file, as a folder's MKCOL is sent once per run (collections are remembered).
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

    // For the pieces of an upload.
    QNetworkRequest request(const QString& remotePath) const;
    QUrl urlFor(const QString& remotePath) const;
    QNetworkAccessManager* network() const { return m_network; }
    const QString& pinnedCertificate() const { return m_pinnedSha256; }
    QSet<QString>& knownCollections() { return m_collections; }
    static QString temporaryPath(const QString& remotePath, qint64 jobId);

private:
    QUrl m_root;
    QByteArray m_authorization;
    QNetworkAccessManager* m_network;
    QString m_pinnedSha256;
    QSet<QString> m_collections;
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
