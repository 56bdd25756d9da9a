#include "UPowerStateSource.h"

#include <QDBusConnection>
#include <QDBusInterface>
#include <QDBusReply>
#include <QDBusVariant>

namespace ks {

namespace {
const QString kService = QStringLiteral("org.freedesktop.UPower");
const QString kPath = QStringLiteral("/org/freedesktop/UPower");
const QString kDisplayDevice = QStringLiteral("/org/freedesktop/UPower/devices/DisplayDevice");
const QString kProps = QStringLiteral("org.freedesktop.DBus.Properties");

QVariant dbusProperty(const QString& path, const QString& iface, const QString& name)
{
    QDBusInterface props(kService, path, kProps, QDBusConnection::systemBus());
    props.setTimeout(1000);
    QDBusReply<QDBusVariant> reply = props.call(QStringLiteral("Get"), iface, name);
    return reply.isValid() ? reply.value().variant() : QVariant();
}
} // namespace

UPowerStateSource::UPowerStateSource(QObject* parent) : PowerStateSource(parent)
{
    QDBusConnection bus = QDBusConnection::systemBus();
    if (!bus.isConnected())
        return;
    bus.connect(kService, kPath, kProps, QStringLiteral("PropertiesChanged"), this,
                SLOT(refresh()));
    bus.connect(kService, kDisplayDevice, kProps, QStringLiteral("PropertiesChanged"), this,
                SLOT(refresh()));
    refresh();
}

void UPowerStateSource::refresh()
{
    PowerState s;
    const QVariant onBattery =
        dbusProperty(kPath, QStringLiteral("org.freedesktop.UPower"), QStringLiteral("OnBattery"));
    if (onBattery.isValid()) {
        s.known = true;
        s.onBattery = onBattery.toBool();
        const QVariant pct =
            dbusProperty(kDisplayDevice, QStringLiteral("org.freedesktop.UPower.Device"),
                         QStringLiteral("Percentage"));
        if (pct.isValid())
            s.batteryPercent = int(pct.toDouble());
    }
    if (!(s == m_state)) {
        m_state = s;
        Q_EMIT changed();
    }
}

} // namespace ks
