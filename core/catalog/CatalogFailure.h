#pragma once

#include <QString>

namespace ks {

// The sentence for a catalog that cannot be read or written for a reason that is not damage: a
// full disk above all (SQLite then fails with "database or disk is full", or with "disk I/O
// error" when it cannot even create its shared-memory file). It names the disk-full cause when
// the profile's file system has (almost) no room left, and says that nothing was lost: SQLite
// rolled the unfinished transaction back, and a backup goes on where it stopped.
QString catalogWriteFailure(const QString& catalogPath, const QString& detail);
// Whether the file system holding `path` has less than 1 MiB available.
bool catalogDiskFull(const QString& path);

} // namespace ks
