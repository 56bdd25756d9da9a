#include "WorkPool.h"

#include <QThread>
#include <QThreadPool>

namespace ks {

namespace {
struct NamedPool : QThreadPool
{
    NamedPool()
    {
        setObjectName(QStringLiteral("keepsake-work"));
        setMaxThreadCount(QThread::idealThreadCount());
    }
};
// Destroyed at exit after waiting for its tasks, as Qt does with the global pool.
Q_GLOBAL_STATIC(NamedPool, g_pool)
} // namespace

QThreadPool* workPool()
{
    return g_pool();
}

} // namespace ks
