#pragma once

namespace ks {

// Runs the calling thread at background priority, below the desktop's normal work: Keepsake's
// engine, its scan and hashing, and its transfers, never the UI thread. Each thread is lowered
// once; threads it starts afterwards inherit the lower priority.
//
// Why: a backup is background work, as PhotoKit's background uploads run at background QoS. On
// a busy machine the user's programs (and, when the server shares the machine, the server)
// get the CPU first, and Keepsake takes what is left: the window stays responsive and nothing
// else slows down for a backup (docs/benchmarks.md, "the third round").
//
// Linux: nice 10 for this thread (a thread already nicer stays as it is); macOS: the utility QoS
// class; Windows: THREAD_PRIORITY_BELOW_NORMAL. A priority, once lowered, is not raised again
// (an unprivileged process may not). KEEPSAKE_NORMAL_PRIORITY=1 in the environment leaves every
// thread as it is.
void lowerCurrentThreadPriority();

} // namespace ks
