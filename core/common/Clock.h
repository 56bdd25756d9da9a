#pragma once

#include <QDateTime>

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

// A clock that only moves when told to: for tests.
class ManualClock : public Clock
{
public:
    explicit ManualClock(qint64 startMs = 1'700'000'000'000) : m_now(startMs) {}
    qint64 nowMs() const override { return m_now; }
    void advance(qint64 ms) { m_now += ms; }
    void set(qint64 ms) { m_now = ms; }

private:
    qint64 m_now;
};

} // namespace ks
