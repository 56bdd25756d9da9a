#include "AssetStore.h"

#include <QJsonArray>
#include <QJsonDocument>

#include "SqlQuery.h"

namespace ks {

QList<KnownFile> AssetStore::knownFilesAfter(qint64 sourceId, const QString& after, int limit,
                                             Error* error)
{
    QList<KnownFile> out;
    // No hash, media type or role: a rescan compares size, time and file id; moves are looked
    // up by hash in SQL (missingWithHash), roles per asset (presentMembers).
    static const QString columns =
        QStringLiteral("SELECT id, asset_id, rel_path, size, mtime_ms, file_id, ctime_ns, missing, "
                       "problem IS NOT NULL AND problem <> '' FROM resources ");
    QSqlQuery* q =
        after.isNull()
            ? run(columns + QStringLiteral("WHERE source_id = ? ORDER BY rel_path LIMIT ?"),
                  {sourceId, limit}, error)
            : run(columns + QStringLiteral("WHERE source_id = ? AND rel_path > ? ORDER BY rel_path "
                                           "LIMIT ?"),
                  {sourceId, after, limit}, error);
    if (!q)
        return out;
    out.reserve(limit);
    while (q->next()) {
        out.append(KnownFile{q->value(0).toLongLong(), q->value(1).toLongLong(),
                             q->value(2).toString(), q->value(3).toLongLong(),
                             q->value(4).toLongLong(), q->value(5).toLongLong(),
                             q->value(6).toLongLong(), q->value(7).toBool(), q->value(8).toBool()});
    }
    q->finish();
    return out;
}

bool AssetStore::hasResources(qint64 sourceId, bool presentOnly, Error* error)
{
    QSqlQuery* q = run(presentOnly ? QStringLiteral("SELECT EXISTS (SELECT 1 FROM resources WHERE "
                                                    "source_id = ? AND missing = 0)")
                                   : QStringLiteral("SELECT EXISTS (SELECT 1 FROM resources WHERE "
                                                    "source_id = ?)"),
                       {sourceId}, error);
    const bool any = q && q->next() && q->value(0).toBool();
    if (q)
        q->finish();
    return any;
}

QList<AssetMember> AssetStore::presentMembers(qint64 assetId, Error* error)
{
    QList<AssetMember> out;
    QSqlQuery* q = run(QStringLiteral("SELECT id, media_type, role FROM resources "
                                      "WHERE asset_id = ? AND missing = 0 ORDER BY id"),
                       {assetId}, error);
    if (!q)
        return out;
    while (q->next())
        out.append({q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toString()});
    q->finish();
    return out;
}

QSqlQuery* AssetStore::run(const QString& statement, std::initializer_list<QVariant> binds,
                           Error* error)
{
    std::shared_ptr<QSqlQuery>& q = m_statements[statement];
    if (!q)
        q = std::make_shared<QSqlQuery>(m_db);
    return sql::exec(*q, statement, binds, error) ? q.get() : nullptr;
}

std::optional<KnownFile> AssetStore::missingWithHash(qint64 sourceId, const QByteArray& sha256,
                                                     const QSet<qint64>& notSeen)
{
    QSqlQuery* q = run(QStringLiteral("SELECT id, asset_id, rel_path, missing FROM resources "
                                      "WHERE source_id = ? AND sha256 = ?"),
                       {sourceId, sha256}, nullptr);
    if (!q)
        return std::nullopt;
    std::optional<KnownFile> found;
    while (!found && q->next()) {
        const qint64 id = q->value(0).toLongLong();
        if (q->value(3).toBool() || notSeen.contains(id)) {
            KnownFile f;
            f.id = id;
            f.assetId = q->value(1).toLongLong();
            f.relPath = q->value(2).toString();
            found = f;
        }
    }
    q->finish();
    return found;
}

qint64 AssetStore::ensureAsset(qint64 sourceId, const QString& groupKey, Error* error)
{
    QSqlQuery* insert =
        run(QStringLiteral("INSERT INTO assets (source_id, group_key, kind) VALUES (?, ?, "
                           "'photo') ON CONFLICT(source_id, group_key) DO NOTHING"),
            {sourceId, groupKey}, error);
    if (!insert)
        return 0;
    if (insert->numRowsAffected() == 1) // new: the common case in a first scan
        return insert->lastInsertId().toLongLong();
    QSqlQuery* q =
        run(QStringLiteral("SELECT id FROM assets WHERE source_id = ? AND group_key = ?"),
            {sourceId, groupKey}, error);
    const qint64 id = q && q->next() ? q->value(0).toLongLong() : 0;
    if (q)
        q->finish();
    return id;
}

bool AssetStore::setAssetCapture(qint64 assetId, const CaptureWrite& c, bool onlyIfWeaker,
                                 Error* error)
{
    const QString condition = onlyIfWeaker ? QStringLiteral(" AND (capture_origin IS NULL OR "
                                                            "capture_origin = 'mtime')")
                                           : QString();
    return run(
        QStringLiteral("UPDATE assets SET capture_time = ?, capture_offset_s = ?, "
                       "capture_origin = ? WHERE id = ?") +
            condition,
        {c.wallClockMs, c.hasOffset ? QVariant(c.offsetSeconds) : QVariant(), c.origin, assetId},
        error);
}

qint64 AssetStore::insertResource(qint64 sourceId, qint64 assetId, const ResourceWrite& r,
                                  qint64 nowMs, Error* error)
{
    QSqlQuery* q =
        run(QStringLiteral(
                "INSERT INTO resources (asset_id, source_id, rel_path, role, "
                "media_type, size, mtime_ms, file_id, sha256, has_gps, missing, "
                "problem, scanned_at, ctime_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)"),
            {assetId, sourceId, r.relPath, r.role, r.mediaType, r.size, r.mtimeMs, r.fileId,
             r.sha256.isEmpty() ? QVariant() : QVariant(r.sha256), r.hasGps ? 1 : 0,
             r.problem.isEmpty() ? QVariant() : QVariant(r.problem), nowMs, r.ctimeNs},
            error);
    return q ? q->lastInsertId().toLongLong() : 0;
}

bool AssetStore::updateResource(qint64 id, qint64 assetId, const ResourceWrite& r, qint64 nowMs,
                                Error* error)
{
    return run(QStringLiteral("UPDATE resources SET asset_id = ?, rel_path = ?, role = ?, "
                              "media_type = ?, size = ?, mtime_ms = ?, file_id = ?, "
                              "sha256 = ?, has_gps = ?, missing = 0, problem = ?, "
                              "scanned_at = ?, ctime_ns = ? WHERE id = ?"),
               {assetId, r.relPath, r.role, r.mediaType, r.size, r.mtimeMs, r.fileId,
                r.sha256.isEmpty() ? QVariant() : QVariant(r.sha256), r.hasGps ? 1 : 0,
                r.problem.isEmpty() ? QVariant() : QVariant(r.problem), nowMs, r.ctimeNs, id},
               error);
}

bool AssetStore::setRole(qint64 id, const QString& role, Error* error)
{
    return run(QStringLiteral("UPDATE resources SET role = ? WHERE id = ?"), {role, id}, error);
}

bool AssetStore::forgetFileState(qint64 id, Error* error)
{
    return run(QStringLiteral("UPDATE resources SET file_id = -1 WHERE id = ?"), {id}, error);
}

bool AssetStore::markMissing(const QList<qint64>& ids, Error* error)
{
    for (qint64 id : ids) {
        if (!run(QStringLiteral("UPDATE resources SET missing = 1 WHERE id = ?"), {id}, error))
            return false;
    }
    return true;
}

bool AssetStore::refreshAssetKinds(qint64 sourceId, Error* error)
{
    QSqlQuery q(m_db);
    return sql::exec(
        q,
        QStringLiteral(
            "UPDATE assets SET kind = (SELECT CASE "
            "WHEN sum(r.role = 'original' AND r.media_type NOT IN ('mp4','mov','m4v')) > 0 "
            "  AND sum(r.role = 'live-video') > 0 THEN 'live' "
            "WHEN sum(r.role = 'original' AND r.media_type IN ('mp4','mov','m4v')) > 0 "
            "  AND sum(r.role = 'original' AND r.media_type NOT IN ('mp4','mov','m4v')) = 0 "
            "  THEN 'video' "
            "WHEN sum(r.role = 'original') > 0 THEN 'photo' ELSE 'sidecar' END "
            "FROM resources r WHERE r.asset_id = assets.id AND r.missing = 0) "
            "WHERE source_id = ? AND EXISTS (SELECT 1 FROM resources r WHERE "
            "r.asset_id = assets.id AND r.missing = 0)"),
        {sourceId}, error);
}

bool AssetStore::refreshAssetKinds(const QSet<qint64>& assetIds, Error* error)
{
    if (assetIds.isEmpty())
        return true;
    // One statement for all of them: the ids travel as one JSON array.
    QJsonArray ids;
    for (qint64 id : assetIds)
        ids.append(id);
    return run(QStringLiteral(
                   "UPDATE assets SET kind = (SELECT CASE "
                   "WHEN sum(r.role = 'original' AND r.media_type NOT IN ('mp4','mov','m4v')) > 0 "
                   "  AND sum(r.role = 'live-video') > 0 THEN 'live' "
                   "WHEN sum(r.role = 'original' AND r.media_type IN ('mp4','mov','m4v')) > 0 "
                   "  AND sum(r.role = 'original' AND r.media_type NOT IN ('mp4','mov','m4v')) "
                   "= 0 THEN 'video' "
                   "WHEN sum(r.role = 'original') > 0 THEN 'photo' ELSE 'sidecar' END "
                   "FROM resources r WHERE r.asset_id = assets.id AND r.missing = 0) "
                   "WHERE id IN (SELECT value FROM json_each(?)) AND EXISTS (SELECT 1 FROM "
                   "resources r WHERE r.asset_id = assets.id AND r.missing = 0)"),
               {QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact))}, error);
}

QHash<QString, QString> AssetStore::scanProblemsOf(qint64 sourceId, Error* error)
{
    QHash<QString, QString> out;
    QSqlQuery q(m_db);
    if (!sql::exec(q, QStringLiteral("SELECT path, reason FROM scan_problems WHERE source_id = ?"),
                   {sourceId}, error))
        return out;
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toString());
    return out;
}

bool AssetStore::replaceScanProblems(qint64 sourceId, const QList<ScanProblemRow>& problems,
                                     qint64 nowMs, Error* error)
{
    QSqlQuery q(m_db);
    if (!sql::exec(q, QStringLiteral("DELETE FROM scan_problems WHERE source_id = ?"), {sourceId},
                   error))
        return false;
    for (const ScanProblemRow& p : problems) {
        if (!run(QStringLiteral("INSERT OR REPLACE INTO scan_problems (source_id, path, "
                                "reason, seen_ms) VALUES (?, ?, ?, ?)"),
                 {sourceId, p.path, p.reason, nowMs}, error))
            return false;
    }
    return true;
}

QList<AssetRow> AssetStore::assets(Error* error)
{
    QList<AssetRow> out;
    QSqlQuery q(m_db);
    if (!sql::exec(q,
                   QStringLiteral(
                       "SELECT a.id, s.path, a.group_key, a.kind, coalesce(a.capture_time, 0), "
                       "a.capture_offset_s, coalesce(a.capture_origin, ''), r.id, r.rel_path, "
                       "r.role, r.media_type, r.size, r.sha256, r.has_gps, r.missing, "
                       "coalesce(r.problem, '') FROM assets a JOIN sources s ON s.id = a.source_id "
                       "JOIN resources r ON r.asset_id = a.id ORDER BY s.path, a.group_key, "
                       "CASE r.role WHEN 'original' THEN 0 WHEN 'live-video' THEN 1 ELSE 2 END, "
                       "r.rel_path"),
                   {}, error))
        return out;
    while (q.next()) {
        const qint64 assetId = q.value(0).toLongLong();
        if (out.isEmpty() || out.last().id != assetId) {
            AssetRow a;
            a.id = assetId;
            a.source = q.value(1).toString();
            a.groupKey = q.value(2).toString();
            a.kind = q.value(3).toString();
            a.captureWallMs = q.value(4).toLongLong();
            a.hasOffset = !q.value(5).isNull();
            a.offsetSeconds = q.value(5).toInt();
            a.captureOrigin = q.value(6).toString();
            out.append(a);
        }
        ResourceRow r;
        r.id = q.value(7).toLongLong();
        r.path = out.last().source + QLatin1Char('/') + q.value(8).toString();
        r.role = q.value(9).toString();
        r.mediaType = q.value(10).toString();
        r.size = q.value(11).toLongLong();
        r.sha256 = q.value(12).toByteArray();
        r.hasGps = q.value(13).toBool();
        r.missing = q.value(14).toBool();
        r.problem = q.value(15).toString();
        out.last().resources.append(r);
    }
    return out;
}

QList<ScanProblemRow> AssetStore::scanProblems(Error* error)
{
    QList<ScanProblemRow> out;
    QSqlQuery q(m_db);
    if (!sql::exec(q,
                   QStringLiteral("SELECT s.path, p.path, p.reason, p.seen_ms FROM scan_problems p "
                                  "JOIN sources s ON s.id = p.source_id ORDER BY s.path, p.path"),
                   {}, error))
        return out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                    q.value(3).toLongLong()});
    return out;
}

} // namespace ks
