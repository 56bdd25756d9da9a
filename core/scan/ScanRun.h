#pragma once

#include "ScanTypes.h"

#include <atomic>
#include <functional>

namespace ks {

// One complete scan, synchronous: walks every consented source (or only the given paths inside
// them), reads what is new or changed on the global thread pool (both cores: signature,
// metadata, SHA-256), and writes the catalog in batched transactions from this thread. Opens its
// own catalog connection, so it can run on any thread. LibraryScanner runs it off the caller's
// thread.
using ScanProgressFn = std::function<void(const ScanProgress&)>;
ScanSummary runScan(const QString& catalogPath, const QStringList& onlyPaths,
                    const std::atomic_bool& cancel, const ScanProgressFn& progress = {});

} // namespace ks
