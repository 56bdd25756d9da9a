#pragma once

#include "NetworkState.h"
#include "PauseReason.h"
#include "PolicySettings.h"
#include "PowerState.h"
#include "common/Clock.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

namespace ks {

// Answers "may transfers run now, and if not, why" from the network, power and schedule, with
// the user's settings and consents. Unknown states never block: a machine without
// NetworkManager or UPower backs up rather than waiting forever. Lives on the engine thread.
class PolicyGate : public QObject
{
    Q_OBJECT
public:
    PolicyGate(NetworkStateSource* network, PowerStateSource* power, Clock& clock = systemClock(),
               QObject* parent = nullptr);

    void setSettings(const PolicySettings& settings);
    // Attaches the network source later (the engine opens the real one only when a job would
    // run: it loads Qt's network-information plugins). Emits nothing: the caller re-evaluates.
    void setNetwork(NetworkStateSource* network);
    void setPower(PowerStateSource* power);
    const PolicySettings& settings() const { return m_settings; }

    // Empty: may run now. needsNetwork is false for a local folder (network rules don't apply).
    QList<PauseReason> blockers(bool needsNetwork) const;
    // Milliseconds until the schedule window opens; 0 without a window or when it is open.
    qint64 msUntilWindowOpens() const;
    // The wall clock jumped: the timer set for the window's next edge was timed by the old
    // reading, so it is set again and everyone re-evaluates the window now.
    void clockJumped();

Q_SIGNALS:
    void changed();

private:
    bool hasWindow() const; // a schedule window is set
    bool insideWindow(const QTime& t) const;
    void armWindowTimer();

    QPointer<NetworkStateSource> m_network;
    QPointer<PowerStateSource> m_power;
    Clock& m_clock;
    PolicySettings m_settings;
    QTimer m_windowTimer;
};

} // namespace ks
