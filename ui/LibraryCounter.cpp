#include "LibraryCounter.h"

#include "common/WorkPool.h"
#include "scan/MediaType.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace ks {

QFuture<LibraryCount> countLibrary(const QString& folder)
{
    return QtConcurrent::run(workPool(), [folder] {
        LibraryCount c;
        QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            const QFileInfo fi = it.fileInfo();
            const QString ext = fi.suffix().toLower();
            if (!isMediaExtension(ext) || ext == QLatin1String("xmp") ||
                ext == QLatin1String("aae"))
                continue;
            const bool video = ext == QLatin1String("mov") || ext == QLatin1String("mp4") ||
                               ext == QLatin1String("m4v");
            (video ? c.videos : c.photos) += 1;
            c.bytes += fi.size();
        }
        return c;
    });
}

} // namespace ks
