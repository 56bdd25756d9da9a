#pragma once

#include <QSqlDatabase>

namespace ks {

// The user's pause ("for an hour", "until tomorrow", "until I resume"), kept in the settings as
// the wall-clock time it ends (engine/pausedUntilMs: 0 none, -1 until resumed) and the time it
// was set (engine/pausedSinceMs). A pause with an end is a length of elapsed time: when the wall
// clock jumps (NTP, the user, a resumed VM) both move with it, so a pause of an hour still ends
// about an hour after it was set. The wall clock is what jumped, so it is the one not trusted;
// the schedule window, a time of day every day, follows the wall clock instead (PolicyGate).

// 0 none, -1 indefinitely, else until that time.
qint64 pausedUntil(QSqlDatabase& db);
bool isPaused(qint64 pausedUntilMs, qint64 nowMs);
// Sets (untilMs > 0 or -1) or lifts (0) the pause.
bool setPausedUntil(QSqlDatabase& db, qint64 untilMs, qint64 nowMs);
// The wall clock moved `jumpMs` more than elapsed time did (a running engine noticed): a pause
// with an end moves with it. True when there was such a pause.
bool shiftPause(QSqlDatabase& db, qint64 jumpMs);
// For jumps back while no engine ran: a pause set later than `nowMs` runs its length from now.
// (A jump forward meanwhile cannot be told from time passing.) True when it was re-timed.
bool rebasePause(QSqlDatabase& db, qint64 nowMs);

} // namespace ks
