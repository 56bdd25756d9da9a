#pragma once

#include <QString>

class QObject;

namespace ks {

// Says what the UI thread was doing during a stall. Opt-in diagnostic for bench/ui-stall
// (KEEPSAKE_STALL_STACKS names a file; inert otherwise): a 5 ms heartbeat timer on the UI thread,
// and a watchdog thread that, once the heartbeat is older than thresholdMs, interrupts the UI
// thread with SIGPROF, whose handler appends the UI thread's own backtrace to the file, again
// every repeatMs while the stall lasts. A stack in poll() means the thread was runnable but had
// no CPU; in QSemaphore::acquire under QRasterPaintEngine, it waited for the global thread pool
// (see core/common/WorkPool.h). bench/stall-stacks summarises the file.
//
// Linux/glibc only (backtrace(3)); elsewhere start() returns false. backtrace() is not
// guaranteed async-signal-safe: this is a debugging aid, never on in normal use.
class StallStacks
{
public:
    static constexpr int thresholdMs = 30;
    static constexpr int repeatMs = 15;

    // Call on the UI thread; `owner` (the QApplication) parents the heartbeat timer.
    static bool start(const QString& path, QObject* owner);
    // Stops sampling: before deliberately blocking work such as the engine's stop at quit.
    static void stop();
};

} // namespace ks
