#include "WebDavDestination.h"

#include "FileRangeDevice.h"
#include "HttpErrors.h"
#include "HttpSend.h"
#include "TlsTrust.h"
#include "TransferTimeout.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QXmlStreamReader>
#include <functional>
#include <memory>

namespace ks {

namespace {

const QByteArray kPropfindBody =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:propfind xmlns:d=\"DAV:\"><d:prop>"
    "<d:getcontentlength/><d:getetag/><d:resourcetype/></d:prop></d:propfind>";

// One chain of WebDAV requests that ends in one result.
class DavOperation : public DestinationReply
{
public:
    DavOperation(WebDavDestination* dest) : DestinationReply(dest), m_dest(dest) {}

    void cancel() override
    {
        m_cancelled = true;
        if (m_current)
            m_current->abort();
        else if (m_waiting && !isFinished())
            done(Error::cancelled()); // nothing of its own in flight: over now
    }

    // Sends a request and calls `next` with the finished reply (deleted afterwards). Returns
    // the reply, or null when the operation was cancelled before.
    template <typename Next>
    QNetworkReply* send(const QByteArray& verb, QNetworkRequest req, QIODevice* body, Next next)
    {
        if (m_cancelled) {
            done(Error::cancelled());
            return nullptr;
        }
        QNetworkReply* reply = sendRequest(m_dest->network(), req, verb, body);
        tls::guard(reply, m_dest->pinnedCertificate());
        if (body)
            body->setParent(reply);
        m_current = reply;
        connect(reply, &QNetworkReply::uploadProgress, this, [this](qint64 sent, qint64 total) {
            if (m_reportProgress)
                Q_EMIT progress(sent, total);
        });
        connect(reply, &QNetworkReply::finished, this, [this, reply, next] {
            reply->deleteLater();
            m_current = nullptr;
            if (m_cancelled) {
                done(Error::cancelled());
                return;
            }
            next(reply);
        });
        return reply;
    }

    void done(const Error& e)
    {
        DestinationResult r = m_result;
        r.error = e;
        finish(r);
    }
    void done() { finish(m_result); }

    WebDavDestination* m_dest;
    QPointer<QNetworkReply> m_current;
    DestinationResult m_result;
    bool m_cancelled = false;
    bool m_reportProgress = false;
    bool m_waiting = false; // for another upload's MKCOL
};

int statusOf(QNetworkReply* r)
{
    return r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QString parentOf(const QString& path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash > 0 ? path.left(slash) : QString();
}

template <typename Then> void propfind(DavOperation* op, const QString& path, Then then);

// Creates every missing collection on the way to `dir`, then calls `then`.
void ensureCollections(DavOperation* op, const QString& dir, const std::function<void()>& then)
{
    if (dir.isEmpty() || op->m_dest->knownCollections().contains(dir)) {
        then();
        return;
    }
    WebDavDestination* dest = op->m_dest;
    if (const auto pending = dest->collectionsBeingCreated().find(dir);
        pending != dest->collectionsBeingCreated().end()) {
        // Another upload is creating it: wait for that answer rather than race it. Parallel
        // uploads into a new folder each sent a MKCOL, and each one that heard 405 (it exists)
        // had to take a temporary name and a MOVE, as if the folder were someone else's.
        op->m_waiting = true;
        pending->push_back([self = QPointer<DavOperation>(op), dir, then] {
            if (!self || self->isFinished())
                return; // cancelled meanwhile
            self->m_waiting = false;
            ensureCollections(self, dir, then); // known now, or this one tries the MKCOL
        });
        return;
    }
    ensureCollections(op, parentOf(dir), [op, dir, then] {
        WebDavDestination* dest = op->m_dest;
        if (dest->knownCollections().contains(dir) ||
            dest->collectionsBeingCreated().contains(dir)) {
            ensureCollections(op, dir, then); // another upload got there while the parent was made
            return;
        }
        QNetworkReply* mkcol =
            op->send("MKCOL", dest->request(dir + QLatin1Char('/')), nullptr,
                     [op, dir, then](QNetworkReply* r) {
                         const int s = statusOf(r);
                         // 201 created; 405 it already exists.
                         if (s == 201 || s == 405) {
                             op->m_dest->knownCollections().insert(dir);
                             if (s == 201)
                                 op->m_dest->createdCollections().insert(dir);
                             then();
                             return;
                         }
                         // Another upload may have created it at the same moment (Apache then
                         // answers 403 or 409): what counts is whether the folder is there now.
                         const Error error =
                             errorForReply(r, QStringLiteral("Creating the folder %1").arg(dir));
                         propfind(op, dir + QLatin1Char('/'),
                                  [op, dir, then, error](const DavProperties& p) {
                                      if (!p.isCollection) {
                                          op->done(error);
                                          return;
                                      }
                                      op->m_dest->knownCollections().insert(dir);
                                      then();
                                  });
                     });
        if (!mkcol)
            return;
        dest->collectionsBeingCreated().insert(dir, {});
        // Whatever the answer, or if this operation is cancelled: the waiters go on when the
        // request is over (its finished() handler above has run by then), or when this
        // operation is gone, once.
        auto woken = std::make_shared<bool>(false);
        const auto wakeWaiters = [dest, dir, woken] {
            if (std::exchange(*woken, true))
                return;
            const auto waiters = dest->collectionsBeingCreated().take(dir);
            for (const auto& wake : waiters)
                wake();
        };
        QObject::connect(mkcol, &QObject::destroyed, dest, wakeWaiters);
        QObject::connect(op, &QObject::destroyed, dest, wakeWaiters);
    });
}

template <typename Then> void propfind(DavOperation* op, const QString& path, Then then)
{
    QNetworkRequest req = op->m_dest->request(path);
    req.setRawHeader("Depth", "0");
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/xml"));
    auto* body = new QBuffer;
    body->setData(kPropfindBody);
    body->open(QIODevice::ReadOnly);
    op->send("PROPFIND", req, body, [op, then](QNetworkReply* r) {
        const int s = statusOf(r);
        if (s == 404) {
            then(DavProperties{});
            return;
        }
        if (s != 207) {
            op->done(errorForReply(r, QStringLiteral("Checking the file on the server")));
            return;
        }
        const DavProperties p = parsePropfind(r->readAll());
        if (p.malformed || r->error() != QNetworkReply::NoError) {
            // Believed, a garbled answer would read as "not there" (sent again, or the folder
            // "missing") or as someone else's file holding the name (sent under another name).
            op->done(Error::transient(QStringLiteral("Checking the file on the server: its answer "
                                                     "was cut off or malformed")));
            return;
        }
        then(p);
    });
}

// The server confirmed both the bytes and the name: no PROPFIND needed to believe it.
void confirmed(DavOperation* op, qint64 size, const QString& etag)
{
    op->m_result.exists = true;
    op->m_result.size = size;
    op->m_result.tag =
        etag.isEmpty() ? QStringLiteral("size:%1").arg(size) : QStringLiteral("etag:") + etag;
    op->m_result.verified = true;
    op->done();
}

// An unusual success answer (200, or the body not read to its end): look at what is there.
void confirmByPropfind(DavOperation* op, const QString& remotePath, qint64 size)
{
    propfind(op, remotePath, [op, size](const DavProperties& p) {
        if (!p.exists || p.size != size) {
            op->done(Error::transient(
                QStringLiteral("The server holds %1 bytes instead of %2").arg(p.size).arg(size)));
            return;
        }
        confirmed(op, p.size, p.etag);
    });
}

// Someone else's file has the name; the engine looks whether it is our content after all.
void nameTaken(DavOperation* op)
{
    op->m_result.exists = true;
    op->done(Error::permanent(
        QStringLiteral("A different file already has this name at the destination")));
}

// Names the uploaded temporary file: MOVE with "Overwrite: F", the step that refuses a name
// someone else's file holds (412), at the moment of naming.
void moveIntoPlace(DavOperation* op, const UploadRequest& request, const QString& tmp, bool stored,
                   const QString& putEtag)
{
    QNetworkRequest move = op->m_dest->request(tmp);
    move.setRawHeader("Destination", op->m_dest->urlFor(request.remotePath).toEncoded());
    move.setRawHeader("Overwrite", "F");
    op->send("MOVE", move, nullptr, [op, request, tmp, stored, putEtag](QNetworkReply* m) {
        const int moveStatus = statusOf(m);
        if (moveStatus == 404) {
            // The temporary file is gone: an earlier try's MOVE, held up on the way, may have
            // named it after all. Not a missing folder (that is 409): look again on the next try.
            op->done(Error::transient(
                QStringLiteral("Naming the file: the uploaded temporary file was no longer there "
                               "(HTTP 404)")));
            return;
        }
        if (moveStatus == 412) {
            // Ours is not left behind under the temporary name.
            op->send("DELETE", op->m_dest->request(tmp), nullptr,
                     [op](QNetworkReply*) { nameTaken(op); });
            return;
        }
        if (const Error e = errorForReply(m, QStringLiteral("Naming the file"))) {
            op->done(e);
            return;
        }
        if (stored && (moveStatus == 201 || moveStatus == 204))
            confirmed(op, request.size, putEtag);
        else
            confirmByPropfind(op, request.remotePath, request.size);
    });
}

} // namespace

DavProperties parsePropfind(const QByteArray& xml)
{
    DavProperties p;
    QXmlStreamReader reader(xml);
    bool okStatus = true;
    bool sawResponse = false;
    while (!reader.atEnd()) {
        reader.readNext();
        if (!reader.isStartElement())
            continue;
        const auto name = reader.name();
        if (name == QLatin1String("response"))
            p.exists = sawResponse = true;
        else if (name == QLatin1String("getcontentlength"))
            p.size = reader.readElementText().toLongLong();
        else if (name == QLatin1String("getetag"))
            p.etag = reader.readElementText();
        else if (name == QLatin1String("collection"))
            p.isCollection = true;
        else if (name == QLatin1String("status") &&
                 !reader.readElementText().contains(QLatin1String(" 200")))
            okStatus = false;
    }
    if (!okStatus && p.size < 0)
        p.exists = p.isCollection;
    p.malformed = reader.hasError() || !sawResponse;
    return p;
}

WebDavDestination::WebDavDestination(const QUrl& root, const QString& user, const QString& password,
                                     QNetworkAccessManager* network, const QString& pinnedSha256,
                                     QObject* parent)
    : Destination(parent), m_root(root), m_network(network), m_pinnedSha256(pinnedSha256)
{
    m_root.setUserInfo(QString());
    QString path = m_root.path();
    if (!path.endsWith(QLatin1Char('/')))
        m_root.setPath(path + QLatin1Char('/'));
    if (!user.isEmpty())
        m_authorization = "Basic " + (user + QLatin1Char(':') + password).toUtf8().toBase64();
}

QString WebDavDestination::describe() const
{
    return QStringLiteral("WebDAV %1").arg(m_root.toString());
}

QUrl WebDavDestination::urlFor(const QString& remotePath) const
{
    QUrl u = m_root;
    u.setPath(m_root.path() + remotePath);
    return u;
}

QNetworkRequest WebDavDestination::request(const QString& remotePath) const
{
    QNetworkRequest req(urlFor(remotePath));
    if (!m_authorization.isEmpty())
        req.setRawHeader("Authorization", m_authorization);
    req.setTransferTimeout(transferTimeoutMs()); // of inactivity: progress resets it
    req.setMaximumRedirectsAllowed(5);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::SameOriginRedirectPolicy); // credentials stay on this host
    // HTTP/1.1 only. Qt 6.4's HTTP/2 writes a request body into its socket as fast as the
    // stream's flow-control window allows, not as fast as the link drains it, and nginx's
    // windows let it run ahead by the whole file: on a slow link the file ended up in memory
    // (128 MiB: 176 MiB peak, tst_upload_memory). Over HTTP/1.1 Qt writes as the socket drains.
    req.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    return req;
}

QString WebDavDestination::temporaryPath(const QString& remotePath, qint64 jobId)
{
    const QString dir = parentOf(remotePath);
    const QString name = QStringLiteral(".keepsake-%1.part").arg(jobId);
    return dir.isEmpty() ? name : dir + QLatin1Char('/') + name;
}

DestinationReply* WebDavDestination::upload(const UploadRequest& request)
{
    // No PROPFIND before: "Overwrite: F" (or "If-None-Match: *") is what refuses an existing
    // name (412), and it answers for the moment of naming, not for a moment before the bytes.
    auto* op = new DavOperation(this);
    op->m_result.remotePath = request.remotePath;
    const QString dir = parentOf(request.remotePath);
    ensureCollections(op, dir, [op, request, dir] {
        // In a folder this pass created, only our own uploads can hold a name (see the header).
        const bool direct = op->m_dest->createdCollections().contains(dir);
        const QString target =
            direct ? request.remotePath : temporaryPath(request.remotePath, request.jobId);
        // Streamed from disk a block at a time, within the shared bandwidth budget.
        auto* file =
            new FileRangeDevice(request.localPath, 0, request.size, op->m_dest->bandwidthLimiter());
        file->vouchByChangeTime(request.ctimeNs, request.sha256);
        if (!file->open(QIODevice::ReadOnly)) {
            delete file;
            op->done(Error::permanent(QStringLiteral("The local file cannot be read")));
            return;
        }
        QPointer<FileRangeDevice> body = file;
        QNetworkRequest put = op->m_dest->request(target);
        put.setHeader(QNetworkRequest::ContentLengthHeader, request.size);
        put.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/octet-stream"));
        if (direct)
            put.setRawHeader("If-None-Match", "*");
        op->m_reportProgress = true;
        op->send("PUT", put, file, [op, request, target, direct, body](QNetworkReply* r) {
            op->m_reportProgress = false;
            const int putStatus = statusOf(r);
            const bool putStored = putStatus == 201 || putStatus == 204;
            if (putStatus == 409 || putStatus == 404) {
                // The folder went away since this run created it: make it again next time.
                for (QString d = parentOf(request.remotePath); !d.isEmpty(); d = parentOf(d)) {
                    op->m_dest->knownCollections().remove(d);
                    op->m_dest->createdCollections().remove(d);
                }
            }
            // The server only counts bytes: compare what was read with what the scan hashed, so
            // a file changed while it was sent (even with its size and time put back) is never
            // acknowledged under the old hash.
            const bool complete = !r->error();
            if (body && (body->shrank() || (complete && request.sha256.size() == 32 &&
                                            body->sentSha256() != request.sha256))) {
                op->m_result.sourceChanged = true;
                const Error changed = Error::transient(QStringLiteral(
                    "The file changed while it was being sent; it will be read again"));
                // Its partial or mixed bytes must not stay under any name. Under the final name
                // only what the server said it stored is ours to remove (a refused PUT's name
                // holds someone else's file).
                if (direct && !putStored) {
                    op->done(changed);
                    return;
                }
                op->send("DELETE", op->m_dest->request(target), nullptr,
                         [op, changed](QNetworkReply*) { op->done(changed); });
                return;
            }
            if (direct && putStatus == 412) {
                nameTaken(op); // someone else's file came since the folder was made
                return;
            }
            if (const Error e = errorForReply(r, QStringLiteral("Sending the file"))) {
                op->done(e);
                return;
            }
            // The server took exactly request.size bytes (the body's length is in the request,
            // and it was read to its end) and said it stored them (201 new, 204 replaced).
            const bool stored = putStored && body && body->pos() == request.size;
            const QString putEtag = QString::fromLatin1(r->rawHeader("ETag"));
            if (!direct)
                moveIntoPlace(op, request, target, stored, putEtag);
            else if (stored)
                confirmed(op, request.size, putEtag);
            else
                confirmByPropfind(op, request.remotePath, request.size);
        });
    });
    return op;
}

DestinationReply* WebDavDestination::stat(const QString& remotePath)
{
    auto* op = new DavOperation(this);
    op->m_result.remotePath = remotePath;
    propfind(op, remotePath, [op](const DavProperties& p) {
        op->m_result.exists = p.exists;
        op->m_result.size = p.size;
        op->m_result.tag = p.etag.isEmpty() ? QString() : QStringLiteral("etag:") + p.etag;
        op->done();
    });
    return op;
}

DestinationReply* WebDavDestination::statWithHash(const QString& remotePath, qint64 size)
{
    auto* op = new DavOperation(this);
    op->m_result.remotePath = remotePath;
    propfind(op, remotePath, [op, remotePath, size](const DavProperties& p) {
        op->m_result.exists = p.exists;
        op->m_result.size = p.size;
        op->m_result.tag = p.etag.isEmpty() ? QString() : QStringLiteral("etag:") + p.etag;
        if (!p.exists || p.isCollection || p.size != size) {
            op->done();
            return;
        }
        // Hashed as it arrives, a block at a time: never the whole file in memory.
        auto hash = std::make_shared<QCryptographicHash>(QCryptographicHash::Sha256);
        auto read = std::make_shared<qint64>(0);
        op->send("GET", op->m_dest->request(remotePath), nullptr,
                 [op, hash, read, size](QNetworkReply* r) {
                     const QByteArray rest = r->readAll();
                     *read += rest.size();
                     hash->addData(rest);
                     if (const Error e =
                             errorForReply(r, QStringLiteral("Reading the file back"))) {
                         op->done(e);
                         return;
                     }
                     if (*read != size) {
                         op->done(Error::transient(
                             QStringLiteral("Reading the file back: %1 of %2 bytes came")
                                 .arg(*read)
                                 .arg(size)));
                         return;
                     }
                     op->m_result.sha256 = hash->result();
                     op->done();
                 });
        if (QNetworkReply* reply = op->m_current) {
            QObject::connect(reply, &QNetworkReply::readyRead, op, [reply, hash, read] {
                const QByteArray block = reply->readAll();
                *read += block.size();
                hash->addData(block);
            });
        }
    });
    return op;
}

DestinationReply* WebDavDestination::removeIncomplete(const UploadRequest& request)
{
    auto* op = new DavOperation(this);
    op->send("DELETE", this->request(temporaryPath(request.remotePath, request.jobId)), nullptr,
             [op](QNetworkReply* r) {
                 const int s = statusOf(r);
                 op->done(s == 404 || (s >= 200 && s < 300)
                              ? Error{}
                              : errorForReply(r, QStringLiteral("Removing a partial upload")));
             });
    return op;
}

DestinationReply* WebDavDestination::test()
{
    auto* op = new DavOperation(this);
    propfind(op, QString(), [op](const DavProperties& p) {
        if (!p.exists) {
            op->done(Error::permanent(QStringLiteral("The folder does not exist on the server")));
            return;
        }
        auto* body = new QBuffer;
        body->setData("keepsake");
        body->open(QIODevice::ReadOnly);
        op->send("PUT", op->m_dest->request(QStringLiteral(".keepsake-write-test")), body,
                 [op](QNetworkReply* r) {
                     if (const Error e = errorForReply(r, QStringLiteral("Writing a test file"))) {
                         op->done(e);
                         return;
                     }
                     op->send("DELETE", op->m_dest->request(QStringLiteral(".keepsake-write-test")),
                              nullptr, [op](QNetworkReply*) {
                                  op->m_result.exists = true;
                                  op->done();
                              });
                 });
    });
    return op;
}

} // namespace ks
