#pragma once

#include <QString>

// Every setting key in one place, so a reader sees what a profile can hold.
namespace ks::settingkeys {

inline const QString maxTransfers = QStringLiteral("engine/maxTransfers"); // int, default 4
inline const QString maxAttempts = QStringLiteral("engine/maxAttempts");   // int, default 8
// The longest wait between two tries of a job (seconds, 5..86400, default 3600).
inline const QString maxRetryDelaySeconds = QStringLiteral("engine/maxRetryDelaySeconds");
inline const QString remoteTemplate = QStringLiteral("engine/remotePathTemplate"); // string
inline const QString pausedUntilMs = QStringLiteral("engine/pausedUntilMs"); // 0 none, -1 forever
inline const QString pausedSinceMs = QStringLiteral("engine/pausedSinceMs"); // when it was set
inline const QString bandwidthLimitKBps = QStringLiteral("policy/bandwidthKBps");    // 0 unlimited
inline const QString allowOnBattery = QStringLiteral("policy/allowOnBattery");       // "1"/"0"
inline const QString minBatteryPercent = QStringLiteral("policy/minBatteryPercent"); // int
inline const QString scheduleStart = QStringLiteral("policy/scheduleStart"); // "HH:mm" or empty
inline const QString scheduleEnd = QStringLiteral("policy/scheduleEnd");     // "HH:mm" or empty
inline const QString lastCheckedMs = QStringLiteral("engine/lastCheckedMs");
inline const QString trayNoticeShown = QStringLiteral("ui/trayNoticeShown");
inline const QString notifications = QStringLiteral("ui/notifications"); // "1" (default) / "0"
inline const QString firstRunDone = QStringLiteral("ui/firstRunDone");

} // namespace ks::settingkeys
