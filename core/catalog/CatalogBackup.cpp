#include "CatalogBackup.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace ks {

namespace {

QAtomicInt g_backupConnections;

bool syncPath(const QString& path, bool directory)
{
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(path).constData(),
                          (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
#else
    Q_UNUSED(path);
    Q_UNUSED(directory);
    return true;
#endif
}

bool renameOver(const QString& from, const QString& to)
{
#ifdef Q_OS_UNIX
    return ::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0;
#else
    QFile::remove(to);
    return QFile::rename(from, to);
#endif
}

// Runs `work` on a connection of its own to `path` (not the caller's: that one stays as it is).
template <typename Work> bool withConnection(const QString& path, Work work)
{
    const QString name =
        QStringLiteral("keepsake-backup-%1").arg(g_backupConnections.fetchAndAddRelaxed(1));
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open() && work(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

QString quickCheck(QSqlDatabase& db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA quick_check")))
        return q.lastError().text();
    QStringList problems;
    while (q.next() && problems.size() < 3)
        problems << q.value(0).toString();
    if (problems == QStringList{QStringLiteral("ok")})
        return {};
    return problems.isEmpty() ? QStringLiteral("no answer from the integrity check")
                              : problems.join(QStringLiteral("; "));
}

bool diskFull(const QSqlError& e)
{
    return e.nativeErrorCode() == QLatin1String("13"); // SQLITE_FULL
}

} // namespace

CatalogBackup::CatalogBackup(const QString& catalogPath) : m_catalog(catalogPath) {}

bool CatalogBackup::write(QSqlDatabase& db, Error* error) const
{
    const QString tmp = backupPath() + QStringLiteral(".tmp");
    QFile::remove(tmp);
    auto fail = [&](const QString& why) {
        QFile::remove(tmp);
        if (error)
            *error = Error::transient(
                QStringLiteral("Cannot write the catalog's backup %1: %2").arg(backupPath(), why));
        return false;
    };
    // A damaged catalog must not replace the good copy taken before the damage.
    if (const QString problem = quickCheck(db); !problem.isEmpty())
        return fail(QStringLiteral("the catalog is damaged (%1); the previous backup is kept")
                        .arg(problem));
    QSqlQuery q(db);
    // VACUUM INTO writes the copy with the connection's `synchronous` setting: a journal and
    // three flushes of its own, each waiting behind whatever else the disk is writing (0.8 s at
    // the end of a photo backup to a server on the same disk). The copy is one temporary file,
    // flushed once below before it takes the backup's name: no flush is needed before that.
    int synchronous = -1;
    if (q.exec(QStringLiteral("PRAGMA synchronous")) && q.next())
        synchronous = q.value(0).toInt();
    q.finish();
    if (synchronous > 0)
        q.exec(QStringLiteral("PRAGMA synchronous = OFF"));
    // VACUUM INTO reads one consistent snapshot, also while other connections write.
    QString quoted = tmp;
    quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
    const bool vacuumed = q.exec(QStringLiteral("VACUUM INTO '%1'").arg(quoted));
    const QSqlError vacuumError = q.lastError();
    q.finish();
    if (synchronous > 0)
        q.exec(QStringLiteral("PRAGMA synchronous = %1").arg(synchronous));
    if (!vacuumed)
        return fail(diskFull(vacuumError) ? QStringLiteral("the disk is full")
                                          : vacuumError.text());
    // A copy of the catalog is as private as the catalog.
    QFile::setPermissions(tmp, QFile::ReadOwner | QFile::WriteOwner);
    QString problem;
    withConnection(tmp, [&](QSqlDatabase& copy) {
        problem = quickCheck(copy);
        return problem.isEmpty();
    });
    if (!problem.isEmpty())
        return fail(QStringLiteral("the copy does not pass the integrity check (%1)").arg(problem));
    if (!syncPath(tmp, false))
        return fail(QStringLiteral("the copy could not be flushed to the disk"));
    if (!renameOver(tmp, backupPath()))
        return fail(QStringLiteral("the copy could not be renamed"));
    syncPath(QFileInfo(backupPath()).absolutePath(), true);
    return true;
}

qint64 CatalogBackup::writtenMs() const
{
    const QFileInfo fi(backupPath());
    return fi.exists() ? fi.lastModified().toMSecsSinceEpoch() : 0;
}

bool CatalogBackup::restore(QString* setAsideAs, Error* error) const
{
    auto fail = [&](const QString& why) {
        if (error)
            *error = Error::permanent(why);
        return false;
    };
    if (!QFileInfo::exists(backupPath()))
        return fail(
            QStringLiteral("There is no backup of the catalog (%1) to restore").arg(backupPath()));
    QString problem;
    withConnection(backupPath(), [&](QSqlDatabase& copy) {
        problem = quickCheck(copy);
        return problem.isEmpty();
    });
    if (!problem.isEmpty())
        return fail(QStringLiteral("The backup of the catalog %1 is damaged too (%2); nothing was "
                                   "changed")
                        .arg(backupPath(), problem));

    // The copy is prepared under a temporary name first: the damaged catalog moves only once a
    // good replacement is on the disk.
    const QString tmp = m_catalog + QStringLiteral(".restoring");
    QFile::remove(tmp);
    if (!QFile::copy(backupPath(), tmp))
        return fail(
            QStringLiteral("Cannot copy %1 to %2 (is the disk full?)").arg(backupPath(), tmp));
    QFile::setPermissions(tmp, QFile::ReadOwner | QFile::WriteOwner);
    QString markError;
    const bool marked = withConnection(tmp, [&](QSqlDatabase& copy) {
        QSqlQuery q(copy);
        if (q.exec(QStringLiteral("UPDATE jobs SET maybe_sent = 1 WHERE state IN "
                                  "('registered', 'pending')")))
            return true;
        markError = q.lastError().text();
        return false;
    });
    if (!marked || !syncPath(tmp, false)) {
        QFile::remove(tmp);
        return fail(QStringLiteral("Cannot prepare the restored catalog: %1").arg(markError));
    }

    // The damaged file goes aside with its WAL: left in place, SQLite would replay that WAL into
    // the restored catalog.
    const QString aside = m_catalog + QStringLiteral(".damaged-") +
                          QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        if (QFileInfo::exists(m_catalog + suffix) &&
            !renameOver(m_catalog + suffix, aside + suffix)) {
            QFile::remove(tmp);
            return fail(QStringLiteral("Cannot move %1 aside").arg(m_catalog + suffix));
        }
    }
    if (!renameOver(tmp, m_catalog)) {
        QFile::remove(tmp);
        return fail(
            QStringLiteral("Cannot put the restored catalog in place as %1").arg(m_catalog));
    }
    syncPath(QFileInfo(m_catalog).absolutePath(), true);
    if (setAsideAs)
        *setAsideAs = QFileInfo::exists(aside) ? aside : QString();
    return true;
}

bool CatalogBackup::check(QSqlDatabase& db, const QString& catalogPath, Error* error)
{
    const QString problem = quickCheck(db);
    if (problem.isEmpty())
        return true;
    if (error)
        *error = Error::permanent(damagedMessage(catalogPath, problem));
    return false;
}

QString CatalogBackup::damagedMessage(const QString& catalogPath, const QString& detail)
{
    const CatalogBackup backup(catalogPath);
    const qint64 written = backup.writtenMs();
    QString message = QStringLiteral("The catalog %1 is damaged (%2). It was left untouched. ")
                          .arg(catalogPath, detail);
    if (written > 0)
        message += QStringLiteral("Keepsake keeps a copy of it from %1: `keepsake-cli catalog "
                                  "restore` sets the damaged file aside and puts the copy back "
                                  "(files backed up since then are found at the destination, not "
                                  "sent again).")
                       .arg(QDateTime::fromMSecsSinceEpoch(written).toString(Qt::ISODate));
    else
        message += QStringLiteral("There is no copy of it to restore: move it away to start a "
                                  "new catalog.");
    return message;
}

} // namespace ks
