#include "SleepInhibitor.h"

#include <QDBusConnection>
#include <QDBusInterface>
#include <QDBusReply>
#include <QDBusUnixFileDescriptor>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace ks {

SleepInhibitor::~SleepInhibitor()
{
    setActive(false);
}

void SleepInhibitor::setActive(bool busy)
{
#ifdef Q_OS_UNIX
    if (!busy) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
        return;
    }
    if (m_fd >= 0)
        return;
    QDBusConnection bus = QDBusConnection::systemBus();
    if (!bus.isConnected()) {
        m_lastError = QStringLiteral("no system bus");
        return;
    }
    QDBusInterface logind(QStringLiteral("org.freedesktop.login1"),
                          QStringLiteral("/org/freedesktop/login1"),
                          QStringLiteral("org.freedesktop.login1.Manager"), bus);
    logind.setTimeout(2000);
    QDBusReply<QDBusUnixFileDescriptor> reply = logind.call(
        QStringLiteral("Inhibit"), QStringLiteral("sleep:idle"), QStringLiteral("Keepsake"),
        QStringLiteral("Backing up photos"), QStringLiteral("block"));
    if (!reply.isValid()) {
        m_lastError = reply.error().message();
        return;
    }
    m_fd = ::dup(reply.value().fileDescriptor());
#else
    Q_UNUSED(busy);
#endif
}

} // namespace ks
