#include "LibraryStats.h"

#include "Database.h"
#include "SqlQuery.h"
#include "common/WorkPool.h"

#include <QHash>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

namespace ks {

namespace {

void add(FileCount& c, qint64 files, qint64 bytes)
{
    c.files += files;
    c.bytes += bytes;
}

} // namespace

LibraryStats::Bucket LibraryStats::bucketOf(const QString& mediaType)
{
    // The names detectMediaType() gives camera RAW files (scan/MediaType.cpp).
    static const QSet<QString> raw{
        QStringLiteral("dng"), QStringLiteral("cr2"), QStringLiteral("cr3"), QStringLiteral("nef"),
        QStringLiteral("nrw"), QStringLiteral("arw"), QStringLiteral("srf"), QStringLiteral("sr2"),
        QStringLiteral("orf"), QStringLiteral("rw2"), QStringLiteral("pef"), QStringLiteral("srw"),
        QStringLiteral("3fr"), QStringLiteral("erf"), QStringLiteral("kdc"), QStringLiteral("raf")};
    static const QSet<QString> video{QStringLiteral("mp4"), QStringLiteral("mov"),
                                     QStringLiteral("m4v")};
    static const QSet<QString> sidecar{QStringLiteral("xmp"), QStringLiteral("aae")};
    if (raw.contains(mediaType))
        return Bucket::Raw;
    if (video.contains(mediaType))
        return Bucket::Video;
    if (sidecar.contains(mediaType))
        return Bucket::Sidecar;
    return Bucket::Photo;
}

LibrarySummary LibraryStats::summary(Error* error)
{
    LibrarySummary s;
    QSqlQuery q(m_db);
    // One pass over resources; the handful of media types are sorted into buckets here.
    if (!sql::exec(q,
                   QStringLiteral("SELECT media_type, count(*), coalesce(sum(size), 0), "
                                  "count(problem) FROM resources WHERE missing = 0 "
                                  "GROUP BY media_type"),
                   {}, error))
        return s;
    while (q.next()) {
        const qint64 files = q.value(1).toLongLong();
        const qint64 bytes = q.value(2).toLongLong();
        switch (bucketOf(q.value(0).toString())) {
        case Bucket::Photo:
            add(s.photos, files, bytes);
            break;
        case Bucket::Raw:
            add(s.raw, files, bytes);
            break;
        case Bucket::Video:
            add(s.videos, files, bytes);
            break;
        case Bucket::Sidecar:
            add(s.sidecars, files, bytes);
            break;
        }
        add(s.all, files, bytes);
        s.withProblems += q.value(3).toLongLong();
    }
    // Acknowledged jobs through the jobs_state index, each joined to its resource by rowid. A
    // job of a file gone from the source is not counted: the total does not count it either.
    QHash<qint64, FileCount> acknowledged;
    if (!sql::exec(q,
                   QStringLiteral("SELECT j.destination_id, count(*), coalesce(sum(r.size), 0) "
                                  "FROM jobs j JOIN resources r ON r.id = j.resource_id "
                                  "WHERE j.state = 'acknowledged' AND r.missing = 0 "
                                  "GROUP BY j.destination_id"),
                   {}, error))
        return s;
    while (q.next())
        acknowledged.insert(q.value(0).toLongLong(),
                            {q.value(1).toLongLong(), q.value(2).toLongLong()});
    if (!sql::exec(q, QStringLiteral("SELECT id, name FROM destinations ORDER BY name"), {}, error))
        return s;
    while (q.next()) {
        DestinationCoverage d;
        d.id = q.value(0).toLongLong();
        d.name = q.value(1).toString();
        d.acknowledged = acknowledged.value(d.id);
        d.total = s.all;
        s.destinations.append(d);
    }
    s.valid = true;
    return s;
}

QFuture<LibrarySummary> LibraryStats::summaryAsync(const QString& catalogPath)
{
    return QtConcurrent::run(workPool(), [catalogPath] {
        Database db;
        Error error;
        if (!db.open(catalogPath, &error))
            return LibrarySummary{};
        return LibraryStats(db.db()).summary(&error);
    });
}

std::optional<ResourceFacts> LibraryStats::resource(qint64 sourceId, const QString& relPath)
{
    QSqlQuery q(m_db);
    if (!sql::exec(q,
                   QStringLiteral("SELECT id, asset_id, role, media_type, size, mtime_ms, sha256, "
                                  "has_gps, missing, coalesce(problem, ''), "
                                  "coalesce(scanned_at, 0) FROM resources "
                                  "WHERE source_id = ? AND rel_path = ?"),
                   {sourceId, relPath}) ||
        !q.next())
        return std::nullopt;
    ResourceFacts r;
    r.id = q.value(0).toLongLong();
    r.assetId = q.value(1).toLongLong();
    r.role = q.value(2).toString();
    r.mediaType = q.value(3).toString();
    r.size = q.value(4).toLongLong();
    r.mtimeMs = q.value(5).toLongLong();
    r.sha256 = q.value(6).toByteArray();
    r.hasGps = q.value(7).toBool();
    r.missing = q.value(8).toBool();
    r.problem = q.value(9).toString();
    r.scannedMs = q.value(10).toLongLong();
    return r;
}

QList<JobFacts> LibraryStats::jobs(qint64 resourceId)
{
    QList<JobFacts> out;
    QSqlQuery q(m_db);
    if (!sql::exec(
            q,
            QStringLiteral(
                "SELECT j.id, j.destination_id, d.name, j.state, coalesce(j.remote_path, ''), "
                "j.content_sha256, coalesce(j.dedup_of, 0), "
                "coalesce(ps.path || '/' || pr.rel_path, ''), coalesce(p.state, ''), j.attempts, "
                "j.next_attempt_ms, coalesce(j.error_class, ''), coalesce(j.error_message, ''), "
                "coalesce(j.http_status, 0), coalesce(j.wait_reason, ''), j.maybe_sent, "
                "coalesce(j.remote_tag, ''), j.updated_ms, coalesce(j.acknowledged_ms, 0) "
                "FROM jobs j JOIN destinations d ON d.id = j.destination_id "
                "LEFT JOIN jobs p ON p.id = j.dedup_of "
                "LEFT JOIN resources pr ON pr.id = p.resource_id "
                "LEFT JOIN sources ps ON ps.id = pr.source_id "
                "WHERE j.resource_id = ? ORDER BY d.name"),
            {resourceId}))
        return out;
    while (q.next()) {
        JobFacts j;
        j.id = q.value(0).toLongLong();
        j.destinationId = q.value(1).toLongLong();
        j.destination = q.value(2).toString();
        j.state = q.value(3).toString();
        j.remotePath = q.value(4).toString();
        j.contentSha256 = q.value(5).toByteArray();
        j.dedupOf = q.value(6).toLongLong();
        j.dedupOfLocalPath = q.value(7).toString();
        j.dedupOfState = q.value(8).toString();
        j.attempts = q.value(9).toInt();
        j.nextAttemptMs = q.value(10).toLongLong();
        j.errorClass = q.value(11).toString();
        j.errorMessage = q.value(12).toString();
        j.httpStatus = q.value(13).toInt();
        j.waitReason = q.value(14).toString();
        j.maybeSent = q.value(15).toBool();
        j.remoteTag = q.value(16).toString();
        j.updatedMs = q.value(17).toLongLong();
        j.acknowledgedMs = q.value(18).toLongLong();
        out.append(j);
    }
    return out;
}

QList<ScanProblemRow> LibraryStats::problemsFor(qint64 sourceId, const QString& relPath)
{
    QList<ScanProblemRow> out;
    QSqlQuery q(m_db);
    // The file itself, a folder above it ("a/b" for "a/b/c.jpg"), or the root ("").
    if (!sql::exec(q,
                   QStringLiteral("SELECT s.path, p.path, p.reason, p.seen_ms FROM scan_problems "
                                  "p JOIN sources s ON s.id = p.source_id WHERE p.source_id = ? "
                                  "AND (p.path = ? OR p.path = '' OR "
                                  "substr(?, 1, length(p.path) + 1) = p.path || '/') "
                                  "ORDER BY length(p.path) DESC"),
                   {sourceId, relPath, relPath}))
        return out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                    q.value(3).toLongLong()});
    return out;
}

qint64 LibraryStats::queuePosition(qint64 jobId)
{
    QSqlQuery q(m_db);
    if (!sql::exec(q,
                   QStringLiteral("SELECT next_attempt_ms FROM jobs WHERE id = ? AND "
                                  "state = 'pending' AND dedup_of IS NULL"),
                   {jobId}) ||
        !q.next())
        return 0;
    const qint64 next = q.value(0).toLongLong();
    // Two range scans of the jobs_state index (state, next_attempt_ms, rowid).
    if (!sql::exec(q,
                   QStringLiteral("SELECT (SELECT count(*) FROM jobs WHERE state = 'pending' AND "
                                  "next_attempt_ms < ? AND dedup_of IS NULL) + "
                                  "(SELECT count(*) FROM jobs WHERE state = 'pending' AND "
                                  "next_attempt_ms = ? AND id < ? AND dedup_of IS NULL)"),
                   {next, next, jobId}) ||
        !q.next())
        return 0;
    return q.value(0).toLongLong() + 1;
}

} // namespace ks
