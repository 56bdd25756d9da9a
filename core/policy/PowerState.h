#pragma once

#include <QObject>

namespace ks {

struct PowerState
{
    bool known = false; // false: no power service answered; never blocks
    bool onBattery = false;
    int batteryPercent = -1;
    bool operator==(const PowerState& o) const
    {
        return known == o.known && onBattery == o.onBattery && batteryPercent == o.batteryPercent;
    }
};

class PowerStateSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual PowerState state() const = 0;
Q_SIGNALS:
    void changed();
};

} // namespace ks
