#include "CatalogCheckpoint.h"

#include <QAtomicInt>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace ks {

namespace {
QAtomicInt g_checkpointCounter;
} // namespace

bool checkpointCatalog(const QString& path, QString* error)
{
    // Never creates a catalog: one that is not there has nothing to copy.
    if (!QFileInfo::exists(path)) {
        if (error)
            *error = QStringLiteral("%1 does not exist").arg(path);
        return false;
    }
    const QString name =
        QStringLiteral("keepsake-checkpoint-%1").arg(g_checkpointCounter.fetchAndAddRelaxed(1));
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=2000"));
        if (db.open()) {
            QSqlQuery q(db);
            // The result row (busy, frames in the log, frames copied) is not needed: a busy or
            // partial checkpoint is finished by the next one.
            ok = q.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
            if (!ok && error)
                *error = q.lastError().text();
        } else if (error) {
            *error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace ks
