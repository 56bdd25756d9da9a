#pragma once

class QThread;

namespace ks {

// Gives `thread`, before it starts, Qt's own poll() event dispatcher instead of the GLib one Qt
// picks on Linux. Returns false where that dispatcher cannot be had (other platforms, or a build
// without Qt's private headers, qt6-base-private-dev on Debian): the thread keeps the default.
//
// Why, for the engine thread: with small files it is the bottleneck, and a quarter of its time
// was spent in the kernel. The GLib dispatcher writes its eventfd for every event posted to the
// thread (a queued call, a deleteLater: about seven per file) where Qt's dispatcher wakes itself
// once until it runs again: 20,000 small files made 140,000 fewer system calls, and the backup
// took 3-8% less time (docs/benchmarks.md). Nothing GLib-based runs on the engine thread: the
// keychain has a thread of its own (KeychainCall.h), and GLib's network monitor reports through
// the main thread's context.
bool usePollEventDispatcher(QThread& thread);

} // namespace ks
