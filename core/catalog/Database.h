#pragma once

#include "common/Error.h"

#include <QSqlDatabase>
#include <QString>

namespace ks {

// One SQLite connection of the catalog. Qt Sql connections belong to the thread that opened
// them, so every thread that touches the catalog opens its own Database (WAL lets readers read
// while one writer writes). Opening runs the migrations; a catalog written by a newer Keepsake,
// or a file that is not a SQLite catalog, is refused and left untouched.
class Database
{
public:
    Database() = default;
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Opens (creating if absent) and migrates. Returns false and fills *error on failure.
    bool open(const QString& path, Error* error);
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    QSqlDatabase& db() { return m_db; }
    QString path() const { return m_path; }

    // WAL pages after which a COMMIT on this connection checkpoints (see Database.cpp). The
    // engine sets a larger one and checkpoints off its thread (CatalogCheckpoint.h).
    bool setAutoCheckpointPages(int pages);

    int schemaVersion();
    static int currentSchemaVersion();

private:
    QSqlDatabase m_db;
    QString m_connectionName;
    QString m_path;
};

} // namespace ks
