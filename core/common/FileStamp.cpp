#include "FileStamp.h"

#include <QFile>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace ks {

FileStamp fileStamp(const QString& path)
{
    FileStamp out;
#ifdef Q_OS_UNIX
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return out;
    out.exists = true;
    out.size = st.st_size;
#ifdef Q_OS_MACOS
    const struct timespec& m = st.st_mtimespec;
#else
    const struct timespec& m = st.st_mtim;
#endif
    out.mtimeMs = qint64(m.tv_sec) * 1000 + m.tv_nsec / 1'000'000;
#else
    const QFileInfo fi(path);
    if (!fi.exists())
        return out;
    out.exists = true;
    out.size = fi.size();
    out.mtimeMs = fi.lastModified().toMSecsSinceEpoch();
#endif
    return out;
}

} // namespace ks
