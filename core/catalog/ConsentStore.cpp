#include "ConsentStore.h"

#include "SqlQuery.h"

namespace ks {

namespace {
// A null QString binds as SQL NULL; scopes without a target store the empty string.
QString nonNull(const QString& s)
{
    return s.isNull() ? QStringLiteral("") : s;
}
} // namespace

bool ConsentStore::grant(const QString& scope, const QString& target, const QString& by,
                         qint64 nowMs, Error* error)
{
    if (isGranted(scope, target))
        return true;
    QSqlQuery q(m_db);
    return sql::exec(q,
                     QStringLiteral("INSERT INTO consents (scope, target, granted_ms, granted_by) "
                                    "VALUES (?, ?, ?, ?)"),
                     {scope, nonNull(target), nowMs, by}, error);
}

bool ConsentStore::revoke(const QString& scope, const QString& target, qint64 nowMs, Error* error)
{
    QSqlQuery q(m_db);
    if (!sql::exec(q,
                   QStringLiteral("UPDATE consents SET revoked_ms = ? "
                                  "WHERE scope = ? AND target = ? AND revoked_ms IS NULL"),
                   {nowMs, scope, nonNull(target)}, error))
        return false;
    if (q.numRowsAffected() == 0) {
        if (error)
            *error = Error::permanent(
                QStringLiteral("No consent for %1 %2 is in force").arg(scope, target).trimmed());
        return false;
    }
    return true;
}

bool ConsentStore::isGranted(const QString& scope, const QString& target)
{
    QSqlQuery q(m_db);
    return sql::exec(q,
                     QStringLiteral("SELECT 1 FROM consents WHERE scope = ? AND target = ? "
                                    "AND revoked_ms IS NULL LIMIT 1"),
                     {scope, nonNull(target)}) &&
           q.next();
}

QList<ConsentRecord> ConsentStore::list(bool includeRevoked, Error* error)
{
    QList<ConsentRecord> out;
    QSqlQuery q(m_db);
    const QString where = includeRevoked ? QString() : QStringLiteral(" WHERE revoked_ms IS NULL");
    if (!sql::exec(q,
                   QStringLiteral("SELECT id, scope, target, granted_ms, granted_by, "
                                  "coalesce(revoked_ms, 0) FROM consents%1 ORDER BY id")
                       .arg(where),
                   {}, error))
        return out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                    q.value(3).toLongLong(), q.value(4).toString(), q.value(5).toLongLong()});
    return out;
}

qint64 ConsentStore::changeStamp()
{
    QSqlQuery q(m_db);
    if (sql::exec(
            q,
            QStringLiteral("SELECT coalesce(max(max(granted_ms), max(coalesce(revoked_ms, 0)))"
                           ", 0) + count(*) + count(revoked_ms) FROM consents"),
            {}) &&
        q.next())
        return q.value(0).toLongLong();
    return 0;
}

} // namespace ks
