#pragma once

#include "common/Error.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace ks {

struct Source
{
    qint64 id = 0;
    QString path; // absolute, cleaned
    qint64 addedMs = 0;
    qint64 lastScanMs = 0; // 0: never scanned
};

// The folders Keepsake backs up.
class SourceStore
{
public:
    explicit SourceStore(QSqlDatabase& db) : m_db(db) {}

    // Adds a folder (absolute path); adding one twice is not an error and returns the existing.
    std::optional<Source> add(const QString& absolutePath, qint64 nowMs, Error* error);
    bool remove(const QString& absolutePath, Error* error);
    QList<Source> list(Error* error = nullptr);
    std::optional<Source> find(const QString& absolutePath);
    std::optional<Source> byId(qint64 id);
    bool setLastScan(qint64 id, qint64 nowMs, Error* error = nullptr);
    // Whether the catalog knows files of this source that were on disk at the last scan: its
    // folder found empty then means "not mounted", not "everything deleted".
    bool hasPresentFiles(qint64 id);

private:
    QSqlDatabase& m_db;
};

} // namespace ks
