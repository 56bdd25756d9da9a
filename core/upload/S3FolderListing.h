#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <functional>

namespace ks {

class S3Destination;
class S3Operation;

// Whether an object may already exist under a key, answered for a whole folder by one
// ListObjectsV2 (1,000 keys a page) instead of a HEAD before every upload. An upload asks; when
// the folder's listing does not hold the key, the HEAD is skipped and the PUT goes at once (it
// still carries If-None-Match: *). A HEAD is a round trip per file to a remote endpoint, and on
// a server that shares the machine about 0.6 ms of its CPU (docs/benchmarks.md, "Photos to S3:
// one listing per folder"); rclone lists too.
//
// The answer errs towards "may exist" (then the caller HEADs, as before): a key any upload of
// this destination was begun for since the listing, a listing older than five minutes, one that
// failed or ran past 20 pages, and a hash collision all say "may exist". Listings are kept for
// the last few folders only, as 64-bit hashes of their keys: the scan hands files over folder
// by folder, and memory stays flat as the library grows.
class S3FolderListing : public QObject
{
    Q_OBJECT
public:
    explicit S3FolderListing(S3Destination* dest);

    // Calls `then` with false when `key` (the object's full key) is surely absent, true when a
    // HEAD must tell. Immediately when the folder's listing is at hand, else once it arrives
    // (uploads to the same folder wait for the one listing). On this thread.
    void mayExist(const QString& key, std::function<void(bool)> then);
    // An upload to `key` is about to begin: from now on the key may exist.
    void touched(const QString& key);

private:
    struct Folder
    {
        QSet<size_t> keys;
        QElapsedTimer listed; // invalid: pending or failed
        bool pending = false;
        bool complete = false;                // every page was read
        QList<std::function<void()>> waiters; // each reads the settled folder itself
    };
    static QString folderOf(const QString& key);
    void list(const QString& folder, S3Operation* op, const QString& continuation, int page);
    void settle(const QString& folder, bool complete);
    void evictOld();

    S3Destination* m_dest;
    QHash<QString, Folder> m_folders;
    QList<QString> m_order; // least recently listed first
};

} // namespace ks
