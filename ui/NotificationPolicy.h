#pragma once

#include "common/Clock.h"
#include "jobs/EngineStatus.h"

#include <optional>

namespace ks {

// What a desktop notification should say; the tray icon turns it into words.
struct Notice
{
    bool complete = false;  // the engine went idle after uploading in this session
    qint64 uploaded = 0;    // files acknowledged since the last "complete" (or the start)
    qint64 newFailures = 0; // failed files not notified before
    bool allBackedUp = false;
};

// Decides when to notify, so that the tray never spams: "backup complete" once when the engine
// settles after having uploaded something, new failures once per batch (a batch ends when the
// count has not grown for a few seconds), never the same failures twice, and at most one
// notification a minute (what is held back is delivered, merged, by a later status). Fed with
// every EngineStatus (the engine publishes one every 250 ms while it runs); the clock is
// injectable so tests need not wait.
class NotificationPolicy
{
public:
    static constexpr qint64 kMinIntervalMs = 60'000;
    static constexpr qint64 kSettleMs = 3'000;

    explicit NotificationPolicy(Clock& clock = systemClock()) : m_clock(clock) {}

    // Off: decisions are still taken (so turning it on does not flood) but nothing is returned.
    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool isEnabled() const { return m_enabled; }

    std::optional<Notice> update(const EngineStatus& status);

private:
    Clock& m_clock;
    bool m_enabled = true;
    bool m_started = false;
    qint64 m_notifiedFailures = 0; // failures the user has been told about (or that predate us)
    qint64 m_lastFailures = 0;
    qint64 m_failuresChangedMs = 0;
    qint64 m_doneBaseline = 0;
    bool m_activeSinceComplete = false;
    qint64 m_idleSinceMs = -1;
    qint64 m_lastNoticeMs = -1;
};

} // namespace ks
