#include "Database.h"

#include "CatalogBackup.h"
#include "CatalogFailure.h"
#include "Migrations.h"
#include "WriterTurn.h"

#include <QAtomicInt>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace ks {

namespace {

// WAL frames between checkpoints (SQLite's default is 1,000). Every job transition commits
// (about 15 pages), so with the default a small-file backup checkpointed every 30 files or so:
// each checkpoint copies the pages into the catalog and waits for two fdatasync, on the
// engine's thread, with nothing sent meanwhile (935 of them for 20,000 files,
// docs/benchmarks.md). 8,000 frames (32 MiB of WAL at most) is 8 times fewer waits, and a page
// written again and again between two checkpoints is copied once. The engine's connection goes
// further: it leaves checkpoints to the work pool (CatalogCheckpoint.h, Engine).
constexpr int kCheckpointPages = 8000;
QAtomicInt g_connectionCounter;

bool pragma(QSqlDatabase& db, const QString& statement, QString* result = nullptr)
{
    QSqlQuery q(db);
    if (!q.exec(statement))
        return false;
    if (result && q.next())
        *result = q.value(0).toString();
    return true;
}

// The catalog is created owner-only whatever the umask, and SQLite gives its -wal and -shm the
// same mode; an older one that is readable by others is tightened.
void makePrivate(const QString& path)
{
    if (path.isEmpty() || path.startsWith(QLatin1Char(':')))
        return;
    const QFileDevice::Permissions ownerOnly = QFile::ReadOwner | QFile::WriteOwner;
    QFile created(path);
    if (!QFileInfo::exists(path) &&
        created.open(QIODevice::WriteOnly | QIODevice::NewOnly, ownerOnly))
        return;
    for (const QString& p : {path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm")}) {
        const QFileInfo fi(p);
        if (fi.exists() && (fi.permissions() & (QFile::ReadGroup | QFile::WriteGroup |
                                                QFile::ReadOther | QFile::WriteOther)))
            QFile::setPermissions(p, ownerOnly | QFile::ReadUser | QFile::WriteUser);
    }
}

// One file, one name: this process's writers take turns by the connection's database name
// (WriterTurn), so a catalog opened through a symbolic link or a "./" must carry the name it has
// when opened by its plain path, or its writers would not wait for each other's turns. A file
// not made yet gets its folder's name; an in-memory or URI name stays as it is.
QString oneNameFor(const QString& path)
{
    if (path.isEmpty() || path.startsWith(QLatin1Char(':')) ||
        path.startsWith(QLatin1String("file:")))
        return path;
    const QFileInfo file(path);
    if (file.exists())
        return file.canonicalFilePath();
    const QString folder = QFileInfo(file.absolutePath()).canonicalFilePath();
    return folder.isEmpty() ? file.absoluteFilePath() : folder + QLatin1Char('/') + file.fileName();
}
} // namespace

Database::~Database()
{
    close();
}

bool Database::open(const QString& path, Error* error)
{
    close();
    m_path = path;
    m_connectionName =
        QStringLiteral("keepsake-catalog-%1").arg(g_connectionCounter.fetchAndAddRelaxed(1));
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    m_db.setDatabaseName(oneNameFor(path));
    // One timeout for both waits: SQLite's for another process, and a turn among this
    // process's writers (WriterTurn), so a writer left open fails the same way either way.
    m_db.setConnectOptions(
        QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(WriterTurn::kDefaultTimeoutMs));
    auto fail = [&](const QString& message) {
        if (error)
            *error = Error::permanent(message);
        close();
        return false;
    };
    makePrivate(path);
    // SQLite takes an empty file for a new database: a catalog truncated to nothing would
    // silently start over. With a backup beside it, it was a catalog, so it is damaged.
    if (QFileInfo fi(path); fi.exists() && fi.size() == 0 && CatalogBackup(path).writtenMs() > 0)
        return fail(CatalogBackup::damagedMessage(path, QStringLiteral("the file is empty")));
    if (!m_db.open())
        return fail(
            QStringLiteral("Cannot open the catalog %1: %2").arg(path, m_db.lastError().text()));

    // The first read tells a real catalog from a corrupt or foreign file before anything writes.
    QString journal;
    QSqlQuery probe(m_db);
    if (!probe.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"))) {
        // I/O, full disk, cannot open (-shm on a full disk): the file may be fine, do not say
        // it is damaged (that would send a person to restore a good catalog).
        const int code = probe.lastError().nativeErrorCode().toInt() & 0xff;
        if (code == 10 || code == 13 || code == 14) // SQLITE_IOERR, _FULL, _CANTOPEN
            return fail(catalogWriteFailure(path, probe.lastError().text()));
        // With a backup beside it, it was a catalog: say how to put the copy back.
        if (CatalogBackup(path).writtenMs() > 0)
            return fail(CatalogBackup::damagedMessage(path, probe.lastError().text()));
        return fail(QStringLiteral("%1 is not a Keepsake catalog or is damaged (%2). It was left "
                                   "untouched; move it away or pass another --profile.")
                        .arg(path, probe.lastError().text()));
    }
    probe.finish();
    if (!pragma(m_db, QStringLiteral("PRAGMA journal_mode = WAL"), &journal) ||
        !pragma(m_db, QStringLiteral("PRAGMA synchronous = NORMAL")) ||
        !pragma(m_db, QStringLiteral("PRAGMA foreign_keys = ON")) ||
        // 1 MiB of page cache per connection rather than SQLite's 2 MiB: a backup holds three
        // (the command's, the engine's, the scan's), and the pages are in the OS cache anyway.
        !pragma(m_db, QStringLiteral("PRAGMA cache_size = -1024")) ||
        !pragma(m_db, QStringLiteral("PRAGMA wal_autocheckpoint = %1").arg(kCheckpointPages)))
        return fail(QStringLiteral("Cannot configure the catalog %1: %2")
                        .arg(path, m_db.lastError().text()));

    Error migrationError;
    if (!migrations::migrate(m_db, &migrationError))
        return fail(migrationError.message);
    return true;
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

bool Database::setAutoCheckpointPages(int pages)
{
    return pragma(m_db, QStringLiteral("PRAGMA wal_autocheckpoint = %1").arg(pages));
}

int Database::schemaVersion()
{
    QSqlQuery q(m_db);
    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
        return q.value(0).toInt();
    return -1;
}

int Database::currentSchemaVersion()
{
    return migrations::latestVersion();
}

} // namespace ks
