#include "SourceRoot.h"

#include <QDir>
#include <QFileInfo>

namespace ks {

bool sourceRootAvailable(const QString& root, bool expectFiles, QString* why)
{
    const QFileInfo info(root);
    bool available = info.isDir();
    if (available && expectFiles)
        available = !QDir(root).isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden |
                                        QDir::System);
    if (!available && why)
        *why = QStringLiteral("the source folder %1 is not available (not mounted?)").arg(root);
    return available;
}

} // namespace ks
