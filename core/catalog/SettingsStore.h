#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

namespace ks {

// Key/value settings kept in the catalog (so one profile is one file to back up or move).
// Known keys are listed in catalog/SettingKeys.h.
class SettingsStore
{
public:
    explicit SettingsStore(QSqlDatabase& db) : m_db(db) {}

    QString value(const QString& key, const QString& fallback = {});
    qint64 intValue(const QString& key, qint64 fallback);
    bool setValue(const QString& key, const QString& value);
    bool remove(const QString& key);

private:
    QSqlDatabase& m_db;
};

} // namespace ks
