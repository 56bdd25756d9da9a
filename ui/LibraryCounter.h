#pragma once

#include <QFuture>
#include <QString>

namespace ks {

struct LibraryCount
{
    qint64 photos = 0;
    qint64 videos = 0;
    qint64 bytes = 0;
};

// Counts photos and videos under a folder by their names only (no file is opened: reading waits
// for the user's consent), on the thread pool, for the numbers a consent dialog shows.
QFuture<LibraryCount> countLibrary(const QString& folder);

} // namespace ks
