#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace ks {

// Notices new, changed and removed files in the source folders while the app runs: a
// QFileSystemWatcher on every folder (inotify on Linux), debounced so that a camera import of
// 500 files becomes one rescan of the folders that changed.
class LibraryWatcher : public QObject
{
    Q_OBJECT
public:
    explicit LibraryWatcher(QObject* parent = nullptr, int debounceMs = 3000);

    // Watches these roots and every folder below them (replacing what was watched).
    void watch(const QStringList& roots);
    QStringList watchedDirectories() const { return m_watcher.directories(); }

Q_SIGNALS:
    // Folders whose contents changed, after the quiet period.
    void changed(const QStringList& folders);

private:
    void onDirectoryChanged(const QString& path);
    void addTree(const QString& root);

    QFileSystemWatcher m_watcher;
    QTimer m_debounce;
    QSet<QString> m_pending;
};

} // namespace ks
