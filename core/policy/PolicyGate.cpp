#include "PolicyGate.h"

#include <QDateTime>
#include <limits>

namespace ks {

PolicyGate::PolicyGate(NetworkStateSource* network, PowerStateSource* power, Clock& clock,
                       QObject* parent)
    : QObject(parent), m_network(network), m_power(power), m_clock(clock)
{
    if (network)
        connect(network, &NetworkStateSource::changed, this, &PolicyGate::changed);
    if (power)
        connect(power, &PowerStateSource::changed, this, &PolicyGate::changed);
    m_windowTimer.setSingleShot(true);
    connect(&m_windowTimer, &QTimer::timeout, this, [this] {
        Q_EMIT changed();
        armWindowTimer();
    });
}

void PolicyGate::setNetwork(NetworkStateSource* network)
{
    if (m_network)
        disconnect(m_network, nullptr, this, nullptr);
    m_network = network;
    if (network)
        connect(network, &NetworkStateSource::changed, this, &PolicyGate::changed);
}

void PolicyGate::setPower(PowerStateSource* power)
{
    if (m_power)
        disconnect(m_power, nullptr, this, nullptr);
    m_power = power;
    if (power)
        connect(power, &PowerStateSource::changed, this, &PolicyGate::changed);
}

void PolicyGate::setSettings(const PolicySettings& settings)
{
    m_settings = settings;
    armWindowTimer();
    Q_EMIT changed();
}

bool PolicyGate::hasWindow() const
{
    const QTime& a = m_settings.windowStart;
    const QTime& b = m_settings.windowEnd;
    return a.isValid() && b.isValid() && a != b;
}

bool PolicyGate::insideWindow(const QTime& t) const
{
    const QTime& a = m_settings.windowStart;
    const QTime& b = m_settings.windowEnd;
    if (!hasWindow())
        return true;
    return a < b ? (t >= a && t < b) : (t >= a || t < b); // a window may cross midnight
}

// The messages speak the installed translation (context "ks::PolicyGate"); the codes never change.
QList<PauseReason> PolicyGate::blockers(bool needsNetwork) const
{
    QList<PauseReason> out;
    if (needsNetwork && m_network) {
        const NetworkState n = m_network->state();
        if (n.reachability == NetworkState::Reachability::Offline)
            out.append({QStringLiteral("offline"), tr("paused: offline")});
        else if (n.captivePortal)
            out.append({QStringLiteral("captive-portal"),
                        tr("paused: the network needs a sign-in (captive portal)")});
        else if (n.metered && !m_settings.meteredConsent)
            out.append({QStringLiteral("metered"), tr("paused: metered network (no consent)")});
    }
    if (m_power) {
        const PowerState p = m_power->state();
        if (p.known && p.onBattery) {
            if (p.batteryPercent >= 0 && p.batteryPercent < m_settings.minBatteryPercent)
                out.append({QStringLiteral("battery-low"),
                            tr("paused: battery low at %1%").arg(p.batteryPercent)});
            else if (!m_settings.allowOnBattery)
                out.append({QStringLiteral("on-battery"),
                            p.batteryPercent >= 0
                                ? tr("paused: on battery at %1%").arg(p.batteryPercent)
                                : tr("paused: on battery")});
        }
    }
    if (hasWindow() && !insideWindow(QDateTime::fromMSecsSinceEpoch(m_clock.nowMs()).time()))
        out.append({QStringLiteral("schedule"),
                    tr("paused: outside the backup window %1–%2")
                        .arg(m_settings.windowStart.toString(QStringLiteral("HH:mm")),
                             m_settings.windowEnd.toString(QStringLiteral("HH:mm")))});
    return out;
}

qint64 PolicyGate::msUntilWindowOpens() const
{
    // Asked at every schedule: without a window, no local time (glibc looks at /etc/localtime
    // for each conversion).
    if (!hasWindow())
        return 0;
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(m_clock.nowMs());
    if (insideWindow(now.time()))
        return 0;
    QDateTime open(now.date(), m_settings.windowStart);
    if (open <= now)
        open = open.addDays(1);
    return now.msecsTo(open);
}

void PolicyGate::clockJumped()
{
    armWindowTimer();
    Q_EMIT changed();
}

void PolicyGate::armWindowTimer()
{
    m_windowTimer.stop();
    const QTime& a = m_settings.windowStart;
    const QTime& b = m_settings.windowEnd;
    if (!hasWindow())
        return;
    // Wake at the next edge of the window, whichever comes first.
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(m_clock.nowMs());
    qint64 next = std::numeric_limits<qint64>::max();
    for (const QTime& edge : {a, b}) {
        QDateTime t(now.date(), edge);
        if (t <= now)
            t = t.addDays(1);
        next = std::min(next, now.msecsTo(t));
    }
    m_windowTimer.start(int(std::min<qint64>(next + 50, 24 * 3600 * 1000)));
}

} // namespace ks
