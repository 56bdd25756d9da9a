#pragma once

#include <QList>
#include <QString>
#include <atomic>

namespace ks {

struct WalkedFile
{
    QString relPath; // relative to the source root, '/'-separated
    qint64 size = 0;
    qint64 mtimeMs = 0;
    qint64 fileId = 0;  // inode on Unix, 0 where unknown
    qint64 ctimeNs = 0; // the inode's change time: moved by any write, even one whose
                        // modification time was put back afterwards; 0 where unknown
};

struct WalkProblem
{
    QString relPath;
    QString reason;
};

struct WalkResult
{
    QList<WalkedFile> files;
    QList<WalkProblem> problems;
    bool rootMissing = false;
};

// Lists the regular files under root recursively, without reading them. Follows symbolic links
// to folders once (a loop is reported, not followed), skips hidden folders' internals of the OS
// (".Trash-*"), and records unreadable folders, names that are not valid UTF-8, paths too long
// to open, and FIFOs, devices and sockets (skipped, never opened) as problems instead of stopping. Uses readdir/fstatat on Unix: it must be about as fast
// as `find`, because an unchanged rescan is only this walk.
WalkResult walkTree(const QString& root, const std::atomic_bool& cancel);

} // namespace ks
