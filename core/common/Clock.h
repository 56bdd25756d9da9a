#pragma once

#include <QDateTime>
#include <atomic>

namespace ks {

// An injectable clock so that backoff, schedules and "last checked" can be tested without
// waiting. Production code takes a Clock& and uses systemClock() by default.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0; // milliseconds since the Unix epoch, UTC
    QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs()); }
};

Clock& systemClock();

// A clock that only moves when told to: for tests. Read on other threads than the test's (the
// scan's thread plans jobs with the engine's clock), so the reading is atomic.
class ManualClock : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 1'700'000'000'000) : m_now(startMs) {}
    qint64 nowMs() const override { return m_now.load(); }
    void advance(qint64 ms) { m_now += ms; }
    void set(qint64 ms) { m_now = ms; }

private:
    std::atomic<qint64> m_now;
};

} // namespace ks
