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

} // namespace ks
