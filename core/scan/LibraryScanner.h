#pragma once

#include "ScanRun.h"

#include <QFutureWatcher>
#include <QObject>
#include <atomic>
#include <memory>

namespace ks {

// Runs scans off the caller's thread (see ScanRun.h for what a scan does) and reports progress
// and the result as signals on the caller's thread. One scan at a time: start() while running
// queues one more pass with the union of the requested paths.
class LibraryScanner : public QObject
{
    Q_OBJECT
public:
    explicit LibraryScanner(const QString& catalogPath, QObject* parent = nullptr);
    ~LibraryScanner() override;

    // Scans every source with read consent, or only these files/folders inside them.
    void start(const QStringList& onlyPaths = {});
    void cancel();
    bool isRunning() const;
    // Run on the scan's thread after each committed batch (see ScanBatchFn), by the scans
    // started from now on.
    void setAfterBatch(ScanBatchFn afterBatch) { m_afterBatch = std::move(afterBatch); }

Q_SIGNALS:
    void progress(const ks::ScanProgress& progress);
    void finished(const ks::ScanSummary& summary);

private:
    void onFinished();

    QString m_catalogPath;
    ScanBatchFn m_afterBatch;
    QFutureWatcher<ScanSummary> m_watcher;
    std::shared_ptr<std::atomic_bool> m_cancel;
    // Running from start() until finished() was emitted. The future alone is not enough: it
    // reports "done" on the pool thread before finished() reaches this thread, and in between
    // an engine asking "is a scan still going?" would see no scan and no planned jobs, and stop
    // a backup before it began.
    bool m_busy = false;
    bool m_queued = false;
    QStringList m_queuedPaths; // empty with m_queued: everything
};

} // namespace ks
