#include "ScanRun.h"

#include "ChangeTime.h"
#include "FileHasher.h"
#include "FileWalker.h"
#include "MediaType.h"
#include "MetadataReader.h"
#include "SourceRoot.h"
#include "catalog/AssetStore.h"
#include "catalog/ConsentStore.h"
#include "catalog/Database.h"
#include "catalog/SourceStore.h"
#include "catalog/Transaction.h"
#include "common/Clock.h"
#include "common/WorkPool.h"
#include "policy/ConsentScope.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QScopeGuard>
#include <QtConcurrent/QtConcurrentMap>
#include <QtConcurrent/QtConcurrentRun>
#include <deque>

namespace ks {

namespace {

constexpr int kBatch = 256;
constexpr qint64 kReadWholeUpTo = 1 << 20;
constexpr size_t kBatchesAhead = 3;

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

class SourceScan
{
public:
    SourceScan(Database& db, const Source& source, const QStringList& onlyPaths,
               const std::atomic_bool& cancel, const ScanProgressFn& progress, ScanSummary& summary)
        : m_db(db), m_store(db.db()), m_source(source), m_only(onlyPaths), m_cancel(cancel),
          m_progressFn(progress), m_summary(summary)
    {
    }

    void run()
    {
        Error error;
        // The walk (system calls) and loading what the catalog knows (SQLite) overlap.
        const QString root = m_source.path;
        const std::atomic_bool& cancel = m_cancel;
        QFuture<WalkResult> walking =
            QtConcurrent::run(workPool(), [root, &cancel] { return walkTree(root, cancel); });
        m_known = m_store.knownFiles(m_source.id, &error);
        WalkResult walked = walking.takeResult(); // moved out: released after the compare
        QString unavailable = walked.rootMissing ? walked.problems.first().reason : QString();
        if (!walked.rootMissing && walked.files.isEmpty() && walked.problems.isEmpty()) {
            // The mount point of a disk that is not mounted is an empty folder.
            const bool expectFiles = std::any_of(m_known.cbegin(), m_known.cend(),
                                                 [](const KnownFile& k) { return !k.missing; });
            sourceRootAvailable(root, expectFiles, &unavailable);
        }
        if (!unavailable.isEmpty()) {
            // An unmounted disk must not turn every file into "missing".
            m_summary.problems += 1;
            m_store.replaceScanProblems(m_source.id, {{m_source.path, QString(), unavailable, 0}},
                                        systemClock().nowMs(), &error);
            return;
        }
        const QHash<QString, KnownFile>& known = m_known;
        // A new file can only be a moved one if something is missing or not seen yet.
        for (const KnownFile& k : known) {
            if (k.missing || inScope(k.relPath)) {
                m_couldHaveMoved = true;
                break;
            }
        }
        QList<FileWork> todo;
        QList<ScanProblemRow> problems;
        for (const WalkProblem& p : walked.problems)
            problems.append({m_source.path, p.relPath, p.reason, 0});
        for (const WalkedFile& f : walked.files) {
            if (!inScope(f.relPath))
                continue;
            const auto it = m_known.find(f.relPath);
            if (it != m_known.end()) {
                it->seen = true;
                ++m_summary.filesSeen;
                if (!it->missing && it->size == f.size && it->mtimeMs == f.mtimeMs &&
                    it->fileId == f.fileId && !it->hasProblem &&
                    (it->ctimeNs == 0 || it->ctimeNs == f.ctimeNs)) {
                    ++m_summary.filesUnchanged;
                    continue;
                }
                todo.append({f, it->id, it->assetId});
                m_readPaths.insert(f.relPath);
            } else {
                todo.append({f, 0, 0}); // its first bytes decide whether it is media
            }
        }

        // What is left to do is in todo; the walk's list of every file is not needed any more.
        walked = WalkResult();
        // Known files in scope the walk did not find at their path: gone, unless found moved.
        // Collected after the walk, not removed file by file from a set of every known file.
        QSet<qint64> notSeen;
        for (const KnownFile& k : known) {
            if (!k.seen && !k.missing && inScope(k.relPath))
                notSeen.insert(k.id);
        }
        m_notSeenAtWalk = notSeen;
        QList<qsizetype> todoGroups = keepGroupsTogether(todo);

        // The pool reads the next batches while this thread writes one to the catalog.
        auto inspectBatch = [&](qsizetype start, qsizetype end) {
            return QtConcurrent::mapped(
                workPool(), todo.mid(start, end - start),
                [root, &cancel](const FileWork& w) { return inspect(root, w, cancel); });
        };
        std::deque<QFuture<FileResult>> inFlight; // two batches ahead keep both cores busy
        qsizetype queued = 0;
        const auto refill = [&] {
            while (inFlight.size() < kBatchesAhead && queued < todo.size()) {
                // About kBatch files, never a group cut in two.
                qsizetype end = std::min(queued + kBatch, todo.size());
                while (end < todo.size() && todoGroups.at(end) == todoGroups.at(end - 1))
                    ++end;
                inFlight.push_back(inspectBatch(queued, end));
                for (qsizetype i = queued; i < end; ++i)
                    todo[i] = FileWork(); // its path, at once
                // The batch has its own copy: what is queued is dropped from todo, so a first
                // scan does not hold every file's entry until it ends (halved at a time: each
                // entry is moved about once).
                queued = end;
                if (queued > 4 * kBatch && queued * 2 > todo.size()) {
                    todo.remove(0, queued);
                    todo.squeeze();
                    todoGroups.remove(0, queued);
                    todoGroups.squeeze();
                    queued = 0;
                }
            }
        };
        const auto drain = qScopeGuard([&inFlight] {
            for (QFuture<FileResult>& f : inFlight)
                f.waitForFinished();
        });
        refill();
        while (!inFlight.empty() && !m_cancel) {
            QFuture<FileResult> current = inFlight.front();
            inFlight.pop_front();
            current.waitForFinished();
            refill();
            if (m_cancel)
                break;
            const QList<FileResult> results = current.results();
            Transaction tx(m_db.db());
            m_batchGroups.clear();
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
                write(r, notSeen, &error);
            }
            settleBatchRoles(&error);
            if (!tx.commit()) {
                m_summary.error = Error::transient(QStringLiteral("the catalog could not be "
                                                                  "written"));
                return;
            }
            m_progress.filesSeen = m_summary.filesSeen;
            m_progress.currentPath =
                results.isEmpty() ? QString() : results.last().work.file.relPath;
            report();
        }
        if (m_cancel)
            return;

        Transaction tx(m_db.db());
        const QList<qint64> gone = QList<qint64>(notSeen.begin(), notSeen.end()) + m_vanished;
        m_summary.filesMissing += gone.size();
        m_store.markMissing(gone, &error);
        // A group that lost a member may need new roles and a new kind too.
        const QSet<qint64> goneIds(gone.begin(), gone.end());
        for (const KnownFile& k : std::as_const(known)) {
            if (goneIds.contains(k.id)) {
                m_dirtyGroups.insert(groupKeyOf(k.relPath));
                m_dirtyAssets.insert(k.assetId);
                m_gonePaths.insert(k.relPath);
            }
        }
        // A group a batch wrote was settled whole with it (settleBatchRoles), without the members
        // not seen at the walk: those are the ones gone now, or written since as moved. So the
        // same members again would give the same roles, and only the other groups are left.
        m_dirtyGroups.subtract(m_settledGroups);
        m_settledGroups.clear();
        // The unchanged members of the groups this scan touched (none in an unchanged rescan).
        if (!m_dirtyGroups.isEmpty()) {
            for (const KnownFile& k : std::as_const(known)) {
                if (k.missing || goneIds.contains(k.id) || m_writtenIds.contains(k.id))
                    continue;
                const QString group = groupKeyOf(k.relPath);
                if (m_dirtyGroups.contains(group))
                    m_groups[group].append({k.id, kindOfType(k.mediaType), k.role});
            }
        }
        assignRoles(&error);
        m_store.refreshAssetKinds(m_dirtyAssets, &error);
        const QList<ScanProblemRow> current = mergeProblems(problems, &error);
        m_summary.problems += current.size();
        SourceStore(m_db.db()).setLastScan(m_source.id, systemClock().nowMs(), &error);
        if (!tx.commit() || error)
            m_summary.error =
                error ? error : Error::transient(QStringLiteral("catalog write failed"));
    }

private:
    struct Member
    {
        qint64 id;
        MediaKind kind;
        QString role; // as the catalog has it now
    };

    // The problems of this source after this scan: what this scan found, plus the earlier
    // findings about files it did not read again (unchanged, or outside a partial scan's scope).
    // Written only when they changed, so an unchanged rescan writes nothing here.
    QList<ScanProblemRow> mergeProblems(const QList<ScanProblemRow>& found, Error* error)
    {
        const QHash<QString, QString> before = m_store.scanProblemsOf(m_source.id, error);
        QHash<QString, QString> after;
        for (auto it = before.cbegin(); it != before.cend(); ++it) {
            // Kept: findings about files present and not read again, and anything outside a
            // partial scan's scope. Dropped: what this walk finds again or no longer.
            const bool outOfScope = !it.key().isEmpty() && !inScope(it.key());
            const bool unchangedFile = m_known.contains(it.key()) &&
                                       !m_readPaths.contains(it.key()) &&
                                       !m_gonePaths.contains(it.key());
            if (outOfScope || unchangedFile)
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

    void write(const FileResult& r, QSet<qint64>& notSeen, Error* error)
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
                                    : m_store.missingWithHash(m_source.id, r.sha256, notSeen)) {
            id = moved->id;
            notSeen.remove(id);
            m_dirtyGroups.insert(groupKeyOf(moved->relPath)); // the group it left
            m_dirtyAssets.insert(moved->assetId);
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
        m_groups[group].append({id, r.type.kind, QStringLiteral("original")});
        m_writtenIds.insert(id);
        m_batchGroups.insert(group);
        m_dirtyAssets.insert(assetId);
        if (r.work.knownId)
            m_dirtyAssets.insert(r.work.knownAssetId);
    }

    // Only groups this scan touched can change.
    void assignRoles(Error* error)
    {
        for (const QString& key : std::as_const(m_dirtyGroups)) {
            const auto it = m_groups.constFind(key);
            if (it != m_groups.cend())
                setRoles(it.value(), error);
        }
    }

    // Within a group: photos are originals; a video beside a photo is its Live Photo part.
    void setRoles(const QList<Member>& members, Error* error)
    {
        bool hasPhoto = false;
        for (const Member& m : members)
            hasPhoto = hasPhoto || m.kind == MediaKind::Photo;
        for (const Member& m : members) {
            QString role = QStringLiteral("original");
            if (m.kind == MediaKind::Sidecar)
                role = QStringLiteral("sidecar");
            else if (m.kind == MediaKind::Video && hasPhoto)
                role = QStringLiteral("live-video");
            if (role != m_roleNow.value(m.id, m.role) && m_store.setRole(m.id, role, error))
                m_roleNow.insert(m.id, role);
        }
    }

    // The engine plans what each batch committed while the scan goes on, and the planner names a
    // Live Photo's video and sidecars after its photo and never merges sidecars with identical
    // ones: so a batch commits its groups whole (keepGroupsTogether) with their roles. Members
    // the walk did not see at their path are left out: at the end they are gone, or written
    // (moved), so the end of the scan would find the same members (see run()).
    void settleBatchRoles(Error* error)
    {
        for (const QString& key : std::as_const(m_batchGroups)) {
            QList<Member> members = m_groups.value(key);
            for (const KnownFile* k : m_knownByGroup.value(key)) {
                if (!k->missing && !m_notSeenAtWalk.contains(k->id) &&
                    !m_writtenIds.contains(k->id) && !m_vanishedIds.contains(k->id))
                    members.append({k->id, kindOfType(k->mediaType), k->role});
            }
            setRoles(members, error);
            // Settled: held as a name only, not with its members, until the scan ends.
            m_groups.remove(key);
            m_settledGroups.insert(key);
        }
    }

    // Puts the members of each group next to each other (groups in the order the walk met them)
    // and indexes the catalog's files of those groups; returns each file's group as a number
    // (its rank), not its key: it is held for every file to read until the scan ends.
    QList<qsizetype> keepGroupsTogether(QList<FileWork>& todo)
    {
        // A group never spans folders, and the walk lists a folder's files together, before its
        // subfolders: so each folder's run of files is ordered on its own, with a table of that
        // folder's groups only (a first scan of a large source then never holds every file's
        // key at once). The ranks continue from run to run, so the order is the one a single
        // pass over all files gives; which is what runs when a folder's files are not together.
        QList<std::pair<qsizetype, qsizetype>> runs; // [start, end) of one folder's files
        QSet<QString> folders;
        for (qsizetype start = 0; start < todo.size();) {
            const QStringView folder = folderOf(todo.at(start).file.relPath);
            qsizetype end = start + 1;
            while (end < todo.size() && folderOf(todo.at(end).file.relPath) == folder)
                ++end;
            const qsizetype count = folders.size();
            folders.insert(folder.toString());
            if (folders.size() == count) { // met before: its files are not together
                runs = {{0, todo.size()}};
                break;
            }
            runs.append({start, end});
            start = end;
        }
        QList<qsizetype> ranks;
        ranks.reserve(todo.size());
        QSet<QString> keys; // of the groups to read, only where the catalog has files to index
        for (const auto& [start, end] : std::as_const(runs))
            orderGroups(todo, start, end, ranks, m_known.isEmpty() ? nullptr : &keys);
        for (const KnownFile& k : std::as_const(m_known)) {
            const QString key = groupKeyOf(k.relPath);
            if (keys.contains(key))
                m_knownByGroup[key].append(&k);
        }
        return ranks;
    }

    static QStringView folderOf(const QString& relPath)
    {
        return QStringView(relPath).left(std::max<qsizetype>(0, relPath.lastIndexOf('/')));
    }

    // Orders todo[start, end) by group (groups in the order met, files in their order within),
    // appending their ranks (numbered on from the last rank in ranks) and the groups' keys.
    static void orderGroups(QList<FileWork>& todo, qsizetype start, qsizetype end,
                            QList<qsizetype>& ranks, QSet<QString>* keys)
    {
        const qsizetype first = ranks.isEmpty() ? 0 : ranks.last() + 1;
        QHash<QString, qsizetype> rank;
        QList<std::pair<qsizetype, qsizetype>> order; // (group rank, position)
        order.reserve(end - start);
        for (qsizetype i = start; i < end; ++i) {
            const QString key = groupKeyOf(todo.at(i).file.relPath);
            const auto it = rank.constFind(key);
            order.append(
                {it != rank.cend() ? *it : rank.insert(key, first + rank.size()).value(), i});
        }
        std::stable_sort(order.begin(), order.end());
        const QList<FileWork> unordered = todo.mid(start, end - start);
        qsizetype to = start;
        for (const auto& [groupRank, i] : std::as_const(order)) {
            todo[to++] = unordered.at(i - start);
            ranks.append(groupRank);
        }
        if (keys) {
            for (auto it = rank.cbegin(); it != rank.cend(); ++it)
                keys->insert(it.key());
        }
    }

    // After every commit, not throttled: the engine plans what a batch committed (ScanFeed), and
    // a batch left unreported would wait for the next one, which may be hours of hashing away.
    // One queued call per batch of hundreds of files costs nothing next to reading them.
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
    ScanSummary& m_summary;
    ScanProgress m_progress;
    QHash<QString, QList<Member>> m_groups;
    QSet<QString> m_dirtyGroups;       // groups with a member gone in this scan (or moved away)
    QSet<QString> m_settledGroups;     // groups a batch wrote, their roles settled with it
    QSet<qint64> m_dirtyAssets;        // assets whose kind may have changed
    QSet<QString> m_readPaths;         // known files read again (changed)
    QSet<QString> m_gonePaths;         // known files gone
    QSet<qint64> m_writtenIds;         // resources written by this scan
    QHash<QString, KnownFile> m_known; // the catalog's files of this source before the scan
    QList<qint64> m_vanished;
    QSet<qint64> m_vanishedIds;
    QSet<qint64> m_notSeenAtWalk; // known files in scope the walk did not find at their path
    QSet<QString> m_batchGroups;  // groups with a member written by the current batch
    QHash<QString, QList<const KnownFile*>> m_knownByGroup; // into m_known, for m_batchGroups
    QHash<qint64, QString> m_roleNow;                       // roles this scan wrote
    bool m_couldHaveMoved = false;
};

} // namespace

ScanSummary runScan(const QString& catalogPath, const QStringList& onlyPaths,
                    const std::atomic_bool& cancel, const ScanProgressFn& progress)
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
        SourceScan(db, source, onlyPaths, cancel, progress, summary).run();
        if (summary.error)
            break;
    }
    summary.cancelled = cancel;
    return summary;
}

} // namespace ks
