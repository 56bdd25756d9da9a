#include "SettingsStore.h"

#include "SqlQuery.h"

namespace ks {

QString SettingsStore::value(const QString& key, const QString& fallback)
{
    QSqlQuery q(m_db);
    if (sql::exec(q, QStringLiteral("SELECT value FROM settings WHERE key = ?"), {key}) && q.next())
        return q.value(0).toString();
    return fallback;
}

qint64 SettingsStore::intValue(const QString& key, qint64 fallback)
{
    bool ok = false;
    const qint64 v = value(key).toLongLong(&ok);
    return ok ? v : fallback;
}

bool SettingsStore::setValue(const QString& key, const QString& value)
{
    QSqlQuery q(m_db);
    return sql::exec(q,
                     QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?) "
                                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
                     {key, value});
}

bool SettingsStore::remove(const QString& key)
{
    QSqlQuery q(m_db);
    return sql::exec(q, QStringLiteral("DELETE FROM settings WHERE key = ?"), {key});
}

} // namespace ks
