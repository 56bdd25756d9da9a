#pragma once

#include <QTime>

class QSqlDatabase;

namespace ks {

struct PolicySettings
{
    bool meteredConsent = false; // the user's "metered-network" consent
    bool allowOnBattery = true;
    int minBatteryPercent = 20;      // below this, always paused
    QTime windowStart, windowEnd;    // both valid: only run inside this daily window
    qint64 bandwidthBytesPerSec = 0; // 0: unlimited

    // Reads the settings and the metered consent from the catalog.
    static PolicySettings load(QSqlDatabase& db);
};

} // namespace ks
