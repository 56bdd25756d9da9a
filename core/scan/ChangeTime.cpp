#include "ChangeTime.h"

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace ks {

qint64 changeTimeNs(int fd)
{
#ifdef Q_OS_UNIX
    struct stat st;
    if (fd < 0 || ::fstat(fd, &st) != 0)
        return 0;
    return qint64(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
#else
    Q_UNUSED(fd);
    return 0;
#endif
}

} // namespace ks
