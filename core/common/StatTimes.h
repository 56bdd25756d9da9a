#pragma once

#include <QtGlobal>

#ifdef Q_OS_UNIX
#include <sys/stat.h>

namespace ks {

// A stat result's times as the catalog holds them. The scan records the modification time and
// the engine compares a file's against it before sending: one conversion for both, or a
// rounding difference would read as a changed file. macOS names the fields differently.
inline qint64 modificationMs(const struct stat& st)
{
#ifdef Q_OS_MACOS
    const struct timespec& t = st.st_mtimespec;
#else
    const struct timespec& t = st.st_mtim;
#endif
    return qint64(t.tv_sec) * 1000 + t.tv_nsec / 1'000'000;
}

// The change time in nanoseconds (see scan/ChangeTime.h for what it vouches for).
inline qint64 changeNs(const struct stat& st)
{
#ifdef Q_OS_MACOS
    const struct timespec& t = st.st_ctimespec;
#else
    const struct timespec& t = st.st_ctim;
#endif
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

} // namespace ks

#endif
