#pragma once

#include <QString>

namespace ks {

// Copies the catalog's write-ahead log into the catalog file, on a connection of its own, so the
// thread that calls it waits for the disk instead of the one that writes. PASSIVE: writers go
// on meanwhile, and what a reader still needs stays in the log for the next time.
//
// Why: the engine commits every job transition (about 15 WAL pages each). When its own
// connection checkpointed (every 8,000 pages, in a COMMIT), the engine thread waited for two
// fdatasync with nothing sent meanwhile: on a disk busy with the server's writes, 3-5 s of a
// 36 s small-file backup (docs/benchmarks.md). The engine now leaves that to the work pool.
//
// Returns false with *error set when the catalog could not be opened or checkpointed.
bool checkpointCatalog(const QString& path, QString* error = nullptr);

} // namespace ks
