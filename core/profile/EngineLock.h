#pragma once

#include "common/Error.h"

#include <QLockFile>
#include <memory>

namespace ks {

class Profile;

// Only one engine (a GUI or a `keepsake-cli backup`) may run per profile. QLockFile records the
// owner's PID and host, so a lock left by a crashed process is detected as stale and taken over.
class EngineLock
{
public:
    explicit EngineLock(const Profile& profile);
    ~EngineLock();

    // Tries to take the lock without waiting. On failure, *error says who holds it.
    bool tryLock(Error* error);
    bool isLocked() const;
    void unlock();

    // Whether some live process holds the lock of this profile right now.
    static bool isHeld(const Profile& profile, qint64* pid = nullptr);

private:
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace ks
