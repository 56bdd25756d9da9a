#pragma once

#include <QString>

namespace ks {

// Whether a source folder is there to be read. A disk that is not mounted shows either no
// folder at all or, when the source is the mount point itself, an empty folder: with files
// expected (the catalog knows some that were present) an empty folder counts as "not mounted",
// so neither the scan nor the engine takes every photo for deleted. On false, *why says so in a
// sentence ("the source folder /media/photos is not available (not mounted?)").
bool sourceRootAvailable(const QString& root, bool expectFiles, QString* why);

} // namespace ks
