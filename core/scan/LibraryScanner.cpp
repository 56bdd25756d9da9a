#include "LibraryScanner.h"

#include "ScanRun.h"
#include "common/ThreadPriority.h"
#include "common/WorkPool.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace ks {

LibraryScanner::LibraryScanner(const QString& catalogPath, QObject* parent)
    : QObject(parent), m_catalogPath(catalogPath)
{
    qRegisterMetaType<ScanProgress>();
    qRegisterMetaType<ScanSummary>();
    connect(&m_watcher, &QFutureWatcher<ScanSummary>::finished, this, &LibraryScanner::onFinished);
}

LibraryScanner::~LibraryScanner()
{
    cancel();
    m_watcher.waitForFinished();
}

void LibraryScanner::start(const QStringList& onlyPaths)
{
    if (isRunning()) {
        if (!m_queued)
            m_queuedPaths = onlyPaths;
        else if (!m_queuedPaths.isEmpty() && !onlyPaths.isEmpty())
            m_queuedPaths += onlyPaths;
        else
            m_queuedPaths.clear();
        m_queued = true;
        return;
    }
    m_busy = true;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    QPointer<LibraryScanner> self(this);
    auto cancel = m_cancel;
    const QString path = m_catalogPath;
    m_watcher.setFuture(
        QtConcurrent::run(workPool(), [self, cancel, path, onlyPaths, afterBatch = m_afterBatch] {
            lowerCurrentThreadPriority();
            return runScan(
                path, onlyPaths, *cancel,
                [self](const ScanProgress& p) {
                    QMetaObject::invokeMethod(
                        self.data(),
                        [self, p] {
                            if (self)
                                Q_EMIT self->progress(p);
                        },
                        Qt::QueuedConnection);
                },
                afterBatch);
        }));
}

void LibraryScanner::cancel()
{
    m_queued = false;
    if (m_cancel)
        m_cancel->store(true);
}

bool LibraryScanner::isRunning() const
{
    return m_busy || m_queued;
}

void LibraryScanner::onFinished()
{
    const ScanSummary summary = m_watcher.result();
    m_busy = false;
    // A queued scan starts before anyone hears of this one, so nobody sees a gap between them.
    if (m_queued) {
        m_queued = false;
        start(m_queuedPaths);
    }
    Q_EMIT finished(summary);
}

} // namespace ks
