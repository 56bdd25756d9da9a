#pragma once

#include <QString>
#include <QStringList>

namespace ks::test {

// A real mount made for one test (the tests run as root) and always undone: the destructor
// lazily unmounts whatever is still mounted, so a failed test never leaves a mount behind.
// tmpfs gives a small disk that fills up; a bind mount of a folder gives a "disk" that can be
// unmounted and mounted again with its files (a tmpfs would lose them).
class TestMount
{
public:
    TestMount() = default;
    ~TestMount();
    TestMount(const TestMount&) = delete;
    TestMount& operator=(const TestMount&) = delete;

    // A tmpfs of `size` (mount's syntax: "2m", "512k") on the existing folder `dir`.
    bool mountTmpfs(const QString& dir, const QString& size, QString* error);
    // The folder `source` bind-mounted on `dir`.
    bool mountBind(const QString& source, const QString& dir, QString* error);
    // remount with options: "ro", "rw", "size=16m".
    bool remount(const QString& options, QString* error);
    // Unmounts (lazily: open files stay usable, the path shows the empty folder below at once,
    // as when a disk is pulled while a program still reads it).
    bool unmount(QString* error);
    // Mounts again what unmount() took away (bind mounts only: a tmpfs would come back empty).
    bool mountAgain(QString* error);
    bool isMounted() const { return m_mounted; }
    QString dir() const { return m_dir; }

private:
    bool run(const QStringList& args, QString* error);

    QString m_dir;
    QString m_bindSource;
    bool m_mounted = false;
};

} // namespace ks::test
