#include "FileStamp.h"

#include <QFile>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include "StatTimes.h"
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
    out.mtimeMs = modificationMs(st);
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
