#include "SourceStore.h"

#include "SqlQuery.h"

namespace ks {

namespace {
Source readSource(const QSqlQuery& q)
{
    return {q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(),
            q.value(3).toLongLong()};
}
const char kColumns[] = "id, path, added_at, coalesce(last_scan_at, 0)";
} // namespace

std::optional<Source> SourceStore::add(const QString& absolutePath, qint64 nowMs, Error* error)
{
    if (auto existing = find(absolutePath))
        return existing;
    QSqlQuery q(m_db);
    if (!sql::exec(q, QStringLiteral("INSERT INTO sources (path, added_at) VALUES (?, ?)"),
                   {absolutePath, nowMs}, error))
        return std::nullopt;
    return find(absolutePath);
}

bool SourceStore::remove(const QString& absolutePath, Error* error)
{
    QSqlQuery q(m_db);
    if (!sql::exec(q, QStringLiteral("DELETE FROM sources WHERE path = ?"), {absolutePath}, error))
        return false;
    if (q.numRowsAffected() == 0) {
        if (error)
            *error =
                Error::permanent(QStringLiteral("%1 is not a source folder").arg(absolutePath));
        return false;
    }
    return true;
}

QList<Source> SourceStore::list(Error* error)
{
    QList<Source> out;
    QSqlQuery q(m_db);
    if (!sql::exec(
            q, QStringLiteral("SELECT %1 FROM sources ORDER BY path").arg(QLatin1String(kColumns)),
            {}, error))
        return out;
    while (q.next())
        out.append(readSource(q));
    return out;
}

std::optional<Source> SourceStore::find(const QString& absolutePath)
{
    QSqlQuery q(m_db);
    if (!sql::exec(
            q, QStringLiteral("SELECT %1 FROM sources WHERE path = ?").arg(QLatin1String(kColumns)),
            {absolutePath}) ||
        !q.next())
        return std::nullopt;
    return readSource(q);
}

std::optional<Source> SourceStore::byId(qint64 id)
{
    QSqlQuery q(m_db);
    if (!sql::exec(
            q, QStringLiteral("SELECT %1 FROM sources WHERE id = ?").arg(QLatin1String(kColumns)),
            {id}) ||
        !q.next())
        return std::nullopt;
    return readSource(q);
}

bool SourceStore::setLastScan(qint64 id, qint64 nowMs, Error* error)
{
    QSqlQuery q(m_db);
    return sql::exec(q, QStringLiteral("UPDATE sources SET last_scan_at = ? WHERE id = ?"),
                     {nowMs, id}, error);
}

bool SourceStore::hasPresentFiles(qint64 id)
{
    QSqlQuery q(m_db);
    return sql::exec(q,
                     QStringLiteral("SELECT 1 FROM resources WHERE source_id = ? AND missing = 0 "
                                    "LIMIT 1"),
                     {id}) &&
           q.next();
}

} // namespace ks
