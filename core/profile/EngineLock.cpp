#include "EngineLock.h"

#include "Profile.h"

namespace ks {

EngineLock::EngineLock(const Profile& profile)
    : m_lock(std::make_unique<QLockFile>(profile.lockPath()))
{
    // A running engine refreshes nothing, so never treat a live owner's lock as stale by age;
    // QLockFile still detects a dead owner by its PID.
    m_lock->setStaleLockTime(0);
}

EngineLock::~EngineLock() = default;

bool EngineLock::tryLock(Error* error)
{
    if (m_lock->tryLock(0))
        return true;
    if (m_lock->error() == QLockFile::LockFailedError) {
        qint64 pid = 0;
        QString host, app;
        m_lock->getLockInfo(&pid, &host, &app);
        if (error)
            *error = Error::permanent(
                QStringLiteral("Another Keepsake engine (%1, process %2) is already running on "
                               "this profile")
                    .arg(app.isEmpty() ? QStringLiteral("unknown") : app)
                    .arg(pid));
    } else if (error) {
        *error = Error::permanent(QStringLiteral("Cannot create the lock file in the profile"));
    }
    return false;
}

bool EngineLock::isLocked() const
{
    return m_lock->isLocked();
}

void EngineLock::unlock()
{
    m_lock->unlock();
}

bool EngineLock::isHeld(const Profile& profile, qint64* pid)
{
    QLockFile probe(profile.lockPath());
    probe.setStaleLockTime(0);
    if (probe.tryLock(0)) {
        probe.unlock();
        return false;
    }
    if (pid) {
        QString host, app;
        probe.getLockInfo(pid, &host, &app);
    }
    return probe.error() == QLockFile::LockFailedError;
}

} // namespace ks
