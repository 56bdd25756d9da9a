#include "EventStore.h"

#include "SqlQuery.h"

#include <QStringList>
#include <limits>

namespace ks {

QString EventStore::where(const EventFilter& f, QVariantList* binds) const
{
    QStringList parts;
    if (!f.text.isEmpty()) {
        parts << QStringLiteral("(local_path LIKE ? ESCAPE '\\' OR remote_path LIKE ? ESCAPE '\\' "
                                "OR message LIKE ? ESCAPE '\\')");
        QString like = f.text;
        like.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('%'), QStringLiteral("\\%"))
            .replace(QLatin1Char('_'), QStringLiteral("\\_"));
        like = QLatin1Char('%') + like + QLatin1Char('%');
        *binds << like << like << like;
    }
    if (f.fromMs) {
        parts << QStringLiteral("at_ms >= ?");
        *binds << f.fromMs;
    }
    if (f.toMs) {
        parts << QStringLiteral("at_ms < ?");
        *binds << f.toMs;
    }
    if (!f.toState.isEmpty()) {
        parts << QStringLiteral("to_state = ?");
        *binds << f.toState;
    }
    return parts.isEmpty() ? QString()
                           : QStringLiteral(" AND ") + parts.join(QStringLiteral(" AND "));
}

QList<EventRow> EventStore::page(const EventFilter& filter, qint64 beforeId, int limit)
{
    QVariantList binds{beforeId > 0 ? beforeId : std::numeric_limits<qint64>::max()};
    const QString w = where(filter, &binds);
    binds << limit;
    QList<EventRow> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, coalesce(job_id, 0), at_ms, coalesce(from_state, ''), "
                             "coalesce(to_state, ''), coalesce(destination, ''), "
                             "coalesce(local_path, ''), coalesce(remote_path, ''), "
                             "coalesce(remote_tag, ''), coalesce(bytes, 0), coalesce(message, '') "
                             "FROM job_events WHERE id < ?%1 ORDER BY id DESC LIMIT ?")
                  .arg(w));
    for (const QVariant& v : binds)
        q.addBindValue(v);
    if (!q.exec())
        return out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                    q.value(3).toString(), q.value(4).toString(), q.value(5).toString(),
                    q.value(6).toString(), q.value(7).toString(), q.value(8).toString(),
                    q.value(9).toLongLong(), q.value(10).toString()});
    return out;
}

qint64 EventStore::count(const EventFilter& filter)
{
    QVariantList binds;
    const QString w = where(filter, &binds);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT count(*) FROM job_events WHERE 1%1").arg(w));
    for (const QVariant& v : binds)
        q.addBindValue(v);
    if (q.exec() && q.next())
        return q.value(0).toLongLong();
    return 0;
}

} // namespace ks
