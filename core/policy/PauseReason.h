#pragma once

#include <QList>
#include <QString>

namespace ks {

// Why work is not running now. `code` is stable (scripts and the UI's icons key on it);
// `message` is what a person reads: "paused: on battery at 18%".
struct PauseReason
{
    QString code; // "offline", "metered", "captive-portal", "on-battery", "battery-low",
                  // "schedule", "user"
    QString message;
    bool operator==(const PauseReason& o) const { return code == o.code && message == o.message; }
};

} // namespace ks
