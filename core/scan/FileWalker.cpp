#include "FileWalker.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QUtf8StringView>

#ifdef Q_OS_UNIX
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

class Walker
{
public:
    Walker(WalkResult& out, const std::atomic_bool& cancel) : m_out(out), m_cancel(cancel) {}

    void walk(int dirFd, const QString& rel)
    {
        struct stat st;
        if (fstat(dirFd, &st) == 0) {
            const DirKey key{st.st_dev, st.st_ino};
            if (m_visited.contains(key)) {
                m_out.problems.append({rel, QStringLiteral("folder loop through a symbolic link; "
                                                           "its contents are scanned once")});
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
        QList<std::pair<QByteArray, QString>> subdirs;
        while (dirent* e = readdir(dir)) {
            if (m_cancel.load(std::memory_order_relaxed))
                break;
            const char* name = e->d_name;
            if (!strcmp(name, ".") || !strcmp(name, ".."))
                continue;
            const QByteArray nameBytes(name);
            const QString nameStr = QString::fromUtf8(nameBytes);
            const QString childRel = rel.isEmpty() ? nameStr : rel + QLatin1Char('/') + nameStr;
            // File names are bytes; Keepsake's catalog and the servers speak UTF-8.
            if (!QUtf8StringView(nameBytes).isValidUtf8()) {
                m_out.problems.append({childRel, QStringLiteral("the name is not valid UTF-8; "
                                                                "rename it to back it up")});
                continue;
            }
            struct stat cst;
            if (fstatat(dirfd(dir), name, &cst, 0) != 0) {
                const int err = errno;
                if (err == ENAMETOOLONG)
                    m_out.problems.append({childRel, QStringLiteral("the path is too long")});
                else if (err == ELOOP)
                    m_out.problems.append({childRel, QStringLiteral("symbolic link loop")});
                else if (err == ENOENT)
                    m_out.problems.append({childRel, QStringLiteral("broken symbolic link")});
                else
                    m_out.problems.append({childRel, QString::fromLocal8Bit(strerror(err))});
                continue;
            }
            if (S_ISDIR(cst.st_mode)) {
                if (nameBytes.startsWith(".Trash") || nameBytes == ".keepsake")
                    continue;
                subdirs.append({nameBytes, childRel});
            } else if (S_ISREG(cst.st_mode)) {
                m_out.files.append(
                    {childRel, qint64(cst.st_size),
                     qint64(cst.st_mtim.tv_sec) * 1000 + cst.st_mtim.tv_nsec / 1000000,
                     qint64(cst.st_ino),
                     qint64(cst.st_ctim.tv_sec) * 1'000'000'000 + cst.st_ctim.tv_nsec});
            } else {
                // Never opened: reading a FIFO would wait for a writer for ever, a device
                // could be endless. Said once per scan, so the user knows why it is not there.
                m_out.problems.append({childRel, notRegularReason(cst.st_mode)});
            }
        }
        const int parentFd = dirfd(dir);
        for (const auto& [nameBytes, childRel] : subdirs) {
            if (m_cancel.load(std::memory_order_relaxed))
                break;
            const int fd =
                openat(parentFd, nameBytes.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd < 0) {
                const int err = errno;
                m_out.problems.append(
                    {childRel, err == EACCES ? QStringLiteral("permission denied: the folder "
                                                              "cannot be read")
                                             : QString::fromLocal8Bit(strerror(err))});
                continue;
            }
            walk(fd, childRel);
        }
        closedir(dir);
    }

private:
    WalkResult& m_out;
    const std::atomic_bool& m_cancel;
    QSet<DirKey> m_visited;
};

} // namespace

WalkResult walkTree(const QString& root, const std::atomic_bool& cancel)
{
    WalkResult out;
    const int fd = ::open(QFile::encodeName(root).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        out.rootMissing = errno == ENOENT || errno == ENOTDIR;
        out.problems.append({QString(), out.rootMissing
                                            ? QStringLiteral("the folder does not exist (not "
                                                             "mounted?)")
                                            : QStringLiteral("the folder cannot be read: %1")
                                                  .arg(QString::fromLocal8Bit(strerror(errno)))});
        return out;
    }
    Walker(out, cancel).walk(fd, QString());
    return out;
}

#else

WalkResult walkTree(const QString& root, const std::atomic_bool& cancel)
{
    WalkResult out;
    QDir rootDir(root);
    if (!rootDir.exists()) {
        out.rootMissing = true;
        out.problems.append({QString(), QStringLiteral("the folder does not exist")});
        return out;
    }
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext() && !cancel.load()) {
        it.next();
        const QFileInfo fi = it.fileInfo();
        out.files.append({rootDir.relativeFilePath(fi.filePath()), fi.size(),
                          fi.lastModified().toMSecsSinceEpoch(), 0});
    }
    return out;
}

#endif

} // namespace ks
