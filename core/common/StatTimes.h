#pragma once

#include <QtGlobal>

#ifdef Q_OS_UNIX
#include <sys/stat.h>

// A stat result's modification (m) or change (c) time; macOS names the fields differently.
#ifdef Q_OS_MACOS
#define KS_STAT_TIMESPEC(st, which) ((st).st_##which##timespec)
#else
#define KS_STAT_TIMESPEC(st, which) ((st).st_##which##tim)
#endif

namespace ks {

// A stat result's times as the catalog holds them. The scan records the modification time and
// the engine compares a file's against it before sending: one conversion for both, or a
// rounding difference would read as a changed file.
inline qint64 modificationMs(const struct stat& st)
{
    const struct timespec& t = KS_STAT_TIMESPEC(st, m);
    return qint64(t.tv_sec) * 1000 + t.tv_nsec / 1'000'000;
}

// The change time in nanoseconds (see scan/ChangeTime.h for what it vouches for).
inline qint64 changeNs(const struct stat& st)
{
    const struct timespec& t = KS_STAT_TIMESPEC(st, c);
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

} // namespace ks

#endif
