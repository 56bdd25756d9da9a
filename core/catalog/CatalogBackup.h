#pragma once

#include "common/Error.h"

#include <QSqlDatabase>
#include <QString>

namespace ks {

// Keepsake keeps a copy of the catalog beside it, `catalog.sqlite.bak`, so a catalog damaged by
// a failing disk or a stray write can be put back (`keepsake-cli catalog restore`) instead of
// losing the record of what is backed up. The engine writes it at the end of a backup run and,
// during a long one, at most every few minutes (see Engine::maybeBackUpCatalog).
class CatalogBackup
{
public:
    explicit CatalogBackup(const QString& catalogPath);

    QString catalogPath() const { return m_catalog; }
    QString backupPath() const { return m_catalog + QStringLiteral(".bak"); }

    // Writes a consistent copy of `db` (an open connection to this catalog, which must pass
    // quick_check: a damaged catalog never replaces a good copy): VACUUM INTO a
    // temporary name, SQLite's quick_check of the copy, fsync, rename over the previous backup,
    // fsync of the folder. The previous backup stays untouched until the new one is complete.
    bool write(QSqlDatabase& db, Error* error) const;
    // When the backup was last written (its modification time), 0 when there is none.
    qint64 writtenMs() const;
    // Checks the backup, sets the catalog (and its -wal and -shm) aside as
    // `catalog.sqlite.damaged-YYYYMMDD-HHMMSS` and puts a copy of the backup in its place. Jobs
    // that were waiting are marked "maybe sent", so the engine looks at the destination before
    // sending them: what was backed up after the copy was made is found there, not sent twice.
    // No engine may run on the profile meanwhile (the caller holds the EngineLock).
    bool restore(QString* setAsideAs, Error* error) const;

    // SQLite's quick_check of an open catalog. On damage *error says so and how to restore.
    static bool check(QSqlDatabase& db, const QString& catalogPath, Error* error);
    // "The catalog ... is damaged (detail). ... keepsake-cli catalog restore ..."
    static QString damagedMessage(const QString& catalogPath, const QString& detail);

private:
    QString m_catalog;
};

} // namespace ks
