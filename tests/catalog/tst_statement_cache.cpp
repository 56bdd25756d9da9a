// The job store's prepared statements: a cached statement holds no read snapshot (the engine
// sees what other connections commit, checkpoints are not held up), and transitions that share
// a transaction are recorded all or none, also inside a transaction the caller holds open.
#include "catalog/Database.h"
#include "catalog/DestinationStore.h"
#include "catalog/JobStore.h"
#include "catalog/SourceStore.h"
#include "catalog/StatementCache.h"
#include "catalog/Transaction.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;

class TestStatementCache : public QObject
{
    Q_OBJECT

    // One job in state `pending` for a file of source /src, to destination "d"; its id.
    static qint64 addJob(Database& db)
    {
        Error error;
        const auto source = SourceStore(db.db()).add(QStringLiteral("/src"), 1, &error);
        const auto dest = DestinationStore(db.db()).add(
            QStringLiteral("d"), QStringLiteral("local:///d"), {}, 1, &error);
        if (!source || !dest)
            return 0;
        QSqlQuery q(db.db());
        if (!q.exec(QStringLiteral("INSERT INTO assets (source_id, group_key, kind) VALUES "
                                   "(%1, 'a', 'photo')")
                        .arg(source->id)) ||
            !q.exec(QStringLiteral("INSERT INTO resources (asset_id, source_id, rel_path, role, "
                                   "media_type, size, sha256) VALUES (%1, %2, 'a.jpg', "
                                   "'original', 'image/jpeg', 3, x'01')")
                        .arg(q.lastInsertId().toLongLong())
                        .arg(source->id)) ||
            !q.exec(QStringLiteral("INSERT INTO jobs (resource_id, destination_id, state, "
                                   "remote_path, content_sha256, bytes_total, created_ms, "
                                   "updated_ms) VALUES (%1, %2, 'pending', 'a.jpg', x'01', 3, 1, "
                                   "1)")
                        .arg(q.lastInsertId().toLongLong())
                        .arg(dest->id)))
            return 0;
        return q.lastInsertId().toLongLong();
    }

    // A catalog in a temporary folder with one pending job, and a second connection to it (as
    // another thread or process has).
    struct OneJob
    {
        QTemporaryDir dir;
        Database db;
        Database other;
        qint64 id = 0;
        QString error;

        bool open()
        {
            const QString path = dir.filePath(QStringLiteral("c.sqlite"));
            Error e;
            if (!db.open(path, &e) || !other.open(path, &e)) {
                error = e.message;
                return false;
            }
            id = addJob(db);
            error = id > 0 ? QString() : QStringLiteral("the job could not be added");
            return id > 0;
        }
    };

    static int events(Database& db, qint64 jobId)
    {
        QSqlQuery q(db.db());
        q.exec(QStringLiteral("SELECT count(*) FROM job_events WHERE job_id = %1").arg(jobId));
        return q.next() ? q.value(0).toInt() : -1;
    }

private Q_SLOTS:
    void cachedStatementsHoldNoSnapshot()
    {
        OneJob c;
        QVERIFY2(c.open(), qPrintable(c.error));
        const qint64 id = c.id;
        JobStore jobs(c.db.db());
        QCOMPARE(jobs.job(id)->state, JobState::Pending);
        QVERIFY(jobs.jobFor(jobs.job(id)->resourceId, jobs.job(id)->destinationId));

        // Another connection changes the job: every statement of the store sees it, the one
        // run before (prepared, not prepared again) and others.
        QSqlQuery q(c.other.db());
        QVERIFY(q.exec(QStringLiteral("UPDATE jobs SET state = 'failed', next_attempt_ms = 7 "
                                      "WHERE id = %1")
                           .arg(id)));
        QCOMPARE(jobs.job(id)->state, JobState::Failed);
        QVERIFY(q.exec(QStringLiteral("UPDATE jobs SET state = 'pending', next_attempt_ms = 50 "
                                      "WHERE id = %1")
                           .arg(id)));
        QCOMPARE(jobs.nextDueMs(10), 50);
        QCOMPARE(jobs.job(id)->state, JobState::Pending);

        // No statement of the store keeps a read transaction open: a full checkpoint by the
        // other connection is not blocked (busy = 0) and empties the WAL.
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }

    void transitionsAreAllOrNone()
    {
        OneJob c;
        QVERIFY2(c.open(), qPrintable(c.error));
        Database& db = c.db;
        const qint64 id = c.id;
        Error error;
        JobStore jobs(db.db());
        QVERIFY(jobs.transition(id, JobState::Pending, JobState::Running, {},
                                QStringLiteral("started"), 2, &error));
        QCOMPARE(events(db, id), 1);

        // The second step is refused (the job would not be in that state): the first is not
        // recorded either.
        QVERIFY(!jobs.transitions(
            id,
            {{JobState::Running, JobState::Succeeded, {}, QStringLiteral("sent")},
             {JobState::Running, JobState::Acknowledged, {}, QStringLiteral("confirmed")}},
            3, &error));
        QCOMPARE(error.kind, ErrorClass::Permanent);
        QCOMPARE(jobs.job(id)->state, JobState::Running);
        QCOMPARE(events(db, id), 1);

        // Both steps in one UPDATE: each column as the last step that set it left it.
        QVERIFY(jobs.transitions(
            id,
            {{JobState::Running,
              JobState::Succeeded,
              {.remotePath = QStringLiteral("first.jpg"), .remoteTag = QStringLiteral("early")},
              QStringLiteral("sent")},
             {JobState::Succeeded,
              JobState::Acknowledged,
              {.remotePath = QStringLiteral("final.jpg"), .acknowledgedMs = 4},
              QStringLiteral("confirmed")}},
            4, &error));
        QCOMPARE(jobs.job(id)->state, JobState::Acknowledged);
        QCOMPARE(events(db, id), 3);
        QSqlQuery q(db.db());
        QVERIFY(q.exec(QStringLiteral("SELECT remote_path, remote_tag, acknowledged_ms, "
                                      "updated_ms FROM jobs WHERE id = %1")
                           .arg(id)) &&
                q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("final.jpg"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("early"));
        QCOMPARE(q.value(2).toLongLong(), 4);
        QCOMPARE(q.value(3).toLongLong(), 4);
        // One event per step, in order.
        QVERIFY(q.exec(QStringLiteral("SELECT from_state, to_state, message FROM job_events "
                                      "WHERE job_id = %1 ORDER BY id")
                           .arg(id)));
        QStringList seen;
        while (q.next())
            seen << q.value(0).toString() + QLatin1Char('>') + q.value(1).toString() +
                        QLatin1Char(' ') + q.value(2).toString();
        QCOMPARE(seen, QStringList({QStringLiteral("pending>running started"),
                                    QStringLiteral("running>succeeded sent"),
                                    QStringLiteral("succeeded>acknowledged confirmed")}));
    }

    // The engine writes a finished job's acknowledgement and the next job's start in one
    // commit (EngineBatch.cpp) with the same calls that otherwise commit on their own: inside an
    // open transaction they join it, seen by others only at the outer commit, and undone by an
    // outer rollback.
    void transitionsNestInAnOpenTransaction()
    {
        OneJob c;
        QVERIFY2(c.open(), qPrintable(c.error));
        Database& db = c.db;
        Database& other = c.other;
        const qint64 id = c.id;
        Error error;
        JobStore jobs(db.db());
        JobStore seen(other.db());
        {
            Transaction batch(db.db(), jobs.statements());
            QVERIFY(batch.isActive());
            QVERIFY(!batch.isNested());
            QVERIFY2(jobs.transition(id, JobState::Pending, JobState::Running, {},
                                     QStringLiteral("started"), 2, &error),
                     qPrintable(error.message));
            // A refused pair inside the batch leaves no trace, and the batch goes on.
            QVERIFY(!jobs.transitions(
                id,
                {{JobState::Running, JobState::Succeeded, {}, QStringLiteral("sent")},
                 {JobState::Running, JobState::Acknowledged, {}, QStringLiteral("confirmed")}},
                3, &error));
            QCOMPARE(jobs.job(id)->state, JobState::Running);
            QCOMPARE(events(db, id), 1);
            QCOMPARE(seen.job(id)->state, JobState::Pending); // not committed yet
            {
                Transaction inner(db.db());
                QVERIFY(inner.isActive());
                QVERIFY(inner.isNested());
            }
            QVERIFY(batch.commit());
        }
        QCOMPARE(seen.job(id)->state, JobState::Running);
        QCOMPARE(events(other, id), 1);

        {
            Transaction batch(db.db(), jobs.statements());
            QVERIFY(jobs.transitions(
                id,
                {{JobState::Running, JobState::Succeeded, {}, QStringLiteral("sent")},
                 {JobState::Succeeded, JobState::Acknowledged, {}, QStringLiteral("confirmed")}},
                4, &error));
            QCOMPARE(jobs.job(id)->state, JobState::Acknowledged);
            // Not committed: the batch's end undoes what the transitions wrote.
        }
        QCOMPARE(jobs.job(id)->state, JobState::Running);
        QCOMPARE(events(db, id), 1);
        // And the connection is out of any transaction again: a new one begins from the top.
        Transaction next(db.db());
        QVERIFY(next.isActive());
        QVERIFY(!next.isNested());
    }

    // A transition that fails after writing inside a batch cannot be undone alone (it has no
    // savepoint): the whole batch fails, and nothing of it is kept, the earlier start included.
    void aWriteThatFailsInsideABatchFailsTheBatch()
    {
        OneJob c;
        QVERIFY2(c.open(), qPrintable(c.error));
        Database& db = c.db;
        Database& other = c.other;
        const qint64 first = c.id;
        Error error;
        JobStore jobs(db.db());
        JobStore seen(other.db());
        QVERIFY(jobs.transition(first, JobState::Pending, JobState::Running, {},
                                QStringLiteral("started"), 1, &error));
        // The history refuses the acknowledgement's rows, after the job's row was written.
        QSqlQuery q(db.db());
        QVERIFY(q.exec(
            QStringLiteral("CREATE TRIGGER no_ack BEFORE INSERT ON job_events WHEN NEW.to_state = "
                           "'acknowledged' BEGIN SELECT RAISE(ABORT, 'history refused'); END")));
        {
            Transaction batch(db.db(), jobs.statements());
            QVERIFY(batch.isActive());
            QVERIFY(jobs.transition(first, JobState::Running, JobState::Pending, {},
                                    QStringLiteral("back"), 2, &error));
            QVERIFY(jobs.transition(first, JobState::Pending, JobState::Running, {},
                                    QStringLiteral("again"), 3, &error));
            error = {};
            QVERIFY(!jobs.transitions(
                first,
                {{JobState::Running, JobState::Succeeded, {}, QStringLiteral("sent")},
                 {JobState::Succeeded, JobState::Acknowledged, {}, QStringLiteral("confirmed")}},
                4, &error));
            QVERIFY2(error.message.contains(QStringLiteral("history refused")),
                     qPrintable(error.message));
            QVERIFY(!batch.commit());
            QVERIFY2(!batch.errorText().isEmpty(), "a failed batch says why");
        }
        QCOMPARE(seen.job(first)->state, JobState::Running);
        QCOMPARE(jobs.job(first)->state, JobState::Running);
        QCOMPARE(events(other, first), 1);
        // The connection is out of the failed transaction: the next one commits.
        QVERIFY(q.exec(QStringLiteral("DROP TRIGGER no_ack")));
        QVERIFY(jobs.transitions(
            first,
            {{JobState::Running, JobState::Succeeded, {}, QStringLiteral("sent")},
             {JobState::Succeeded, JobState::Acknowledged, {}, QStringLiteral("confirmed")}},
            5, &error));
        QCOMPARE(seen.job(first)->state, JobState::Acknowledged);
        QCOMPARE(events(other, first), 3);
    }
};

QTEST_GUILESS_MAIN(TestStatementCache)
#include "tst_statement_cache.moc"
