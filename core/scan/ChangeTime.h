#pragma once

#include <QtGlobal>

namespace ks {

// An open file's change time (ctime) in ns, 0 where not known (not Unix, or fstat failed).
// Any write to the file moves it, and unlike the modification time it cannot be put back: a
// hash is of one version of the file when the change time stood still around the read.
qint64 changeTimeNs(int fd);

} // namespace ks
