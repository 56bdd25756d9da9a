#pragma once

#include "EngineStatus.h"
#include "UserPause.h"

#include <QSqlDatabase>

namespace ks {

class PolicyGate;

// What the catalog alone says about the backup: counts, failures, consents missing, the
// user's pause and, given a gate, the policies that hold work back. The engine adds its live
// parts (transfers, rate, scanning); `keepsake-cli status` uses this as it is.
EngineStatus readStatus(QSqlDatabase& db, qint64 nowMs, const PolicyGate* gate);

// How often the engine publishes its status, given how long readStatus() took: every 250 ms
// while that is cheap, less often (up to every 2 s) when a large catalog makes it dear, so that
// it takes at most about 2% of the engine thread (its counts go over all jobs: with 20,000 jobs
// ~20 ms a read, 8% of the engine's time at 250 ms in a backup of small files).
int statusEveryMs(qint64 readCostMs);

} // namespace ks
