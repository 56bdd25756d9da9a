// Writers of one catalog in this process take turns in the order they asked (WriterTurn.h): a
// writer that commits batch after batch lets a waiting one in between, instead of leaving it to
// SQLite's busy handler, which slept up to 100 ms between looks and let the engine wait behind
// a scan for a second.
#include "catalog/Database.h"
#include "catalog/Transaction.h"
#include "catalog/WriterTurn.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QSemaphore>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>
#include <functional>
#include <mutex>

using namespace ks;

namespace {
// Waits (without a time limit that could pass a broken lock) until `n` threads wait.
bool waitForWaiters(const QString& path, int n)
{
    QDeadlineTimer deadline(20'000);
    while (WriterTurn::waiting(path) < n) {
        if (deadline.hasExpired())
            return false;
        QThread::msleep(1);
    }
    return true;
}
} // namespace

class TestWriterTurn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aWaitingWriterGoesBeforeTheHoldersNextTurn()
    {
        const QString path = QStringLiteral("/turns/order");
        QStringList order;
        std::mutex orderMutex;
        auto note = [&](const QString& who) {
            std::lock_guard lock(orderMutex);
            order << who;
        };
        std::optional<WriterTurn> first(std::in_place, path);
        QThread* other = QThread::create([&] {
            WriterTurn turn(path);
            note(QStringLiteral("other"));
        });
        other->start();
        QVERIFY(waitForWaiters(path, 1));
        // Released and asked for again at once, as a scan commits its next batch: the other
        // thread asked first.
        first.reset();
        {
            WriterTurn again(path);
            note(QStringLiteral("holder again"));
        }
        QVERIFY(other->wait(20'000));
        delete other;
        QCOMPARE(order, QStringList({QStringLiteral("other"), QStringLiteral("holder again")}));
        QCOMPARE(WriterTurn::waiting(path), 0);
    }

    void aThreadMayNestItsOwnTurns()
    {
        const QString path = QStringLiteral("/turns/nested");
        {
            WriterTurn outer(path);
            WriterTurn inner(path); // a second connection's transaction on the same thread
            QCOMPARE(WriterTurn::waiting(path), 0);
        }
        // Both released: another thread gets a turn.
        std::atomic_bool got = false;
        QThread* other = QThread::create([&] {
            WriterTurn turn(path);
            got = true;
        });
        other->start();
        QVERIFY(other->wait(20'000));
        delete other;
        QVERIFY(got);
    }

    // A holder that never ends (a transaction left open by mistake) costs a waiter its timeout,
    // then SQLite's own "database is locked", not a hang; and the queue goes on past the ticket
    // it gave up.
    void aWaiterGivesUpAfterItsTimeoutAndTheQueueGoesOn()
    {
        const QString path = QStringLiteral("/turns/timeout");
        std::optional<WriterTurn> holder(std::in_place, path);
        std::atomic_bool gaveUp = false;
        QThread* waiter = QThread::create([&] {
            WriterTurn turn(path, 100);
            gaveUp = !turn.isHeld();
        });
        waiter->start();
        QVERIFY(waiter->wait(20'000));
        delete waiter;
        QVERIFY(gaveUp);
        QCOMPARE(WriterTurn::waiting(path), 0);
        holder.reset();
        std::atomic_bool held = false;
        QThread* next = QThread::create([&] {
            WriterTurn turn(path, 20'000);
            held = turn.isHeld();
        });
        next->start();
        QVERIFY(next->wait(30'000));
        delete next;
        QVERIFY(held); // not stuck behind the ticket nobody takes
    }

    // Real transactions on two connections of one catalog, on two threads: the second thread's
    // transaction commits between the first thread's two, in the order asked.
    // The other thread may name the catalog another way (the GUI's path and a test's, a profile
    // reached through a symbolic link): the turns are the file's, whatever its spelling.
    void transactionsOfTwoThreadsAlternate_data()
    {
        QTest::addColumn<QString>("otherSpelling");
        QTest::newRow("the same path") << QStringLiteral("catalog.sqlite");
        QTest::newRow("through ./") << QStringLiteral("./catalog.sqlite");
        QTest::newRow("through a symbolic link") << QStringLiteral("link/catalog.sqlite");
    }

    void transactionsOfTwoThreadsAlternate()
    {
        QFETCH(QString, otherSpelling);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
        QVERIFY(QFile::link(dir.path(), dir.filePath(QStringLiteral("link"))));
        const QString otherPath = dir.filePath(otherSpelling);
        Database mine;
        Error error;
        QVERIFY2(mine.open(path, &error), qPrintable(error.message));
        {
            QSqlQuery q(mine.db());
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE turns (who TEXT)")));
        }
        const QString file = mine.db().databaseName();
        QString otherError;
        QSemaphore opened, go;
        QThread* other = QThread::create([&] {
            Database theirs;
            Error e;
            const bool ok = theirs.open(otherPath, &e);
            otherError = ok ? QString() : e.message;
            opened.release();
            go.acquire();
            if (!ok)
                return;
            Transaction tx(theirs.db());
            QSqlQuery q(theirs.db());
            if (!tx.isActive() || !q.exec(QStringLiteral("INSERT INTO turns VALUES ('other')")) ||
                !tx.commit())
                otherError = QStringLiteral("the other thread's transaction failed");
        });
        other->start();
        opened.acquire(); // its connection is open (opening it may write: the schema)
        std::optional<Transaction> first(std::in_place, mine.db());
        QVERIFY(first->isActive());
        go.release();
        QVERIFY(waitForWaiters(file, 1));
        {
            QSqlQuery q(mine.db());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO turns VALUES ('first')")));
        }
        QVERIFY(first->commit());
        first.reset();
        {
            Transaction second(mine.db());
            QVERIFY(second.isActive());
            QSqlQuery q(mine.db());
            QVERIFY(q.exec(QStringLiteral("INSERT INTO turns VALUES ('second')")));
            QVERIFY(second.commit());
        }
        QVERIFY(other->wait(20'000));
        delete other;
        QVERIFY2(otherError.isEmpty(), qPrintable(otherError));
        QSqlQuery q(mine.db());
        QVERIFY(q.exec(QStringLiteral("SELECT who FROM turns ORDER BY rowid")));
        QStringList order;
        while (q.next())
            order << q.value(0).toString();
        QCOMPARE(order, QStringList({QStringLiteral("first"), QStringLiteral("other"),
                                     QStringLiteral("second")}));
    }
};

QTEST_GUILESS_MAIN(TestWriterTurn)
#include "tst_writer_turn.moc"
