#include "Autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

namespace ks::autostart {

QString entryPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::ConfigLocation) +
           QStringLiteral("/autostart/keepsake.desktop");
}

bool enable(const QString& executable, QString* error)
{
    QDir().mkpath(QFileInfo(entryPath()).absolutePath());
    QFile f(entryPath());
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = f.errorString();
        return false;
    }
    f.write("[Desktop Entry]\nType=Application\nName=Keepsake\nComment=Photo backup\n"
            "Icon=keepsake\nExec=\"" +
            executable.toUtf8() + "\" --background\nX-GNOME-Autostart-enabled=true\n");
    return true;
}

bool disable()
{
    return !QFile::exists(entryPath()) || QFile::remove(entryPath());
}

bool isEnabled()
{
    return QFile::exists(entryPath());
}

} // namespace ks::autostart
