#pragma once

#include "common/Error.h"

#include <QSqlDatabase>

namespace ks::migrations {

// The catalog's schema is versioned by PRAGMA user_version. Each step upgrades from version N-1
// to N; all pending steps run in one transaction and the version is bumped in the same
// transaction, so a failure rolls everything back and leaves the file as it was.
int latestVersion();

// Runs the steps from the database's current version up to `target` (default: latest).
bool migrate(QSqlDatabase& db, Error* error, int target = -1);

} // namespace ks::migrations
