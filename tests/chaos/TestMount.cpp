#include "TestMount.h"

#include <QProcess>

namespace ks::test {

TestMount::~TestMount()
{
    if (m_mounted)
        QProcess::execute(QStringLiteral("umount"), {QStringLiteral("-l"), m_dir});
}

bool TestMount::run(const QStringList& args, QString* error)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(args.first(), args.mid(1));
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        if (error)
            *error = QStringLiteral("`%1` failed (the storage chaos tests need root and mount): %2")
                         .arg(args.join(QLatin1Char(' ')),
                              QString::fromLocal8Bit(p.readAll()).trimmed());
        return false;
    }
    return true;
}

bool TestMount::mountTmpfs(const QString& dir, const QString& size, QString* error)
{
    m_dir = dir;
    m_bindSource.clear();
    m_mounted =
        run({QStringLiteral("mount"), QStringLiteral("-t"), QStringLiteral("tmpfs"),
             QStringLiteral("-o"), QStringLiteral("size=") + size, QStringLiteral("tmpfs"), dir},
            error);
    return m_mounted;
}

bool TestMount::mountBind(const QString& source, const QString& dir, QString* error)
{
    m_dir = dir;
    m_bindSource = source;
    m_mounted = run({QStringLiteral("mount"), QStringLiteral("--bind"), source, dir}, error);
    return m_mounted;
}

bool TestMount::remount(const QString& options, QString* error)
{
    // A bind mount changes its own flags with "bind"; the file system below stays as it is.
    const QString opts =
        (m_bindSource.isEmpty() ? QStringLiteral("remount,") : QStringLiteral("remount,bind,")) +
        options;
    return run({QStringLiteral("mount"), QStringLiteral("-o"), opts, m_dir}, error);
}

bool TestMount::unmount(QString* error)
{
    if (!m_mounted)
        return true;
    if (!run({QStringLiteral("umount"), QStringLiteral("-l"), m_dir}, error))
        return false;
    m_mounted = false;
    return true;
}

bool TestMount::mountAgain(QString* error)
{
    if (m_mounted)
        return true;
    if (m_bindSource.isEmpty()) {
        if (error)
            *error = QStringLiteral("only a bind mount can be mounted again with its files");
        return false;
    }
    return mountBind(m_bindSource, m_dir, error);
}

} // namespace ks::test
