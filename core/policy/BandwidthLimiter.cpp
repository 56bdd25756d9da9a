#include "BandwidthLimiter.h"

#include <algorithm>
#include <cmath>

namespace ks {

void BandwidthLimiter::setRate(qint64 bytesPerSecond)
{
    QMutexLocker lock(&m_mutex);
    m_rate = std::max<qint64>(0, bytesPerSecond);
    m_tokens = 0;
    m_lastMs = m_clock.nowMs();
}

qint64 BandwidthLimiter::rate() const
{
    QMutexLocker lock(&m_mutex);
    return m_rate;
}

void BandwidthLimiter::refillLocked() const
{
    const qint64 now = m_clock.nowMs();
    if (m_lastMs < 0)
        m_lastMs = now;
    const qint64 elapsed = std::max<qint64>(0, now - m_lastMs);
    m_lastMs = now;
    // Burst capacity: a quarter second of the rate, at least 16 KiB, so small writes keep going.
    const double capacity = std::max(16384.0, m_rate / 4.0);
    m_tokens = std::min(capacity, m_tokens + double(m_rate) * double(elapsed) / 1000.0);
}

qint64 BandwidthLimiter::acquire(qint64 wanted)
{
    QMutexLocker lock(&m_mutex);
    if (m_rate <= 0 || wanted <= 0)
        return wanted;
    refillLocked();
    const qint64 granted = std::min<qint64>(wanted, qint64(m_tokens));
    m_tokens -= double(granted);
    return granted;
}

qint64 BandwidthLimiter::msUntilAvailable() const
{
    QMutexLocker lock(&m_mutex);
    if (m_rate <= 0)
        return 0;
    refillLocked();
    if (m_tokens >= 1.0)
        return 0;
    return std::max<qint64>(1, qint64(std::ceil((1.0 - m_tokens) * 1000.0 / double(m_rate))));
}

} // namespace ks
