#include "UserPause.h"

#include "catalog/SettingKeys.h"
#include "catalog/SettingsStore.h"

#include <algorithm>

namespace ks {

namespace {
bool store(SettingsStore& settings, qint64 untilMs, qint64 sinceMs)
{
    return settings.setValue(settingkeys::pausedSinceMs, QString::number(sinceMs)) &&
           settings.setValue(settingkeys::pausedUntilMs, QString::number(untilMs));
}
} // namespace

qint64 pausedUntil(QSqlDatabase& db)
{
    return SettingsStore(db).intValue(settingkeys::pausedUntilMs, 0);
}

bool isPaused(qint64 until, qint64 nowMs)
{
    return until == -1 || until > nowMs;
}

bool setPausedUntil(QSqlDatabase& db, qint64 untilMs, qint64 nowMs)
{
    SettingsStore settings(db);
    return store(settings, untilMs, untilMs > 0 ? nowMs : 0);
}

bool shiftPause(QSqlDatabase& db, qint64 jumpMs)
{
    SettingsStore settings(db);
    const qint64 until = settings.intValue(settingkeys::pausedUntilMs, 0);
    if (until <= 0)
        return false;
    const qint64 since = settings.intValue(settingkeys::pausedSinceMs, 0);
    // A pause from before the start was recorded (no since) still moves; its start stays unknown.
    return store(settings, until + jumpMs, since > 0 ? since + jumpMs : 0);
}

bool rebasePause(QSqlDatabase& db, qint64 nowMs)
{
    SettingsStore settings(db);
    const qint64 until = settings.intValue(settingkeys::pausedUntilMs, 0);
    const qint64 since = settings.intValue(settingkeys::pausedSinceMs, 0);
    if (until <= 0 || since <= nowMs)
        return false;
    return store(settings, nowMs + std::max<qint64>(0, until - since), nowMs);
}

} // namespace ks
