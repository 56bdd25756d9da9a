#include "Profile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

namespace ks {

Profile Profile::open(const QString& explicitDir, Error* error)
{
    QString dir = explicitDir;
    if (dir.isEmpty())
        dir = qEnvironmentVariable("KEEPSAKE_PROFILE");
    if (dir.isEmpty())
        dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty()) {
        if (error)
            *error = Error::permanent(QStringLiteral("No profile directory could be determined; "
                                                     "pass --profile DIR"));
        return {};
    }
    dir = QDir(dir).absolutePath();
    QDir d(dir);
    const bool existed = d.exists();
    if (!existed && !d.mkpath(QStringLiteral("."))) {
        if (error)
            *error =
                Error::permanent(QStringLiteral("Cannot create the profile directory %1").arg(dir));
        return {};
    }
    // Private whatever the umask: the catalog names every photo and where it is kept.
    const QFileDevice::Permissions ownerOnly =
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;
    if (!existed || (QFile::permissions(dir) &
                     ~(ownerOnly | QFile::ReadUser | QFile::WriteUser | QFile::ExeUser)) != 0)
        QFile::setPermissions(dir, ownerOnly);
    QFileInfo info(dir);
    if (!info.isDir() || !info.isWritable()) {
        if (error)
            *error = Error::permanent(
                QStringLiteral("The profile directory %1 is not a writable directory").arg(dir));
        return {};
    }
    d.mkpath(QStringLiteral("tmp"));
    QFile::setPermissions(dir + QStringLiteral("/tmp"), ownerOnly);
    Profile p;
    p.m_dir = dir;
    return p;
}

QString Profile::catalogPath() const
{
    return m_dir + QStringLiteral("/catalog.sqlite");
}

QString Profile::lockPath() const
{
    return m_dir + QStringLiteral("/engine.lock");
}

QString Profile::controlSocketName() const
{
    const QByteArray h =
        QCryptographicHash::hash(m_dir.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    return QStringLiteral("keepsake-") + QString::fromLatin1(h);
}

QString Profile::tempDir() const
{
    return m_dir + QStringLiteral("/tmp");
}

} // namespace ks
