#pragma once

namespace ks {

// Caps glibc's malloc arenas for this process; call first thing in main(), before any thread.
//
// glibc gives a thread that finds the main arena busy an arena of its own (up to eight per
// core), and each keeps the memory freed into it. A backup runs the engine, the scan, the work
// pool and Qt's HTTP thread: five arenas held 6 MiB of keepsake-cli's 34 MiB peak for 2,000
// small files (docs/benchmarks.md, "Peak memory: the process floor"). These threads hand data
// along rather than allocate side by side, so a few arenas cost no measurable time.
void limitMallocArenas(int arenas);

} // namespace ks
