#include "WriterTurn.h"

#include <QHash>
#include <QMutex>
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
        Qt::HANDLE owner = nullptr;
        int depth = 0; // the owner's nested turns
    };
    QMutex mutex;
    QWaitCondition changed;
    QHash<QString, Queue> queues; // by database path; a few at most, never removed
};

Turns& turns()
{
    static Turns t; // function-local: built on first use, on any thread
    return t;
}
} // namespace

WriterTurn::WriterTurn(const QString& databasePath) : m_path(databasePath)
{
    Turns& t = turns();
    const Qt::HANDLE self = QThread::currentThreadId();
    QMutexLocker lock(&t.mutex);
    Turns::Queue& q = t.queues[m_path];
    if (q.depth > 0 && q.owner == self) {
        ++q.depth;
        return;
    }
    const quint64 ticket = q.nextTicket++;
    while (t.queues[m_path].serving != ticket)
        t.changed.wait(&t.mutex);
    Turns::Queue& mine = t.queues[m_path]; // the hash may have grown meanwhile
    mine.owner = self;
    mine.depth = 1;
}

WriterTurn::~WriterTurn()
{
    Turns& t = turns();
    QMutexLocker lock(&t.mutex);
    Turns::Queue& q = t.queues[m_path];
    if (--q.depth > 0)
        return;
    q.owner = nullptr;
    ++q.serving;
    t.changed.wakeAll();
}

int WriterTurn::waiting(const QString& databasePath)
{
    Turns& t = turns();
    QMutexLocker lock(&t.mutex);
    const auto it = t.queues.constFind(databasePath);
    if (it == t.queues.cend())
        return 0;
    return int(it->nextTicket - it->serving) - (it->depth > 0 ? 1 : 0);
}

} // namespace ks
