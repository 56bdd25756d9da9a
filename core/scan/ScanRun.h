#pragma once

#include "ScanTypes.h"

#include <QSqlDatabase>
#include <atomic>
#include <functional>

namespace ks {

// One complete scan, synchronous: walks every consented source (or only the given paths inside
// them), reads what is new or changed on the global thread pool (both cores: signature,
// metadata, SHA-256), and writes the catalog in batched transactions from this thread. Opens its
// own catalog connection, so it can run on any thread. LibraryScanner runs it off the caller's
// thread.
using ScanProgressFn = std::function<void(const ScanProgress&)>;
// Runs on the scan's thread after each committed batch, before its progress is reported, with
// the scan's connection and the lowest asset id the batch wrote: the engine plans the batch's
// jobs there (Planner::planFrom), off its own thread. False (and *error) ends the scan with that
// error, as a failed write of the scan's own would.
using ScanBatchFn = std::function<bool(QSqlDatabase& db, qint64 fromAssetId, Error* error)>;
ScanSummary runScan(const QString& catalogPath, const QStringList& onlyPaths,
                    const std::atomic_bool& cancel, const ScanProgressFn& progress = {},
                    const ScanBatchFn& afterBatch = {});

} // namespace ks
