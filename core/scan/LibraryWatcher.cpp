#include "LibraryWatcher.h"

#include <QDirIterator>

namespace ks {

LibraryWatcher::LibraryWatcher(QObject* parent, int debounceMs) : QObject(parent)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(debounceMs);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this,
            &LibraryWatcher::onDirectoryChanged);
    connect(&m_debounce, &QTimer::timeout, this, [this] {
        const QStringList folders(m_pending.begin(), m_pending.end());
        m_pending.clear();
        Q_EMIT changed(folders);
    });
}

void LibraryWatcher::watch(const QStringList& roots)
{
    if (!m_watcher.directories().isEmpty())
        m_watcher.removePaths(m_watcher.directories());
    for (const QString& root : roots)
        addTree(root);
}

void LibraryWatcher::addTree(const QString& root)
{
    QStringList dirs{root};
    QDirIterator it(root, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        dirs.append(it.next());
    m_watcher.addPaths(dirs);
}

void LibraryWatcher::onDirectoryChanged(const QString& path)
{
    m_pending.insert(path);
    // New subfolders are watched too, so that files dropped into them are noticed.
    QDirIterator it(path, QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
    const QStringList watched = m_watcher.directories();
    while (it.hasNext()) {
        const QString dir = it.next();
        if (!watched.contains(dir))
            addTree(dir);
    }
    m_debounce.start();
}

} // namespace ks
