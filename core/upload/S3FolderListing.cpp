#include "S3FolderListing.h"

#include "S3Destination.h"
#include "S3Operation.h"

#include <QNetworkReply>
#include <QUrlQuery>
#include <QXmlStreamReader>

namespace ks {

namespace {
constexpr qint64 kFreshMs = 5 * 60 * 1000;
constexpr int kMaxPages = 20;  // 20,000 keys: a larger folder is HEADed file by file
constexpr int kMaxFolders = 8; // the scan hands files over folder by folder

size_t keyHash(const QString& key)
{
    return qHash(key, size_t(0x6b65657073616b65)); // any fixed seed: the set is this process's
}

struct Page
{
    bool ok = false;
    bool truncated = false;
    QString continuation;
    QStringList keys;
};

Page parsePage(const QByteArray& xml)
{
    Page page;
    QXmlStreamReader reader(xml);
    bool inResult = false;
    while (reader.readNextStartElement()) {
        const auto name = reader.name();
        if (!inResult) {
            if (name != QLatin1String("ListBucketResult"))
                return page;
            inResult = true;
            continue; // into its children
        }
        if (name == QLatin1String("Contents")) {
            while (reader.readNextStartElement()) {
                if (reader.name() == QLatin1String("Key"))
                    page.keys.append(reader.readElementText());
                else
                    reader.skipCurrentElement();
            }
        } else if (name == QLatin1String("IsTruncated")) {
            page.truncated = reader.readElementText() == QLatin1String("true");
        } else if (name == QLatin1String("NextContinuationToken")) {
            page.continuation = reader.readElementText();
        } else {
            reader.skipCurrentElement();
        }
    }
    page.ok = inResult && !reader.hasError() && (!page.truncated || !page.continuation.isEmpty());
    return page;
}
} // namespace

S3FolderListing::S3FolderListing(S3Destination* dest) : QObject(dest), m_dest(dest) {}

QString S3FolderListing::folderOf(const QString& key)
{
    return key.left(key.lastIndexOf(QLatin1Char('/')) + 1);
}

void S3FolderListing::mayExist(const QString& key, std::function<void(bool)> then)
{
    const QString folder = folderOf(key);
    const size_t hash = keyHash(key);
    Folder& f = m_folders[folder];
    if (!f.pending && f.complete && f.listed.isValid() && f.listed.elapsed() < kFreshMs) {
        then(f.keys.contains(hash));
        return;
    }
    f.waiters.append([this, folder, hash, then] {
        const Folder& settled = m_folders.value(folder);
        then(!settled.complete || settled.keys.contains(hash));
    });
    if (f.pending)
        return;
    // Listed long ago, never, or it failed: list (again). Keys already known stay "may exist".
    f.pending = true;
    f.complete = false;
    m_order.removeAll(folder);
    m_order.append(folder);
    // Its own operation: the listing outlives any one upload that waits for it.
    list(folder, new S3Operation(m_dest), QString(), 1);
}

void S3FolderListing::touched(const QString& key)
{
    const auto it = m_folders.find(folderOf(key));
    if (it != m_folders.end())
        it->keys.insert(keyHash(key));
}

void S3FolderListing::list(const QString& folder, S3Operation* op, const QString& continuation,
                           int page)
{
    QUrlQuery query{{QStringLiteral("list-type"), QStringLiteral("2")},
                    {QStringLiteral("prefix"), folder},
                    {QStringLiteral("delimiter"), QStringLiteral("/")}};
    if (!continuation.isEmpty())
        query.addQueryItem(QStringLiteral("continuation-token"), continuation);
    QNetworkReply* sent =
        op->sendBytes("GET", QString(), query, {}, {}, [this, folder, op, page](QNetworkReply* r) {
            const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const Page p = status == 200 && r->error() == QNetworkReply::NoError
                               ? parsePage(r->readAll())
                               : Page();
            if (p.ok) {
                Folder& f = m_folders[folder];
                for (const QString& k : p.keys)
                    f.keys.insert(keyHash(k));
                if (p.truncated && page < kMaxPages) {
                    list(folder, op, p.continuation, page + 1);
                    return;
                }
            }
            op->done();
            op->deleteLater();
            settle(folder, p.ok && !p.truncated);
        });
    if (!sent) { // cannot happen for a new operation; never leave the waiters waiting
        op->deleteLater();
        settle(folder, false);
    }
}

void S3FolderListing::settle(const QString& folder, bool complete)
{
    Folder& f = m_folders[folder];
    f.pending = false;
    f.complete = complete;
    if (complete)
        f.listed.start();
    else
        f.listed.invalidate();
    const QList<std::function<void()>> waiters = std::exchange(f.waiters, {});
    for (const auto& w : waiters)
        w();
    evictOld();
}

void S3FolderListing::evictOld()
{
    for (qsizetype i = 0; m_order.size() > kMaxFolders && i < m_order.size();) {
        const auto it = m_folders.find(m_order.at(i));
        if (it != m_folders.end() && it->pending) {
            ++i;
            continue;
        }
        if (it != m_folders.end())
            m_folders.erase(it);
        m_order.removeAt(i);
    }
}

} // namespace ks
