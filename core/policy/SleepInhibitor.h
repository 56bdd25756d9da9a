#pragma once

#include <QString>

namespace ks {

// Keeps the machine awake while transfers run: a logind "sleep:idle" inhibitor lock, held as a
// file descriptor and released when the engine goes idle. Without logind it does nothing.
class SleepInhibitor
{
public:
    SleepInhibitor() = default;
    ~SleepInhibitor();
    SleepInhibitor(const SleepInhibitor&) = delete;
    SleepInhibitor& operator=(const SleepInhibitor&) = delete;

    void setActive(bool busy);
    bool isHeld() const { return m_fd >= 0; }
    QString lastError() const { return m_lastError; }

private:
    int m_fd = -1;
    QString m_lastError;
};

} // namespace ks
