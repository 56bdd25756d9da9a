#pragma once

#include <QThreadPool>

namespace ks {

// The thread pool for Keepsake's own long-running work: the scan (walk, hashing, metadata), local
// copies, S3 digests, location stripping, catalog reads for the Library tab. Pass it to every
// QtConcurrent call: `QtConcurrent::run(workPool(), ...)`.
//
// Why not QThreadPool::globalInstance(): in Qt 6.4 the raster paint engine splits large fills
// across the global pool and the UI thread waits for them (a QSemaphore in qdrawhelper.cpp).
// With the global pool busy with a scan or a 64 MiB copy, every repaint of the window waited
// for a pool thread to come free: 200-350 ms stalls at start and at the end of a backup
// (docs/benchmarks.md, UI responsiveness). Keeping our work here leaves the global pool to Qt.
//
// Same size as the global pool (one thread per core), so the work itself runs as before.
QThreadPool* workPool();

} // namespace ks
