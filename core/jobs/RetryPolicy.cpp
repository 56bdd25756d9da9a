#include "RetryPolicy.h"

#include <algorithm>
#include <cmath>

namespace ks {

RetryDecision RetryPolicy::decide(const Error& error, int attempts, double jitter01) const
{
    if (error.kind != ErrorClass::Transient || attempts >= m_maxAttempts)
        return {};
    const double exp = double(m_baseMs) * std::pow(2.0, std::max(0, attempts - 1));
    const double jittered = std::min(double(m_capMs), exp) * (0.75 + 0.5 * jitter01);
    qint64 delay = qint64(jittered);
    if (error.retryAfterMs > delay)
        delay = std::min(error.retryAfterMs, m_capMs * 6);
    return {true, delay};
}

} // namespace ks
