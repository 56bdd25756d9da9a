#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>

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

// A part of a walk, as it is delivered while the walk goes on. files are in the catalog's order
// (see walkTreeInOrder); foldersDone are folders all of whose files were delivered, in this
// chunk or before ("" is the root).
struct WalkChunk
{
    QList<WalkedFile> files;
    QList<WalkProblem> problems;
    QStringList foldersDone;
};

// Lists the regular files under root recursively, without reading them. Follows symbolic links
// to folders once (a loop is reported, not followed), skips hidden folders' internals of the OS
// (".Trash-*"), and records unreadable folders, names that are not valid UTF-8, paths too long
// to open, and FIFOs, devices and sockets (skipped, never opened) as problems instead of stopping.
// Uses readdir/fstatat on Unix: it must be about as fast as `find`, because an unchanged rescan is
// only this walk.
WalkResult walkTree(const QString& root, const std::atomic_bool& cancel);

// The same walk, delivered in chunks of about chunkFiles files as it goes, so that no list of
// every file is ever held. Files come in the order of their relative paths' UTF-8 bytes (the
// order of SQLite's BINARY collation, so a scan can compare them with the catalog's rows read in
// rel_path order). sink returns false to stop the walk. Returns whether the root is missing
// (its reason is then the only problem delivered).
bool walkTreeInOrder(const QString& root, const std::atomic_bool& cancel, qsizetype chunkFiles,
                     const std::function<bool(WalkChunk&&)>& sink);

} // namespace ks
