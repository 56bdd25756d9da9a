#include "LocalDestination.h"

#include "common/ThreadPriority.h"
#include "common/WorkPool.h"
#include "policy/BandwidthLimiter.h"
#include "scan/FileHasher.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPointer>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>
#include <atomic>
#include <memory>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#endif

namespace ks {

namespace {

// Runs `work` on the pool; the reply finishes on its own thread with the result.
class LocalReply : public DestinationReply
{
public:
    explicit LocalReply(QObject* parent) : DestinationReply(parent) {}

    template <typename Work> void run(Work work)
    {
        auto cancel = m_cancel;
        QPointer<LocalReply> self(this);
        auto progress = [self](qint64 done, qint64 total) {
            QMetaObject::invokeMethod(
                self.data(),
                [self, done, total] {
                    if (self)
                        Q_EMIT self->progress(done, total);
                },
                Qt::QueuedConnection);
        };
        auto* watcher = new QFutureWatcher<DestinationResult>(this);
        connect(watcher, &QFutureWatcher<DestinationResult>::finished, this,
                [this, watcher] { finish(watcher->result()); });
        watcher->setFuture(QtConcurrent::run(workPool(), [work, cancel, progress] {
            lowerCurrentThreadPriority();
            return work(*cancel, progress);
        }));
    }
    void cancel() override { m_cancel->store(true); }

private:
    std::shared_ptr<std::atomic_bool> m_cancel = std::make_shared<std::atomic_bool>(false);
};

using ProgressFn = std::function<void(qint64, qint64)>;

Error ioError(const QString& what, int err)
{
#ifdef Q_OS_UNIX
    const QString reason = QString::fromLocal8Bit(strerror(err));
    switch (err) {
    case ENOSPC:
    case EDQUOT:
        return Error::permanent(QStringLiteral("The destination disk is full (%1)").arg(what));
    case EROFS:
        return Error::permanent(QStringLiteral("The destination is read-only (%1)").arg(what));
    case EACCES:
    case EPERM:
        return Error::permanent(
            QStringLiteral("No permission to write at the destination (%1)").arg(what));
    case EFBIG:
        return Error::permanent(QStringLiteral("The file is too large for the destination's "
                                               "file system (%1)")
                                    .arg(what));
    case ENAMETOOLONG:
        return Error::permanent(
            QStringLiteral("The path is too long for the destination (%1)").arg(what));
    default:
        return Error::transient(QStringLiteral("%1: %2").arg(what, reason));
    }
#else
    Q_UNUSED(err);
    return Error::transient(what);
#endif
}

bool syncFd(int fd)
{
#ifdef Q_OS_UNIX
    return ::fsync(fd) == 0;
#else
    Q_UNUSED(fd);
    return true;
#endif
}

void syncDirectory(const QString& dir)
{
#ifdef Q_OS_UNIX
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    Q_UNUSED(dir);
#endif
}

// Links tmp to final without ever replacing an existing final file.
bool publish(const QString& tmp, const QString& final, int* err)
{
#ifdef Q_OS_UNIX
    if (::link(QFile::encodeName(tmp).constData(), QFile::encodeName(final).constData()) == 0) {
        ::unlink(QFile::encodeName(tmp).constData());
        return true;
    }
    *err = errno;
    if (*err == EPERM || *err == ENOTSUP || *err == EOPNOTSUPP) {
        // File systems without hard links (FAT, some SMB shares): rename, after checking.
        if (QFile::exists(final)) {
            *err = EEXIST;
            return false;
        }
        if (::rename(QFile::encodeName(tmp).constData(), QFile::encodeName(final).constData()) == 0)
            return true;
        *err = errno;
    }
    return false;
#else
    *err = 0;
    return QFile::rename(tmp, final);
#endif
}

bool rootAvailable(const QString& root, Error* error)
{
    if (QFileInfo(root).isDir())
        return true;
    *error = Error::transient(QStringLiteral("The destination folder %1 is not there (is the disk "
                                             "connected and mounted?)")
                                  .arg(root));
    return false;
}

DestinationResult copyAndVerify(const QString& root, const UploadRequest& req,
                                BandwidthLimiter* limiter, const std::atomic_bool& cancel,
                                const ProgressFn& progress)
{
    DestinationResult res;
    res.remotePath = req.remotePath;
    if (!rootAvailable(root, &res.error))
        return res;
    const QString final = root + QLatin1Char('/') + req.remotePath;
    const QString dir = QFileInfo(final).absolutePath();
    if (!QDir().mkpath(dir)) {
        res.error = ioError(QStringLiteral("creating %1").arg(dir), errno);
        return res;
    }
    if (QFileInfo::exists(final)) {
        res.exists = true;
        res.error = Error::permanent(QStringLiteral("A different file already has this name at "
                                                    "the destination"));
        return res;
    }
    QFile in(req.localPath);
    if (!in.open(QIODevice::ReadOnly)) {
        res.error = Error::permanent(
            QStringLiteral("The local file cannot be read: %1").arg(in.errorString()));
        return res;
    }
    const QString tmp = dir + QLatin1Char('/') + LocalDestination::temporaryName(req.jobId);
    QFile out(tmp);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        res.error = ioError(QStringLiteral("creating a file in %1").arg(dir), errno);
        return res;
    }
    auto abandon = [&](const Error& e) {
        out.close();
        QFile::remove(tmp);
        res.error = e;
        return res;
    };
    constexpr qint64 kBlock = 1 << 20;
    QByteArray buffer(kBlock, Qt::Uninitialized);
    Sha256 sent;
    qint64 done = 0;
    for (;;) {
        if (cancel)
            return abandon(Error::cancelled());
        qint64 want = kBlock;
        if (limiter) {
            while ((want = limiter->acquire(kBlock)) == 0 && !cancel)
                QThread::msleep(quint64(std::clamp<qint64>(limiter->msUntilAvailable(), 1, 100)));
        }
        const qint64 n = in.read(buffer.data(), want);
        if (n < 0)
            return abandon(Error::permanent(
                QStringLiteral("Reading the local file failed: %1").arg(in.errorString())));
        if (n == 0)
            break;
        sent.add(buffer.constData(), n);
        if (out.write(buffer.constData(), n) != n)
            return abandon(ioError(QStringLiteral("writing %1").arg(final), errno));
        done += n;
        progress(done, req.size);
    }
    const QByteArray sentHash = sent.result();
    if (done != req.size || (!req.sha256.isEmpty() && sentHash != req.sha256)) {
        res.sourceChanged = true;
        return abandon(Error::transient(QStringLiteral("The file changed while it was being "
                                                       "sent; it will be read again")));
    }
    if (!out.flush() || !syncFd(out.handle()))
        return abandon(ioError(QStringLiteral("writing %1").arg(final), errno));
    out.close();
    if (req.mtimeMs > 0) {
        QFile f(tmp);
        if (f.open(QIODevice::ReadWrite))
            f.setFileTime(QDateTime::fromMSecsSinceEpoch(req.mtimeMs),
                          QFileDevice::FileModificationTime);
    }
    int err = 0;
    if (!publish(tmp, final, &err)) {
        QFile::remove(tmp);
        if (err == EEXIST) {
            res.exists = true;
            res.error = Error::permanent(QStringLiteral("A different file already has this name "
                                                        "at the destination"));
        } else {
            res.error = ioError(QStringLiteral("naming %1").arg(final), err);
        }
        return res;
    }
    syncDirectory(dir);
    // Verify what is on the disk now, not what we meant to write.
    const HashResult check = hashFile(final, &cancel);
    if (check.error || check.sha256 != sentHash) {
        res.error = Error::transient(QStringLiteral("The copy at the destination does not match "
                                                    "what was sent"));
        return res;
    }
    res.exists = true;
    res.size = check.bytesRead;
    res.sha256 = check.sha256;
    res.tag = QStringLiteral("sha256:") + QString::fromLatin1(check.sha256.toHex());
    res.verified = true;
    return res;
}

} // namespace

LocalDestination::LocalDestination(const QString& rootPath, QObject* parent)
    : Destination(parent), m_root(QDir::cleanPath(rootPath))
{
}

QString LocalDestination::describe() const
{
    return QStringLiteral("folder %1").arg(m_root);
}

QString LocalDestination::temporaryName(qint64 jobId)
{
    return QStringLiteral(".keepsake-%1.part").arg(jobId);
}

DestinationReply* LocalDestination::upload(const UploadRequest& request)
{
    auto* reply = new LocalReply(this);
    const QString root = m_root;
    BandwidthLimiter* limiter = bandwidthLimiter();
    reply->run([root, request, limiter](const std::atomic_bool& cancel, const ProgressFn& p) {
        return copyAndVerify(root, request, limiter, cancel, p);
    });
    return reply;
}

DestinationReply* LocalDestination::stat(const QString& remotePath)
{
    auto* reply = new LocalReply(this);
    const QString root = m_root;
    reply->run([root, remotePath](const std::atomic_bool& cancel, const ProgressFn&) {
        DestinationResult res;
        res.remotePath = remotePath;
        if (!rootAvailable(root, &res.error))
            return res;
        const QFileInfo fi(root + QLatin1Char('/') + remotePath);
        if (!fi.exists())
            return res;
        res.exists = true;
        res.size = fi.size();
        const HashResult h = hashFile(fi.filePath(), &cancel);
        if (h.error)
            res.error = h.error;
        res.sha256 = h.sha256;
        res.tag = QStringLiteral("sha256:") + QString::fromLatin1(h.sha256.toHex());
        return res;
    });
    return reply;
}

DestinationReply* LocalDestination::removeIncomplete(const UploadRequest& request)
{
    auto* reply = new LocalReply(this);
    const QString tmp = QFileInfo(m_root + QLatin1Char('/') + request.remotePath).absolutePath() +
                        QLatin1Char('/') + temporaryName(request.jobId);
    reply->run([tmp](const std::atomic_bool&, const ProgressFn&) {
        QFile::remove(tmp);
        return DestinationResult{};
    });
    return reply;
}

DestinationReply* LocalDestination::test()
{
    auto* reply = new LocalReply(this);
    const QString root = m_root;
    reply->run([root](const std::atomic_bool&, const ProgressFn&) {
        DestinationResult res;
        if (!rootAvailable(root, &res.error))
            return res;
        QFile probe(root + QStringLiteral("/.keepsake-write-test"));
        if (!probe.open(QIODevice::WriteOnly)) {
            res.error = ioError(QStringLiteral("writing in %1").arg(root), errno);
            return res;
        }
        probe.close();
        probe.remove();
        res.exists = true;
        return res;
    });
    return reply;
}

} // namespace ks
