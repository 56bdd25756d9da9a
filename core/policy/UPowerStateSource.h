#pragma once

#include "PowerState.h"

namespace ks {

// Power as UPower reports it over the system D-Bus (OnBattery, and the display device's
// Percentage). Without UPower (servers, containers) the state is "unknown" and never blocks.
class UPowerStateSource : public PowerStateSource
{
    Q_OBJECT
public:
    explicit UPowerStateSource(QObject* parent = nullptr);
    PowerState state() const override { return m_state; }

private Q_SLOTS:
    void refresh();

private:
    PowerState m_state;
};

} // namespace ks
