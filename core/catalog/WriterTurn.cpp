#include "WriterTurn.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QThread>
#include <QWaitCondition>

namespace ks {

namespace {
struct Turns
{
    struct Queue
    {
        quint64 nextTicket = 0;
        quint64 serving = 0;
        QSet<quint64> abandoned; // tickets whose writer stopped waiting: skipped
        Qt::HANDLE owner = nullptr;
        int depth = 0; // the owner's nested turns
    };
    QMutex mutex;
    QWaitCondition changed;
    QHash<QString, Queue> queues; // by database path; a few at most, never removed

    void next(Queue& q)
    {
        ++q.serving;
        while (q.abandoned.remove(q.serving))
            ++q.serving;
        changed.wakeAll();
    }
};

Turns& turns()
{
    static Turns t; // function-local: built on first use, on any thread
    return t;
}
} // namespace

WriterTurn::WriterTurn(const QString& databasePath, int timeoutMs) : m_path(databasePath)
{
    Turns& t = turns();
    const Qt::HANDLE self = QThread::currentThreadId();
    QMutexLocker lock(&t.mutex);
    Turns::Queue& q = t.queues[m_path];
    if (q.depth > 0 && q.owner == self) {
        ++q.depth;
        m_held = true;
        return;
    }
    const quint64 ticket = q.nextTicket++;
    QDeadlineTimer deadline(timeoutMs);
    while (t.queues[m_path].serving != ticket) {
        if (!t.changed.wait(&t.mutex, deadline) && t.queues[m_path].serving != ticket) {
            // A holder that does not end: the writer goes on to SQLite's busy timeout, which
            // fails it with "database is locked" as it did before turns, instead of a hang.
            t.queues[m_path].abandoned.insert(ticket);
            return;
        }
    }
    Turns::Queue& mine = t.queues[m_path]; // the hash may have grown meanwhile
    mine.owner = self;
    mine.depth = 1;
    m_held = true;
}

WriterTurn::~WriterTurn()
{
    if (!m_held)
        return;
    Turns& t = turns();
    QMutexLocker lock(&t.mutex);
    Turns::Queue& q = t.queues[m_path];
    if (--q.depth > 0)
        return;
    q.owner = nullptr;
    t.next(q);
}

int WriterTurn::waiting(const QString& databasePath)
{
    Turns& t = turns();
    QMutexLocker lock(&t.mutex);
    const auto it = t.queues.constFind(databasePath);
    if (it == t.queues.cend())
        return 0;
    return int(it->nextTicket - it->serving) - int(it->abandoned.size()) - (it->depth > 0 ? 1 : 0);
}

} // namespace ks
