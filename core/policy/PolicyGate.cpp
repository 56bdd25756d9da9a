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

namespace {
// The first moment after `now` at which the local clock shows `edge`: today or tomorrow. On the
// day the clocks go forward a time in the skipped hour is never shown, and QDateTime is invalid
// for it; an invalid edge compared as passed, so a window opening at 02:30 waited for the next
// day's: a day without backups. The edge is then the moment the clocks jump.
QDateTime nextShown(const QDateTime& now, const QTime& edge)
{
    for (int day = 0; day < 3; ++day) {
        const QDate date = now.date().addDays(day);
        QDateTime t(date, edge);
        for (int minutes = 1; !t.isValid() && minutes < 24 * 60; ++minutes) {
            const QTime later = edge.addSecs(minutes * 60);
            if (later < edge)
                break; // a gap across midnight: the next day's look finds it
            t = QDateTime(date, later);
        }
        if (t.isValid() && t > now)
            return t;
    }
    return now.addDays(1);
}
} // namespace

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
    return now.msecsTo(nextShown(now, m_settings.windowStart));
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
    for (const QTime& edge : {a, b})
        next = std::min(next, now.msecsTo(nextShown(now, edge)));
    m_windowTimer.start(int(std::min<qint64>(next + 50, 24 * 3600 * 1000)));
}

} // namespace ks
