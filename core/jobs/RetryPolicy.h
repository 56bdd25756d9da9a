#pragma once

#include "common/Error.h"

#include <QtGlobal>

namespace ks {

// When to try a failed job again. Transient errors back off exponentially (2 s, 4 s, 8 s ...
// up to an hour) with ±25 % jitter so many jobs don't retry in lockstep; a server's
// Retry-After is honoured when longer. After maxAttempts the job needs attention.
struct RetryDecision
{
    bool retry = false;
    qint64 delayMs = 0;
};

class RetryPolicy
{
public:
    explicit RetryPolicy(int maxAttempts = 8, qint64 baseMs = 2000, qint64 capMs = 3600'000)
        : m_maxAttempts(maxAttempts), m_baseMs(baseMs), m_capMs(capMs)
    {
    }

    // `attempts` counts the attempt that just failed (1 for the first). `jitter01` in [0, 1)
    // comes from the caller so tests are deterministic.
    RetryDecision decide(const Error& error, int attempts, double jitter01) const;
    int maxAttempts() const { return m_maxAttempts; }

private:
    int m_maxAttempts;
    qint64 m_baseMs;
    qint64 m_capMs;
};

} // namespace ks
