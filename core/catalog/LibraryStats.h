#pragma once

#include "AssetStore.h"
#include "common/Error.h"

#include <QByteArray>
#include <QFuture>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace ks {

struct FileCount
{
    qint64 files = 0;
    qint64 bytes = 0;
};

// How much of the library one destination holds, acknowledged by the destination itself.
struct DestinationCoverage
{
    qint64 id = 0;
    QString name;
    FileCount acknowledged;
    FileCount total; // the files present in the sources, whether or not they can go
    bool complete() const { return acknowledged.files >= total.files; }
};

// What the library holds and how much of it is safe: files present in the sources (missing
// ones left out), by kind, and per destination.
struct LibrarySummary
{
    FileCount photos;   // JPEG, HEIC, AVIF, PNG, WebP, GIF, TIFF
    FileCount raw;      // camera RAW: DNG, CR2, CR3, NEF, ARW, RAF, ORF, RW2, PEF ...
    FileCount videos;   // MP4, MOV, M4V (Live Photo videos included)
    FileCount sidecars; // XMP, AAE
    FileCount all;
    qint64 withProblems = 0; // present but cannot be backed up as they are
    QList<DestinationCoverage> destinations;
    bool valid = false; // false when the catalog could not be read
};

// The facts of one catalogued file, for "why is this file not backed up?".
struct ResourceFacts
{
    qint64 id = 0;
    qint64 assetId = 0;
    QString role;
    QString mediaType;
    qint64 size = 0;
    qint64 mtimeMs = 0;
    QByteArray sha256;
    bool hasGps = false;
    bool missing = false;
    QString problem;
    qint64 scannedMs = 0;
};

// One job of a file, with what the job list does not carry: the acknowledgement time and, for a
// duplicate, the file whose copy it shares.
struct JobFacts
{
    qint64 id = 0;
    qint64 destinationId = 0;
    QString destination;
    QString state; // jobStateName()
    QString remotePath;
    QByteArray contentSha256;
    qint64 dedupOf = 0;
    QString dedupOfLocalPath;
    QString dedupOfState;
    int attempts = 0;
    qint64 nextAttemptMs = 0;
    QString errorClass;
    QString errorMessage;
    int httpStatus = 0;
    QString waitReason;
    bool maybeSent = false;
    QString remoteTag;
    qint64 updatedMs = 0;
    qint64 acknowledgedMs = 0;
};

// Aggregates over the catalog for the Library tab and the per-file questions behind
// BackupExplanation. Read-only. The summary is one pass over resources plus the acknowledged
// jobs through the jobs_state index (about 0.4 s of CPU for 500,000 files and two destinations,
// hence summaryAsync); the per-file queries are index lookups.
class LibraryStats
{
public:
    explicit LibraryStats(QSqlDatabase& db) : m_db(db) {}

    LibrarySummary summary(Error* error = nullptr);

    // Opens its own connection to the catalog on a pool thread: the caller never waits on the
    // aggregate queries.
    static QFuture<LibrarySummary> summaryAsync(const QString& catalogPath);

    std::optional<ResourceFacts> resource(qint64 sourceId, const QString& relPath);
    // Every job of the resource, one per destination that has one.
    QList<JobFacts> jobs(qint64 resourceId);
    // Scan problems recorded for this path, one of its folders, or the source root (path "").
    QList<ScanProblemRow> problemsFor(qint64 sourceId, const QString& relPath);
    // 1-based place in the engine's queue (pending, due, not a duplicate, in the engine's order:
    // next attempt then id); 0 when the job is not queued.
    qint64 queuePosition(qint64 jobId);

    // "jpeg" -> photos, "nef" -> RAW ...: which LibrarySummary bucket a media type counts in.
    enum class Bucket { Photo, Raw, Video, Sidecar };
    static Bucket bucketOf(const QString& mediaType);

private:
    QSqlDatabase& m_db;
};

} // namespace ks

Q_DECLARE_METATYPE(ks::LibrarySummary)
