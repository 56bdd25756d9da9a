#include "StallStacks.h"

#include <QFile>
#include <QTimer>

#if defined(__GLIBC__)
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <execinfo.h>
#include <fcntl.h>
#include <pthread.h>
#include <thread>
#include <unistd.h>
#endif

namespace ks {

#if defined(__GLIBC__)
namespace {
std::atomic<long long> g_beatNs{0};
std::atomic<bool> g_stopped{false};
pthread_t g_uiThread;
int g_fd = -1;
long long g_startNs = 0;

long long monotonicNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// Runs on the UI thread, interrupted wherever it was.
void writeStack(int)
{
    const int savedErrno = errno;
    void* frames[96];
    const int n = backtrace(frames, 96);
    const long long now = monotonicNs();
    char header[96];
    const int len = snprintf(header, sizeof header, "=== at %.3f s, stalled %.1f ms\n",
                             double(now - g_startNs) / 1e9, double(now - g_beatNs.load()) / 1e6);
    if (len > 0 && write(g_fd, header, size_t(len)) == len)
        backtrace_symbols_fd(frames, n, g_fd);
    errno = savedErrno;
}
} // namespace

bool StallStacks::start(const QString& path, QObject* owner)
{
    if (path.isEmpty() || g_fd >= 0)
        return false;
    g_fd = ::open(QFile::encodeName(path).constData(),
                  O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600);
    if (g_fd < 0)
        return false;
    void* warm[2];
    backtrace(warm, 2); // loads libgcc's unwinder now, not inside the first signal
    g_uiThread = pthread_self();
    g_startNs = monotonicNs();
    g_beatNs = g_startNs;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = writeStack;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPROF, &sa, nullptr);

    auto* heartbeat = new QTimer(owner);
    heartbeat->setTimerType(Qt::PreciseTimer);
    heartbeat->setInterval(5);
    QObject::connect(heartbeat, &QTimer::timeout, heartbeat, [] { g_beatNs = monotonicNs(); });
    heartbeat->start();
    // Detached: it only sleeps and signals, and ends with the process.
    std::thread([] {
        long long lastSignalNs = 0;
        while (!g_stopped.load()) {
            usleep(5000);
            const long long now = monotonicNs();
            if (!g_stopped.load() && now - g_beatNs.load() > thresholdMs * 1000000LL &&
                now - lastSignalNs > repeatMs * 1000000LL) {
                lastSignalNs = now;
                pthread_kill(g_uiThread, SIGPROF);
            }
        }
    }).detach();
    return true;
}

void StallStacks::stop()
{
    g_stopped = true;
}
#else
bool StallStacks::start(const QString&, QObject*)
{
    return false;
}

void StallStacks::stop() {}
#endif

} // namespace ks
