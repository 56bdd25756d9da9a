// Catalog: migrations, refusal of newer and corrupt files, typed stores.
#include "catalog/CatalogBackup.h"
#include "catalog/CatalogCheckpoint.h"
#include "catalog/ConsentStore.h"
#include "catalog/Database.h"
#include "catalog/DestinationStore.h"
#include "catalog/Migrations.h"
#include "catalog/SettingsStore.h"
#include "catalog/SourceStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;

class TestCatalog : public QObject
{
    Q_OBJECT

    static QByteArray fileHash(const QString& path)
    {
        QFile f(path);
        f.open(QIODevice::ReadOnly);
        return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    }

private Q_SLOTS:
    void freshCatalogHasLatestSchema()
    {
        QTemporaryDir dir;
        Database db;
        Error error;
        QVERIFY2(db.open(dir.filePath(QStringLiteral("c.sqlite")), &error),
                 qPrintable(error.message));
        QCOMPARE(db.schemaVersion(), Database::currentSchemaVersion());
        QSqlQuery q(db.db());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA foreign_keys")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }

    void commitsDoNotCheckpointEveryThousandFrames()
    {
        // Every job transition commits. With SQLite's default (a checkpoint, and two fdatasync,
        // each 1,000 WAL frames) a small-file backup waited on the disk every 30 files or so.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        Database db;
        Error error;
        QVERIFY2(db.open(path, &error), qPrintable(error.message));
        QSqlQuery q(db.db());
        QVERIFY(q.exec(QStringLiteral("PRAGMA page_size")) && q.next());
        const qint64 page = q.value(0).toLongLong();
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (x INTEGER)")));
        const int commits = 2000; // each its own transaction: at least one frame each
        for (int i = 0; i < commits; ++i)
            QVERIFY(q.exec(QStringLiteral("INSERT INTO t VALUES (%1)").arg(i)));
        // Not checkpointed and started over: the WAL holds every frame since it was opened.
        QVERIFY2(QFileInfo(path + QStringLiteral("-wal")).size() >= commits * page,
                 qPrintable(QString::number(QFileInfo(path + QStringLiteral("-wal")).size())));
    }

    void checkpointCopiesTheLogFromItsOwnConnection()
    {
        // The engine's connection does not checkpoint (setAutoCheckpointPages); the work pool
        // does, on a connection of its own, while the engine's stays open and goes on writing.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        Database db;
        Error error;
        QVERIFY2(db.open(path, &error), qPrintable(error.message));
        QVERIFY(db.setAutoCheckpointPages(0));
        QSqlQuery q(db.db());
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (x INTEGER)")));
        for (int i = 0; i < 300; ++i)
            QVERIFY(q.exec(QStringLiteral("INSERT INTO t VALUES (%1)").arg(i)));
        // What the catalog file alone holds: a copy of it without its log.
        auto rowsInFileAlone = [&]() -> int {
            const QString copy = dir.filePath(QStringLiteral("alone.sqlite"));
            QFile::remove(copy);
            if (!QFile::copy(path, copy))
                return -2;
            int n = -1;
            {
                QSqlDatabase raw =
                    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("alone"));
                raw.setDatabaseName(copy);
                if (raw.open()) {
                    QSqlQuery r(raw);
                    n = r.exec(QStringLiteral("SELECT count(*) FROM t")) && r.next()
                            ? r.value(0).toInt()
                            : -1;
                }
                raw.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("alone"));
            return n;
        };
        QCOMPARE(rowsInFileAlone(), -1); // the table itself is still only in the log
        QString why;
        QVERIFY2(checkpointCatalog(path, &why), qPrintable(why));
        QCOMPARE(rowsInFileAlone(), 300);
        // The writer goes on; the next checkpoint takes what came since.
        QVERIFY(q.exec(QStringLiteral("INSERT INTO t VALUES (300)")));
        QCOMPARE(rowsInFileAlone(), 300);
        QVERIFY2(checkpointCatalog(path, &why), qPrintable(why));
        QCOMPARE(rowsInFileAlone(), 301);
        // A catalog that is not there is not created.
        const QString missing = dir.filePath(QStringLiteral("missing.sqlite"));
        QVERIFY(!checkpointCatalog(missing, &why));
        QVERIFY(!QFileInfo::exists(missing));
    }

    // The copy is written without SQLite's own flushes (one flush of the whole copy before it
    // takes the backup's name); the catalog's connection keeps its durability setting.
    void aBackupIsACompleteCopyAndLeavesTheConnectionAsItWas()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        Database db;
        Error error;
        QVERIFY2(db.open(path, &error), qPrintable(error.message));
        QSqlQuery q(db.db());
        QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
        const int synchronous = q.value(0).toInt();
        QCOMPARE(synchronous, 1); // NORMAL
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (x INTEGER)")));
        for (int i = 0; i < 500; ++i)
            QVERIFY(q.exec(QStringLiteral("INSERT INTO t VALUES (%1)").arg(i)));
        const CatalogBackup backup(path);
        QVERIFY2(backup.write(db.db(), &error), qPrintable(error.message));
        QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
        QCOMPARE(q.value(0).toInt(), synchronous);
        QVERIFY(!QFileInfo::exists(backup.backupPath() + QStringLiteral(".tmp")));
        Database copy;
        QVERIFY2(copy.open(backup.backupPath(), &error), qPrintable(error.message));
        QSqlQuery c(copy.db());
        QVERIFY(c.exec(QStringLiteral("SELECT count(*), sum(x) FROM t")) && c.next());
        QCOMPARE(c.value(0).toInt(), 500);
        QCOMPARE(c.value(1).toInt(), 499 * 500 / 2);
        QVERIFY(c.exec(QStringLiteral("PRAGMA quick_check")) && c.next());
        QCOMPARE(c.value(0).toString(), QStringLiteral("ok"));
    }

    void oldSchemaIsUpgradedKeepingData()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        {
            // Build a version-1 catalog with data, as an older Keepsake left it.
            QSqlDatabase raw =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v1"));
            raw.setDatabaseName(path);
            QVERIFY(raw.open());
            Error error;
            QVERIFY2(migrations::migrate(raw, &error, 1), qPrintable(error.message));
            QSqlQuery q(raw);
            QVERIFY(q.exec(
                QStringLiteral("INSERT INTO sources (path, added_at) VALUES ('/photos', 1)")));
            QVERIFY(!q.exec(QStringLiteral("SELECT count(*) FROM scan_problems")));
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v1"));

        Database db;
        Error error;
        QVERIFY2(db.open(path, &error), qPrintable(error.message));
        QCOMPARE(db.schemaVersion(), Database::currentSchemaVersion());
        QCOMPARE(SourceStore(db.db()).list().size(), 1);
        QSqlQuery q(db.db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM scan_problems")));
        QVERIFY(q.exec(QStringLiteral("SELECT pinned_cert_sha256 FROM destinations")));
    }

    void failedMigrationRollsBack()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        QSqlDatabase raw =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("clash"));
        raw.setDatabaseName(path);
        QVERIFY(raw.open());
        Error error;
        QVERIFY(migrations::migrate(raw, &error, 1));
        // A table that step 2 wants to create already exists: step 2 must fail as a whole.
        QSqlQuery q(raw);
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE scan_problems (x)")));
        QVERIFY(!migrations::migrate(raw, &error));
        QVERIFY(error.message.contains(QStringLiteral("schema 2")));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        // The ALTER of step 2 did not survive either.
        QVERIFY(!q.exec(QStringLiteral("SELECT pinned_cert_sha256 FROM destinations")));
        q.finish();
        raw.close();
        raw = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("clash"));
    }

    void newerCatalogIsRefusedAndUntouched()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        {
            Database db;
            Error error;
            QVERIFY(db.open(path, &error));
            QSqlQuery q(db.db());
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 999")));
            QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        }
        const QByteArray before = fileHash(path);
        Database db;
        Error error;
        QVERIFY(!db.open(path, &error));
        QVERIFY2(error.message.contains(QStringLiteral("newer")), qPrintable(error.message));
        QCOMPARE(fileHash(path), before);
    }

    void corruptFileIsRefusedAndUntouched()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("c.sqlite"));
        QByteArray junk(64 * 1024, '\0');
        for (int i = 0; i < junk.size(); ++i)
            junk[i] = char((i * 131) ^ (i >> 3));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(junk);
        f.close();
        Database db;
        Error error;
        QVERIFY(!db.open(path, &error));
        QVERIFY2(error.message.contains(QStringLiteral("not a Keepsake catalog")),
                 qPrintable(error.message));
        QFile g(path);
        QVERIFY(g.open(QIODevice::ReadOnly));
        QCOMPARE(g.readAll(), junk);
    }

    void storesRoundTrip()
    {
        QTemporaryDir dir;
        Database db;
        Error error;
        QVERIFY(db.open(dir.filePath(QStringLiteral("c.sqlite")), &error));

        SourceStore sources(db.db());
        QVERIFY(sources.add(QStringLiteral("/a"), 5, &error));
        QCOMPARE(sources.add(QStringLiteral("/a"), 6, &error)->addedMs, 5);
        QVERIFY(!sources.remove(QStringLiteral("/b"), &error));
        QVERIFY(sources.remove(QStringLiteral("/a"), &error));
        QVERIFY(sources.list().isEmpty());

        DestinationStore dests(db.db());
        QVERIFY(dests.add(QStringLiteral("nas"), QStringLiteral("local:///mnt/b"), {}, 1, &error));
        QVERIFY(!dests.add(QStringLiteral("nas"), QStringLiteral("local:///x"), {}, 1, &error));
        QVERIFY(error.message.contains(QStringLiteral("already exists")));
        QVERIFY(dests.setPinnedCertificate(QStringLiteral("nas"), QStringLiteral("ab"), &error));
        QCOMPARE(dests.byName(QStringLiteral("nas"))->pinnedCertSha256, QStringLiteral("ab"));

        ConsentStore consents(db.db());
        QVERIFY(!consents.isGranted(QStringLiteral("upload"), QStringLiteral("nas")));
        const qint64 stamp0 = consents.changeStamp();
        QVERIFY(consents.grant(QStringLiteral("upload"), QStringLiteral("nas"),
                               QStringLiteral("cli"), 10, &error));
        QVERIFY(consents.isGranted(QStringLiteral("upload"), QStringLiteral("nas")));
        const qint64 stamp1 = consents.changeStamp();
        QVERIFY(stamp1 != stamp0);
        QVERIFY(consents.revoke(QStringLiteral("upload"), QStringLiteral("nas"), 20, &error));
        QVERIFY(!consents.isGranted(QStringLiteral("upload"), QStringLiteral("nas")));
        QVERIFY(consents.changeStamp() != stamp1);
        QVERIFY(!consents.revoke(QStringLiteral("upload"), QStringLiteral("nas"), 21, &error));
        QCOMPARE(consents.list(true).size(), 1);
        QCOMPARE(consents.list(true).first().revokedMs, 20);
        QVERIFY(consents.list(false).isEmpty());

        SettingsStore settings(db.db());
        QCOMPARE(settings.intValue(QStringLiteral("k"), 7), 7);
        QVERIFY(settings.setValue(QStringLiteral("k"), QStringLiteral("9")));
        QVERIFY(settings.setValue(QStringLiteral("k"), QStringLiteral("11")));
        QCOMPARE(settings.intValue(QStringLiteral("k"), 7), 11);
    }
};

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
