#pragma once

#include <QString>
#include <QtGlobal>

namespace ks {

// A file's size and modification time (milliseconds since the epoch, UTC, as the scan records
// them), from one stat. Qt 6.4's QFileInfo gives the time only as local time: each call
// converted it, and glibc looked at /etc/localtime for every conversion (about three times per
// file sent, docs/benchmarks.md). Qt 6.6 has lastModified(QTimeZone::UTC) for this.
struct FileStamp
{
    bool exists = false;
    qint64 size = -1;
    qint64 mtimeMs = 0;
};

FileStamp fileStamp(const QString& path);

} // namespace ks
