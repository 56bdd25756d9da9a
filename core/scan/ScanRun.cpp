#include "ScanRun.h"

#include "ChangeTime.h"
#include "FileHasher.h"
#include "FileWalker.h"
#include "MediaType.h"
#include "MetadataReader.h"
#include "SourceRoot.h"
#include "WalkQueue.h"
#include "catalog/AssetStore.h"
#include "catalog/ConsentStore.h"
#include "catalog/Database.h"
#include "catalog/SourceStore.h"
#include "catalog/Transaction.h"
#include "common/Clock.h"
#include "common/ThreadPriority.h"
#include "common/WorkPool.h"
#include "policy/ConsentScope.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QScopeGuard>
#include <QtConcurrent/QtConcurrentMap>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <deque>
#include <thread>

namespace ks {

namespace {

constexpr int kBatch = 256;
// A scan's first batch is small: uploads start from the first committed batch (afterBatch), and
// 256 photos are about a gigabyte to hash before anything could leave.
constexpr int kFirstBatch = 32;
constexpr qint64 kReadWholeUpTo = 1 << 20;
constexpr size_t kBatchesAhead = 3;
constexpr qsizetype kWalkChunk = 512; // files the walk delivers at a time
constexpr size_t kWalkChunksAhead = 4;
constexpr int kKnownChunk = 1024; // catalog rows read at a time

struct FileWork
{
    WalkedFile file;
    qint64 knownId = 0;      // existing resource at this path (changed), 0 when new
    qint64 knownAssetId = 0; // its asset before this scan
};

struct FileResult
{
    FileWork work;
    MediaType type;
    QByteArray sha256;
    CaptureInfo capture;
    QString problem;   // blocking
    QString warning;   // non-blocking, goes to scan_problems
    bool read = false; // the file's content was read (counts as hashed)
    qint64 bytes = 0;
};

QString extensionOf(const QString& relPath)
{
    const QString name = relPath.section(QLatin1Char('/'), -1);
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    return dot > 0 ? name.mid(dot + 1).toLower() : QString();
}

// Folder + base name: IMG_1.HEIC, IMG_1.MOV, IMG_1.AAE and IMG_1.HEIC.xmp are one group.
QString groupKeyOf(const QString& relPath)
{
    QString key = relPath;
    const qsizetype slash = key.lastIndexOf(QLatin1Char('/'));
    qsizetype dot = key.lastIndexOf(QLatin1Char('.'));
    if (dot > slash + 1) {
        const QString ext = key.mid(dot + 1).toLower();
        key.truncate(dot);
        if (ext == QLatin1String("xmp") || ext == QLatin1String("aae")) {
            dot = key.lastIndexOf(QLatin1Char('.'));
            if (dot > slash + 1 && key.size() - dot <= 5)
                key.truncate(dot);
        }
    }
    return key;
}

MediaKind kindOfType(const QString& name)
{
    if (name == QLatin1String("mp4") || name == QLatin1String("mov") ||
        name == QLatin1String("m4v"))
        return MediaKind::Video;
    if (name == QLatin1String("xmp") || name == QLatin1String("aae"))
        return MediaKind::Sidecar;
    return name.isEmpty() ? MediaKind::Unknown : MediaKind::Photo;
}

// A photo that ends before its format's end marker was cut short (copy interrupted, card error).
bool looksTruncated(QFile& f, const QString& type)
{
    if (type != QLatin1String("jpeg") && type != QLatin1String("png"))
        return false;
    const qint64 size = f.size();
    if (size < 16)
        return true;
    f.seek(std::max<qint64>(0, size - 64));
    const QByteArray tail = f.read(64);
    if (type == QLatin1String("jpeg"))
        return !tail.contains("\xFF\xD9");
    return !tail.contains("IEND");
}

FileResult inspect(const QString& root, const FileWork& work, const std::atomic_bool& cancel)
{
    FileResult r;
    r.work = work;
    const QString path = root + QLatin1Char('/') + work.file.relPath;
    if (work.file.size == 0) {
        if (isMediaExtension(extensionOf(work.file.relPath)))
            r.problem = QStringLiteral("empty file (0 bytes): nothing to back up");
        return r;
    }
    QFile f(path);
    // Unbuffered: the hash reads straight into its own buffer, in as few calls as possible.
    if (!f.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        r.problem = QStringLiteral("cannot be read: %1").arg(f.errorString());
        return r;
    }
    r.type = detectMediaType(f.read(kMediaSignatureBytes), extensionOf(work.file.relPath));
    if (!r.type.isKnown())
        return r;
    if (looksTruncated(f, r.type.name))
        r.warning = QStringLiteral("looks truncated (no end marker); backed up as it is");
    QByteArray contents; // the whole file when it is small: read once for hash and metadata
    HashResult h;
    for (int attempt = 1;; ++attempt) {
        // A write during the read (even one whose size and time were put back afterwards)
        // moves the change time: such a hash is of no version of the file.
        const qint64 before = changeTimeNs(f.handle());
        contents.clear();
        h = f.seek(0) ? hashDevice(f, &cancel, kReadWholeUpTo, &contents) : hashFile(path, &cancel);
        if (h.error || changeTimeNs(f.handle()) == before)
            break;
        if (attempt == 3) {
            r.problem = QStringLiteral("changed while being read; it will be read again");
            return r;
        }
    }
    f.close();
    r.read = true;
    r.bytes = h.bytesRead;
    if (h.error) {
        r.problem = h.error.message;
        return r;
    }
    if (h.bytesRead != work.file.size) {
        r.problem = QStringLiteral("changed while being read; it will be read again");
        return r;
    }
    r.sha256 = h.sha256;
    if (r.type.kind == MediaKind::Photo || r.type.kind == MediaKind::Video) {
        r.capture = contents.isEmpty() ? readCaptureInfo(path, work.file.mtimeMs)
                                       : readCaptureInfo(contents, work.file.mtimeMs);
        if (!r.capture.problem.isEmpty() && r.warning.isEmpty())
            r.warning = r.capture.problem;
    }
    return r;
}

// The order of SQLite's BINARY collation on UTF-8 text (code points), which QString's own
// comparison (UTF-16 code units) differs from above U+FFFF: the walk and the catalog's rows are
// merged in this order.
int comparePaths(const QString& a, const QString& b)
{
    const qsizetype n = std::min(a.size(), b.size());
    const QChar* pa = a.constData();
    const QChar* pb = b.constData();
    for (qsizetype i = 0; i < n; ++i) {
        char16_t x = pa[i].unicode();
        char16_t y = pb[i].unicode();
        if (x == y)
            continue;
        // Surrogates (code points above U+FFFF) sort after U+E000..U+FFFF.
        if (x >= 0xD800 && y >= 0xD800) {
            x = x >= 0xE000 ? x - 0x800 : x + 0x2000;
            y = y >= 0xE000 ? y - 0x800 : y + 0x2000;
        }
        return x < y ? -1 : 1;
    }
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

QString folderOf(const QString& relPath)
{
    return relPath.left(std::max<qsizetype>(0, relPath.lastIndexOf(QLatin1Char('/'))));
}

// One source's scan. The walk runs on its own thread and delivers the files a chunk at a time
// in rel_path order; this thread merges them with the catalog's rows, read in the same order a
// chunk at a time, so neither the walk's list nor the catalog's view of the whole source is ever
// held. A folder's files to read are queued once the walk is done with the folder (a group
// never spans folders), and read on the pool and written in batches while the walk goes on.
class SourceScan
{
public:
    SourceScan(Database& db, const Source& source, const QStringList& onlyPaths,
               const std::atomic_bool& cancel, const ScanProgressFn& progress,
               const ScanBatchFn& afterBatch, ScanSummary& summary)
        : m_db(db), m_store(db.db()), m_source(source), m_only(onlyPaths), m_cancel(cancel),
          m_progressFn(progress), m_afterBatch(afterBatch), m_summary(summary)
    {
    }

    void run()
    {
        Error error;
        const QString root = m_source.path;
        // A new file can only be a moved one if the source had files before. Then a folder with
        // new files is read only after the walk, when every file not seen at its place is known.
        m_couldHaveMoved = m_store.hasResources(m_source.id, false, &error);
        m_problemsBefore = m_store.scanProblemsOf(m_source.id, &error);
        if (error) {
            m_summary.error = error;
            return;
        }
        WalkQueue queue(kWalkChunksAhead);
        std::atomic_bool rootMissing = false;
        const std::atomic_bool& cancel = m_cancel;
        std::thread walker([&queue, &rootMissing, &cancel, root] {
            rootMissing = walkTreeInOrder(root, cancel, kWalkChunk, [&queue](WalkChunk&& chunk) {
                return queue.push(std::move(chunk));
            });
            queue.finish();
        });
        const auto stopWalk = qScopeGuard([&queue, &walker] {
            queue.close();
            walker.join();
        });
        const auto drain = qScopeGuard([this] {
            for (InFlight& batch : m_inFlight)
                batch.results.waitForFinished();
        });

        QList<ScanProblemRow> problems;
        bool walkedAnything = false;
        while (std::optional<WalkChunk> chunk = queue.pop()) {
            if (m_cancel)
                return;
            walkedAnything =
                walkedAnything || !chunk->files.isEmpty() || !chunk->problems.isEmpty();
            for (const WalkProblem& p : std::as_const(chunk->problems))
                problems.append({m_source.path, p.relPath, p.reason, 0});
            m_walkChunkFiles = chunk->files.size();
            for (const WalkedFile& f : std::as_const(chunk->files))
                compare(f, &error);
            noteHeld();
            chunk->files = {};
            m_walkChunkFiles = 0;
            if (error) {
                m_summary.error = error;
                return;
            }
            for (const QString& folder : std::as_const(chunk->foldersDone))
                folderDone(folder);
            noteHeld();
            if (!pump(false, problems))
                return;
        }
        if (m_cancel)
            return;

        QString unavailable;
        if (rootMissing)
            unavailable = problems.isEmpty() ? QString() : problems.first().reason;
        else if (!walkedAnything) // the mount point of a disk that is not mounted is empty
            sourceRootAvailable(root, m_store.hasResources(m_source.id, true, &error),
                                &unavailable);
        if (!unavailable.isEmpty()) {
            // An unmounted disk must not turn every file into "missing".
            m_summary.problems += 1;
            m_store.replaceScanProblems(m_source.id, {{m_source.path, QString(), unavailable, 0}},
                                        systemClock().nowMs(), &error);
            return;
        }
        // The catalog's files after the walk's last: not seen.
        while (const KnownFile* k = headKnown(&error)) {
            notSeenKnown(*k);
            ++m_knownPos;
        }
        m_knownChunk = {};
        for (const QString& folder : m_pending.keys()) // none: every folder was done
            folderDone(folder);
        // The folders read after the walk: now a new file there can be found moved.
        m_todo.files += m_deferred.files;
        m_todo.ranks += m_deferred.ranks;
        m_deferred = {};
        if (error) {
            m_summary.error = error;
            return;
        }
        if (!pump(true, problems) || m_cancel)
            return;

        Transaction tx(m_db.db());
        const QList<qint64> gone = QList<qint64>(m_notSeen.begin(), m_notSeen.end()) + m_vanished;
        m_summary.filesMissing += gone.size();
        m_store.markMissing(gone, &error);
        // An asset (group) that lost a member, or had one moved away, may need new roles and a
        // new kind: its present members, read back from the catalog.
        for (qint64 asset : std::as_const(m_dirtyAssets))
            setRoles(m_store.presentMembers(asset, &error), &error);
        m_store.refreshAssetKinds(m_dirtyAssets, &error);
        const QList<ScanProblemRow> current = mergeProblems(problems, &error);
        m_summary.problems += current.size();
        SourceStore(m_db.db()).setLastScan(m_source.id, systemClock().nowMs(), &error);
        if (!tx.commit() || error)
            m_summary.error =
                error ? error : Error::transient(QStringLiteral("catalog write failed"));
    }

private:
    // Files to read, in batches; each group's files are together and share a rank.
    struct Queue
    {
        QList<FileWork> files;
        QList<qsizetype> ranks;
    };

    struct InFlight
    {
        QFuture<FileResult> results;
        qsizetype files = 0;
    };

    // The catalog's next row not yet merged with the walk, reading the next chunk when needed.
    const KnownFile* headKnown(Error* error)
    {
        if (m_knownPos < m_knownChunk.size())
            return &m_knownChunk.at(m_knownPos);
        if (m_knownExhausted)
            return nullptr;
        m_knownChunk = m_store.knownFilesAfter(m_source.id, m_lastKnownPath, kKnownChunk, error);
        m_knownPos = 0;
        // A short chunk is the last: asking again could return rows this scan inserted since.
        m_knownExhausted = m_knownChunk.size() < kKnownChunk || (error && *error);
        if (m_knownChunk.isEmpty())
            return nullptr;
        m_lastKnownPath = m_knownChunk.last().relPath;
        return &m_knownChunk.at(0);
    }

    // One file of the walk, in rel_path order: the catalog's rows before it were not seen.
    void compare(const WalkedFile& f, Error* error)
    {
        if (!inScope(f.relPath))
            return;
        while (const KnownFile* k = headKnown(error)) {
            const int order = comparePaths(k->relPath, f.relPath);
            if (order > 0)
                break;
            ++m_knownPos;
            if (order < 0) {
                notSeenKnown(*k);
                continue;
            }
            ++m_summary.filesSeen;
            if (!k->missing && k->size == f.size && k->mtimeMs == f.mtimeMs &&
                k->fileId == f.fileId && !k->hasProblem &&
                (k->ctimeNs == 0 || k->ctimeNs == f.ctimeNs)) {
                ++m_summary.filesUnchanged;
                if (m_problemsBefore.contains(f.relPath))
                    m_keptProblems.insert(f.relPath); // a file not read again keeps its finding
                return;
            }
            queueRead({f, k->id, k->assetId});
            return;
        }
        if (!error || !*error)
            queueRead({f, 0, 0}); // its first bytes decide whether it is media
    }

    // A file of the catalog the walk did not find at its path: gone, unless found moved.
    void notSeenKnown(const KnownFile& k)
    {
        if (!inScope(k.relPath))
            return;
        if (k.missing) {
            if (m_problemsBefore.contains(k.relPath))
                m_keptProblems.insert(k.relPath);
            return;
        }
        m_notSeen.insert(k.id);
        m_dirtyAssets.insert(k.assetId);
    }

    void queueRead(const FileWork& work)
    {
        m_pending[folderOf(work.file.relPath)].append(work);
        ++m_pendingFiles;
    }

    // The walk is done with this folder: its files to read are queued, ordered into groups.
    // Where a new file could be a moved one, the folder waits for the end of the walk.
    void folderDone(const QString& folder)
    {
        const auto it = m_pending.find(folder);
        if (it == m_pending.end())
            return;
        const QList<FileWork> files = std::move(it.value());
        m_pending.erase(it);
        m_pendingFiles -= files.size();
        const bool wait =
            m_couldHaveMoved && std::any_of(files.cbegin(), files.cend(),
                                            [](const FileWork& w) { return w.knownId == 0; });
        orderGroups(files, wait ? m_deferred : m_todo);
    }

    // Appends a folder's files ordered by group (groups in the order met, files in their order
    // within), each group with a rank of its own.
    void orderGroups(const QList<FileWork>& files, Queue& to)
    {
        QHash<QString, qsizetype> rank;
        QList<std::pair<qsizetype, qsizetype>> order; // (group rank, position)
        order.reserve(files.size());
        for (qsizetype i = 0; i < files.size(); ++i) {
            const QString key = groupKeyOf(files.at(i).file.relPath);
            const auto it = rank.constFind(key);
            order.append({it != rank.cend() ? *it : rank.insert(key, m_nextRank++).value(), i});
        }
        std::stable_sort(order.begin(), order.end());
        for (const auto& [groupRank, i] : std::as_const(order)) {
            to.files.append(files.at(i));
            to.ranks.append(groupRank);
        }
    }

    // Starts reading batches and writes those read. While the walk goes on (!all) a batch starts
    // only when a whole one is waiting, and this thread waits for a batch only when the files
    // to read pile up; at the end (all) everything is read and written.
    bool pump(bool all, QList<ScanProblemRow>& problems)
    {
        refill(all);
        while (!m_inFlight.empty() && !m_cancel) {
            const bool pilingUp = m_todo.files.size() > qsizetype(kBatchesAhead) * kBatch;
            if (!all && !pilingUp && !m_inFlight.front().results.isFinished())
                break;
            InFlight current = m_inFlight.front();
            m_inFlight.pop_front();
            current.results.waitForFinished();
            refill(all);
            if (m_cancel)
                break;
            if (!writeBatch(current.results.results(), problems))
                return false;
        }
        return true;
    }

    void refill(bool all)
    {
        const QString root = m_source.path;
        const std::atomic_bool& cancel = m_cancel;
        QList<FileWork>& todo = m_todo.files;
        QList<qsizetype>& ranks = m_todo.ranks;
        for (;;) {
            const qsizetype size = m_batchesStarted == 0 ? kFirstBatch : kBatch;
            if (m_inFlight.size() >= kBatchesAhead || todo.isEmpty() ||
                (!all && todo.size() < size))
                break;
            // About `size` files, never a group cut in two.
            qsizetype end = std::min<qsizetype>(size, todo.size());
            while (end < todo.size() && ranks.at(end) == ranks.at(end - 1))
                ++end;
            m_inFlight.push_back({QtConcurrent::mapped(workPool(), todo.first(end),
                                                       [root, &cancel](const FileWork& w) {
                                                           lowerCurrentThreadPriority();
                                                           return inspect(root, w, cancel);
                                                       }),
                                  end});
            // The batch has its own copy: what is queued leaves the queue.
            todo.remove(0, end);
            ranks.remove(0, end);
            ++m_batchesStarted;
            noteHeld();
        }
        if (todo.isEmpty()) {
            todo.squeeze();
            ranks.squeeze();
        }
    }

    bool writeBatch(const QList<FileResult>& results, QList<ScanProblemRow>& problems)
    {
        Error error;
        Transaction tx(m_db.db());
        m_batchAssets.clear();
        for (const FileResult& r : results) {
            if (r.read) {
                ++m_summary.filesHashed;
                m_summary.bytesHashed += r.bytes;
                m_progress.filesHashed++;
                m_progress.bytesHashed += r.bytes;
            }
            if (!r.warning.isEmpty())
                problems.append({m_source.path, r.work.file.relPath, r.warning, 0});
            if (!r.type.isKnown() && r.problem.isEmpty()) {
                if (r.work.knownId) {
                    m_vanished.append(r.work.knownId); // was media, is no longer
                    m_vanishedIds.insert(r.work.knownId);
                    m_dirtyAssets.insert(r.work.knownAssetId);
                }
                continue;
            }
            if (!r.type.isKnown()) {
                // Unreadable or empty: no signature to go by, so it is a scan problem.
                if (!r.problem.isEmpty())
                    problems.append({m_source.path, r.work.file.relPath, r.problem, 0});
                continue;
            }
            if (!r.problem.isEmpty())
                ++m_summary.problems;
            ++m_summary.filesSeen;
            write(r, &error);
        }
        settleBatchRoles(&error);
        if (!tx.commit()) {
            m_summary.error = Error::transient(QStringLiteral("the catalog could not be written"));
            return false;
        }
        if (m_afterBatch && !m_batchAssets.isEmpty()) {
            const qint64 from = *std::min_element(m_batchAssets.cbegin(), m_batchAssets.cend());
            Error planError;
            if (!m_afterBatch(m_db.db(), from, &planError)) {
                m_summary.error = planError ? planError
                                            : Error::transient(QStringLiteral(
                                                  "the jobs of the scan's batch not written"));
                return false;
            }
        }
        m_progress.filesSeen = m_summary.filesSeen;
        m_progress.currentPath = results.isEmpty() ? QString() : results.last().work.file.relPath;
        report();
        return true;
    }

    // The problems of this source after this scan: what this scan found, plus the earlier
    // findings about files it did not read again (unchanged, or outside a partial scan's scope).
    // Written only when they changed, so an unchanged rescan writes nothing here.
    QList<ScanProblemRow> mergeProblems(const QList<ScanProblemRow>& found, Error* error)
    {
        const QHash<QString, QString>& before = m_problemsBefore;
        QHash<QString, QString> after;
        for (auto it = before.cbegin(); it != before.cend(); ++it) {
            // Kept: findings about files present and not read again, and anything outside a
            // partial scan's scope. Dropped: what this walk finds again or no longer.
            const bool outOfScope = !it.key().isEmpty() && !inScope(it.key());
            if (outOfScope || m_keptProblems.contains(it.key()))
                after.insert(it.key(), it.value());
        }
        for (const ScanProblemRow& p : found)
            after.insert(p.path, p.reason);
        QList<ScanProblemRow> rows;
        rows.reserve(after.size());
        for (auto it = after.cbegin(); it != after.cend(); ++it)
            rows.append({m_source.path, it.key(), it.value(), 0});
        if (after != before)
            m_store.replaceScanProblems(m_source.id, rows, systemClock().nowMs(), error);
        return rows;
    }

    bool inScope(const QString& relPath) const
    {
        if (m_only.isEmpty())
            return true;
        const QString abs = m_source.path + QLatin1Char('/') + relPath;
        for (const QString& p : m_only) {
            if (abs == p || abs.startsWith(p + QLatin1Char('/')))
                return true;
        }
        return false;
    }

    void write(const FileResult& r, Error* error)
    {
        const QString group = groupKeyOf(r.work.file.relPath);
        const qint64 assetId = m_store.ensureAsset(m_source.id, group, error);
        ResourceWrite w{
            r.work.file.relPath, QStringLiteral("original"), r.type.name, r.work.file.size,
            r.work.file.mtimeMs, r.work.file.fileId,         r.sha256,    r.capture.hasGps,
            r.problem,           r.work.file.ctimeNs};
        qint64 id = r.work.knownId;
        if (id) {
            m_store.updateResource(id, assetId, w, systemClock().nowMs(), error);
            ++m_summary.filesChanged;
        } else if (auto moved = r.sha256.isEmpty() || !m_couldHaveMoved
                                    ? std::nullopt
                                    : m_store.missingWithHash(m_source.id, r.sha256, m_notSeen)) {
            id = moved->id;
            m_notSeen.remove(id);
            m_dirtyAssets.insert(moved->assetId); // the group it left
            m_store.updateResource(id, assetId, w, systemClock().nowMs(), error);
            ++m_summary.filesMoved;
        } else {
            id = m_store.insertResource(m_source.id, assetId, w, systemClock().nowMs(), error);
            ++m_summary.filesNew;
        }
        if (r.type.kind != MediaKind::Sidecar && !r.capture.origin.isEmpty()) {
            const CaptureWrite c{r.capture.wallClockMs, r.capture.hasOffset,
                                 r.capture.offsetSeconds, r.capture.origin};
            // A photo's own time wins over its Live Photo video's.
            m_store.setAssetCapture(assetId, c, r.type.kind == MediaKind::Video, error);
        }
        m_batchAssets.insert(assetId);
        if (r.work.knownId && r.work.knownAssetId != assetId)
            m_dirtyAssets.insert(r.work.knownAssetId);
    }

    // Within a group: photos are originals; a video beside a photo is its Live Photo part.
    void setRoles(const QList<AssetMember>& members, Error* error)
    {
        bool hasPhoto = false;
        for (const AssetMember& m : members)
            hasPhoto = hasPhoto || kindOfType(m.mediaType) == MediaKind::Photo;
        for (const AssetMember& m : members) {
            const MediaKind kind = kindOfType(m.mediaType);
            QString role = QStringLiteral("original");
            if (kind == MediaKind::Sidecar)
                role = QStringLiteral("sidecar");
            else if (kind == MediaKind::Video && hasPhoto)
                role = QStringLiteral("live-video");
            if (role != m.role)
                m_store.setRole(m.id, role, error);
        }
    }

    // The engine plans what each batch committed while the scan goes on, and the planner names a
    // Live Photo's video and sidecars after its photo and never merges sidecars with identical
    // ones: so a batch commits its groups whole (orderGroups, refill) with their roles and kinds.
    // The members are the catalog's present ones, without those the walk did not see at their
    // path (gone, unless found moved) and those no longer media: at the end those are marked
    // missing, and their groups settled again.
    void settleBatchRoles(Error* error)
    {
        for (qint64 asset : std::as_const(m_batchAssets)) {
            QList<AssetMember> members = m_store.presentMembers(asset, error);
            members.removeIf([this](const AssetMember& m) {
                return m_notSeen.contains(m.id) || m_vanishedIds.contains(m.id);
            });
            setRoles(members, error);
        }
        m_store.refreshAssetKinds(m_batchAssets, error);
    }

    // The most files the scan held at once (walk's chunk, catalog's chunk, files waiting for
    // their folder, to read and being read): bounded, whatever the size of the source.
    void noteHeld()
    {
        qsizetype inFlight = 0;
        for (const InFlight& batch : m_inFlight)
            inFlight += batch.files;
        const qsizetype held = m_walkChunkFiles + (m_knownChunk.size() - m_knownPos) +
                               m_pendingFiles + m_todo.files.size() + m_deferred.files.size() +
                               inFlight;
        m_summary.filesHeldPeak = std::max<qint64>(m_summary.filesHeldPeak, held);
    }

    // After every commit, not throttled: the engine starts the jobs a batch's afterBatch planned,
    // and a batch left unreported would wait for the next one, which may be hours of hashing
    // away. One queued call per batch of hundreds of files costs nothing next to reading them.
    void report()
    {
        if (m_progressFn)
            m_progressFn(m_progress);
    }

    Database& m_db;
    AssetStore m_store;
    Source m_source;
    QStringList m_only;
    const std::atomic_bool& m_cancel;
    const ScanProgressFn& m_progressFn;
    const ScanBatchFn& m_afterBatch;
    ScanSummary& m_summary;
    ScanProgress m_progress;
    // The catalog's rows, a chunk at a time, merged with the walk.
    QList<KnownFile> m_knownChunk;
    qsizetype m_knownPos = 0;
    QString m_lastKnownPath; // null: none read yet
    bool m_knownExhausted = false;
    qsizetype m_walkChunkFiles = 0;
    // Files to read: of folders the walk is still in, queued, waiting for the walk's end.
    QHash<QString, QList<FileWork>> m_pending;
    qsizetype m_pendingFiles = 0;
    Queue m_todo;
    Queue m_deferred;
    qsizetype m_nextRank = 0;
    std::deque<InFlight> m_inFlight;          // kBatchesAhead batches ahead keep both cores busy
    int m_batchesStarted = 0;                 // the first is kFirstBatch files
    QHash<QString, QString> m_problemsBefore; // path -> reason, as the catalog had them
    QSet<QString> m_keptProblems;             // of those, about files not read again
    QSet<qint64> m_notSeen;     // known files in scope not found at their path (and not moved)
    QSet<qint64> m_dirtyAssets; // assets that lost a member: roles and kind settled at the end
    QSet<qint64> m_batchAssets; // assets the current batch wrote
    QList<qint64> m_vanished;   // known files that are no longer media
    QSet<qint64> m_vanishedIds;
    bool m_couldHaveMoved = false;
};

} // namespace

ScanSummary runScan(const QString& catalogPath, const QStringList& onlyPaths,
                    const std::atomic_bool& cancel, const ScanProgressFn& progress,
                    const ScanBatchFn& afterBatch)
{
    initializeMetadataReader();
    ScanSummary summary;
    Database db;
    if (!db.open(catalogPath, &summary.error))
        return summary;
    ConsentStore consents(db.db());
    const QList<Source> sources = SourceStore(db.db()).list(&summary.error);
    for (const Source& source : sources) {
        if (cancel)
            break;
        if (!onlyPaths.isEmpty()) {
            bool inside = false;
            for (const QString& p : onlyPaths)
                inside = inside || p == source.path || p.startsWith(source.path + QLatin1Char('/'));
            if (!inside)
                continue;
        }
        if (!consents.isGranted(consent::readSource, source.path)) {
            summary.sourcesWaitingForConsent.append(source.path);
            continue;
        }
        SourceScan(db, source, onlyPaths, cancel, progress, afterBatch, summary).run();
        if (summary.error)
            break;
    }
    summary.cancelled = cancel;
    return summary;
}

} // namespace ks
