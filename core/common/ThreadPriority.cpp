#include "ThreadPriority.h"

#include <QtGlobal>

#include <cerrno>

#if defined(Q_OS_WIN)
#include <qt_windows.h>
#elif defined(Q_OS_DARWIN)
#include <pthread.h>
#include <pthread/qos.h>
#else
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace ks {

namespace {
constexpr int kBackgroundNice = 10;

bool keepNormalPriority()
{
    static const bool keep = qEnvironmentVariableIntValue("KEEPSAKE_NORMAL_PRIORITY") == 1;
    return keep;
}
} // namespace

void lowerCurrentThreadPriority()
{
    thread_local bool lowered = false;
    if (lowered || keepNormalPriority())
        return;
    lowered = true;
#if defined(Q_OS_WIN)
    SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL);
#elif defined(Q_OS_DARWIN)
    pthread_set_qos_class_self_np(QOS_CLASS_UTILITY, 0);
#elif defined(SYS_gettid)
    // On Linux, PRIO_PROCESS with a thread id sets that one thread's nice value.
    const auto tid = id_t(syscall(SYS_gettid));
    errno = 0;
    const int current = getpriority(PRIO_PROCESS, tid);
    if (errno == 0 && current < kBackgroundNice)
        setpriority(PRIO_PROCESS, tid, kBackgroundNice);
#endif
}

} // namespace ks
