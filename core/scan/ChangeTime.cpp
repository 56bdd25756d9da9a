#include "ChangeTime.h"

#ifdef Q_OS_UNIX
#include "common/StatTimes.h"
#endif

namespace ks {

qint64 changeTimeNs(int fd)
{
#ifdef Q_OS_UNIX
    struct stat st;
    if (fd < 0 || ::fstat(fd, &st) != 0)
        return 0;
    return changeNs(st);
#else
    Q_UNUSED(fd);
    return 0;
#endif
}

} // namespace ks
