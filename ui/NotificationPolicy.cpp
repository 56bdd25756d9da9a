#include "NotificationPolicy.h"

namespace ks {

std::optional<Notice> NotificationPolicy::update(const EngineStatus& s)
{
    const qint64 now = m_clock.nowMs();
    if (!m_started) {
        // What was there before this session (old failures, earlier uploads) is no news.
        m_started = true;
        m_notifiedFailures = m_lastFailures = s.failures;
        m_doneBaseline = s.filesDone;
    }

    // Failures resolved by a retry lower the mark, so that failing again later is news again.
    m_notifiedFailures = std::min(m_notifiedFailures, s.failures);
    if (s.failures != m_lastFailures) {
        m_lastFailures = s.failures;
        m_failuresChangedMs = now;
    }
    const qint64 newFailures = s.failures - m_notifiedFailures;
    const bool failuresReady = newFailures > 0 && now - m_failuresChangedMs >= kSettleMs;

    // Idle must last a moment: between two jobs, or between the scan and the plan, the engine
    // is briefly doing nothing.
    const bool busy = s.running || s.scanning || !s.transfers.isEmpty();
    if (busy) {
        m_activeSinceComplete = true;
        m_idleSinceMs = -1;
    } else if (m_idleSinceMs < 0) {
        m_idleSinceMs = now;
    }
    m_doneBaseline = std::min(m_doneBaseline, s.filesDone);
    const qint64 uploaded = s.filesDone - m_doneBaseline;
    // Paused (by the user or a policy) with work left is not "complete".
    const bool paused = !s.pauseReasons.isEmpty() && s.filesDone < s.filesTotal;
    const bool completeReady = m_activeSinceComplete && uploaded > 0 && !paused &&
                               m_idleSinceMs >= 0 && now - m_idleSinceMs >= kSettleMs;

    if (!failuresReady && !completeReady)
        return std::nullopt;
    if (m_lastNoticeMs >= 0 && now - m_lastNoticeMs < kMinIntervalMs)
        return std::nullopt; // held back, not dropped: a later status delivers it

    Notice n;
    n.newFailures = std::max<qint64>(0, newFailures);
    n.complete = completeReady;
    if (completeReady) {
        n.uploaded = uploaded;
        n.allBackedUp = s.filesTotal > 0 && s.filesDone == s.filesTotal;
        m_doneBaseline = s.filesDone;
        m_activeSinceComplete = false;
    }
    m_notifiedFailures = s.failures;
    m_lastNoticeMs = now;
    if (!m_enabled)
        return std::nullopt;
    return n;
}

} // namespace ks
