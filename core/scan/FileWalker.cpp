#include "FileWalker.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QUtf8StringView>
#include <algorithm>

#ifdef Q_OS_UNIX
#include "common/StatTimes.h"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace ks {

#ifdef Q_OS_UNIX
namespace {

struct DirKey
{
    dev_t dev;
    ino_t ino;
    bool operator==(const DirKey& o) const { return dev == o.dev && ino == o.ino; }
};
size_t qHash(const DirKey& k, size_t seed = 0)
{
    return ::qHash(quint64(k.ino), seed) ^ ::qHash(quint64(k.dev));
}

QString notRegularReason(mode_t mode)
{
    const char* what = S_ISFIFO(mode)   ? "a named pipe (FIFO)"
                       : S_ISCHR(mode)  ? "a character device"
                       : S_ISBLK(mode)  ? "a block device"
                       : S_ISSOCK(mode) ? "a socket"
                                        : "not a regular file";
    return QStringLiteral("skipped: %1, not a photo or video file").arg(QLatin1String(what));
}

// A folder's entry, sorted so that the files come out in the order of their paths' UTF-8
// bytes: a folder sorts as its name followed by '/', which is what every path below it starts
// with (a name never contains '/').
struct Entry
{
    QByteArray key;
    QString rel;
    bool folder = false;
    WalkedFile file;
};

class Walker
{
public:
    Walker(const std::atomic_bool& cancel, qsizetype chunkFiles,
           const std::function<bool(WalkChunk&&)>& sink)
        : m_cancel(cancel), m_chunkFiles(chunkFiles), m_sink(sink)
    {
    }

    void walk(int dirFd, const QString& rel)
    {
        struct stat st;
        if (fstat(dirFd, &st) == 0) {
            const DirKey key{st.st_dev, st.st_ino};
            if (m_visited.contains(key)) {
                problem(rel, QStringLiteral("folder loop through a symbolic link; "
                                            "its contents are scanned once"));
                ::close(dirFd);
                return;
            }
            m_visited.insert(key);
        }
        DIR* dir = fdopendir(dirFd);
        if (!dir) {
            ::close(dirFd);
            return;
        }
        QList<Entry> entries; // this folder's only: the walk holds one list per level
        while (dirent* e = readdir(dir)) {
            if (stopped())
                break;
            const char* name = e->d_name;
            if (!strcmp(name, ".") || !strcmp(name, ".."))
                continue;
            const QByteArray nameBytes(name);
            const QString nameStr = QString::fromUtf8(nameBytes);
            const QString childRel = rel.isEmpty() ? nameStr : rel + QLatin1Char('/') + nameStr;
            // File names are bytes; Keepsake's catalog and the servers speak UTF-8.
            if (!QUtf8StringView(nameBytes).isValidUtf8()) {
                problem(childRel, QStringLiteral("the name is not valid UTF-8; "
                                                 "rename it to back it up"));
                continue;
            }
            struct stat cst;
            if (fstatat(dirfd(dir), name, &cst, 0) != 0) {
                const int err = errno;
                if (err == ENAMETOOLONG)
                    problem(childRel, QStringLiteral("the path is too long"));
                else if (err == ELOOP)
                    problem(childRel, QStringLiteral("symbolic link loop"));
                else if (err == ENOENT)
                    problem(childRel, QStringLiteral("broken symbolic link"));
                else
                    problem(childRel, QString::fromLocal8Bit(strerror(err)));
                continue;
            }
            if (S_ISDIR(cst.st_mode)) {
                if (nameBytes.startsWith(".Trash") || nameBytes == ".keepsake")
                    continue;
                entries.append({nameBytes + '/', childRel, true, {}});
            } else if (S_ISREG(cst.st_mode)) {
                entries.append({nameBytes,
                                QString(),
                                false,
                                {childRel, qint64(cst.st_size), modificationMs(cst),
                                 qint64(cst.st_ino), changeNs(cst)}});
            } else {
                // Never opened: reading a FIFO would wait for a writer for ever, a device
                // could be endless. Said once per scan, so the user knows why it is not there.
                problem(childRel, notRegularReason(cst.st_mode));
            }
        }
        std::sort(entries.begin(), entries.end(),
                  [](const Entry& a, const Entry& b) { return a.key < b.key; });
        // The folder is done with its last file, before the subfolders sorted after it: a scan
        // can read a folder's files without waiting for its subfolders (groups never span
        // folders), as it did when the walk listed a folder's files before its subfolders.
        qsizetype lastFile = -1;
        for (qsizetype i = 0; i < entries.size(); ++i)
            lastFile = entries.at(i).folder ? lastFile : i;
        if (lastFile < 0)
            m_chunk.foldersDone.append(rel);
        const int parentFd = dirfd(dir);
        for (qsizetype i = 0; i < entries.size(); ++i) {
            Entry& entry = entries[i];
            if (stopped())
                break;
            if (!entry.folder) {
                m_chunk.files.append(std::move(entry.file));
                if (i == lastFile)
                    m_chunk.foldersDone.append(rel);
                if (m_chunk.files.size() >= m_chunkFiles)
                    flush();
                continue;
            }
            entry.key.chop(1);
            const int fd =
                openat(parentFd, entry.key.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd < 0) {
                const int err = errno;
                problem(entry.rel, err == EACCES ? QStringLiteral("permission denied: the folder "
                                                                  "cannot be read")
                                                 : QString::fromLocal8Bit(strerror(err)));
                continue;
            }
            walk(fd, entry.rel);
        }
        closedir(dir);
    }

    void problem(const QString& rel, const QString& reason)
    {
        m_chunk.problems.append({rel, reason});
    }

    void flush()
    {
        if (!m_stopped && !m_sink(std::move(m_chunk)))
            m_stopped = true;
        m_chunk = WalkChunk();
    }

private:
    bool stopped() const { return m_stopped || m_cancel.load(std::memory_order_relaxed); }

    const std::atomic_bool& m_cancel;
    const qsizetype m_chunkFiles;
    const std::function<bool(WalkChunk&&)>& m_sink;
    WalkChunk m_chunk;
    bool m_stopped = false;
    QSet<DirKey> m_visited;
};

} // namespace

bool walkTreeInOrder(const QString& root, const std::atomic_bool& cancel, qsizetype chunkFiles,
                     const std::function<bool(WalkChunk&&)>& sink)
{
    const int fd = ::open(QFile::encodeName(root).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        const bool rootMissing = errno == ENOENT || errno == ENOTDIR;
        WalkChunk chunk;
        chunk.problems.append({QString(), rootMissing
                                              ? QStringLiteral("the folder does not exist (not "
                                                               "mounted?)")
                                              : QStringLiteral("the folder cannot be read: %1")
                                                    .arg(QString::fromLocal8Bit(strerror(errno)))});
        sink(std::move(chunk));
        return rootMissing;
    }
    Walker walker(cancel, chunkFiles, sink);
    walker.walk(fd, QString());
    walker.flush();
    return false;
}

#else

bool walkTreeInOrder(const QString& root, const std::atomic_bool& cancel, qsizetype,
                     const std::function<bool(WalkChunk&&)>& sink)
{
    WalkChunk chunk;
    QDir rootDir(root);
    if (!rootDir.exists()) {
        chunk.problems.append({QString(), QStringLiteral("the folder does not exist")});
        sink(std::move(chunk));
        return true;
    }
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    QSet<QString> folders{QString()};
    while (it.hasNext() && !cancel.load()) {
        it.next();
        const QFileInfo fi = it.fileInfo();
        const QString rel = rootDir.relativeFilePath(fi.filePath());
        chunk.files.append({rel, fi.size(), fi.lastModified().toMSecsSinceEpoch(), 0});
        folders.insert(rel.section(QLatin1Char('/'), 0, -2));
    }
    std::sort(chunk.files.begin(), chunk.files.end(), [](const WalkedFile& a, const WalkedFile& b) {
        return a.relPath.toUtf8() < b.relPath.toUtf8();
    });
    chunk.foldersDone = QStringList(folders.begin(), folders.end());
    sink(std::move(chunk));
    return false;
}

#endif

WalkResult walkTree(const QString& root, const std::atomic_bool& cancel)
{
    WalkResult out;
    out.rootMissing = walkTreeInOrder(root, cancel, 4096, [&out](WalkChunk&& chunk) {
        out.files += chunk.files;
        out.problems += chunk.problems;
        return true;
    });
    return out;
}

} // namespace ks
