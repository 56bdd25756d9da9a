#pragma once

#include "common/Clock.h"

#include <QMutex>

namespace ks {

// One token bucket shared by every transfer, so the limit holds for the whole backup however
// many files run at once. Thread-safe: local copies run on a pool, network ones on the engine
// thread.
class BandwidthLimiter
{
public:
    explicit BandwidthLimiter(Clock& clock = systemClock()) : m_clock(clock) {}

    // 0 means unlimited.
    void setRate(qint64 bytesPerSecond);
    qint64 rate() const;

    // Takes up to `wanted` bytes of budget. Returns how many may be sent now (0 when the bucket
    // is empty; then msUntilAvailable() tells when to try again). Unlimited: returns wanted.
    qint64 acquire(qint64 wanted);
    qint64 msUntilAvailable() const;

private:
    void refillLocked() const;

    Clock& m_clock;
    mutable QMutex m_mutex;
    qint64 m_rate = 0;
    mutable double m_tokens = 0;
    mutable qint64 m_lastMs = -1;
};

} // namespace ks
