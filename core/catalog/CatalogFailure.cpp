#include "CatalogFailure.h"

#include <QFileInfo>
#include <QLocale>
#include <QStorageInfo>

namespace ks {

bool catalogDiskFull(const QString& path)
{
    const QStorageInfo storage(QFileInfo(path).absolutePath());
    return storage.isValid() && storage.bytesAvailable() < 1024 * 1024;
}

QString catalogWriteFailure(const QString& catalogPath, const QString& detail)
{
    const QString folder = QFileInfo(catalogPath).absolutePath();
    if (!catalogDiskFull(catalogPath))
        return QStringLiteral("Cannot write the catalog %1 (%2).").arg(catalogPath, detail);
    const qint64 left = QStorageInfo(folder).bytesAvailable();
    return QStringLiteral("Cannot write the catalog %1: the disk holding %2 is full (%3 left; %4). "
                          "Nothing was lost and the catalog is intact: free some space there, "
                          "then run the backup again; it goes on where it stopped.")
        .arg(
            catalogPath, folder,
            QLocale::c().formattedDataSize(std::max<qint64>(0, left), 1, QLocale::DataSizeSIFormat),
            detail);
}

} // namespace ks
