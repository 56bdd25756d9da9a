#pragma once

#include "common/Clock.h"
#include "policy/NetworkState.h"

#include <QDateTime>
#include <QMutex>
#include <atomic>

namespace ks::test {

// The network as the engine's policy sees it, set by the test (the engine reads it from its own
// thread, hence the lock).
class SwitchableNetwork : public NetworkStateSource
{
public:
    NetworkState state() const override
    {
        QMutexLocker lock(&m_mutex);
        return m_state;
    }
    void set(NetworkState::Reachability reachability)
    {
        {
            QMutexLocker lock(&m_mutex);
            m_state.reachability = reachability;
        }
        Q_EMIT changed();
    }

private:
    mutable QMutex m_mutex;
    NetworkState m_state{NetworkState::Reachability::Online};
};

// A wall clock that runs with real time from a chosen start and jumps when told, the way a
// machine's clock does when NTP corrects it, the user sets it or a VM resumes.
class JumpingClock : public Clock
{
public:
    explicit JumpingClock(const QDateTime& start)
        : m_offset(start.toMSecsSinceEpoch() - QDateTime::currentMSecsSinceEpoch())
    {
    }
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch() + m_offset; }
    void jump(qint64 ms) { m_offset += ms; }

private:
    std::atomic<qint64> m_offset;
};

} // namespace ks::test
