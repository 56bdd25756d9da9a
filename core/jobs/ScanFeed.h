#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>

namespace ks {

// Plans what a running scan has already committed, so that the first uploads of a large first
// backup start while the scan still hashes instead of after it. ScanRun commits whole assets
// (every file of a group, with its role) in each batch, and LibraryScanner::progress follows
// each commit, so whatever the planner reads then is final for this scan. Planning reads every
// unplanned resource of the catalog, so it runs at most every kMinIntervalMs and takes at most a
// tenth of the time; the first batch is planned at once. The scan's end has its own, last plan.
class ScanFeed : public QObject
{
    Q_OBJECT
public:
    // plan() plans and starts what may run; false means the catalog failed: no more feeding.
    explicit ScanFeed(std::function<bool()> plan, QObject* parent = nullptr);

    // A batch of the scan is in the catalog.
    void batchCommitted();
    // The engine has a free transfer slot and nothing planned to fill it: what the scan
    // committed since the last plan is planned now, not when the interval ends (which, with
    // plans that take 150 ms, left a small-file backup without work for over a second). When no
    // batch came since the last plan, the next one is planned as soon as it comes.
    void hungry();
    // The scan ended (the caller plans the rest itself) or the engine stops.
    void stop();

private:
    void planNow();

    std::function<bool()> m_plan;
    QTimer m_timer;
    QElapsedTimer m_sinceLast; // invalid until the first plan
    qint64 m_intervalMs = 0;
    bool m_failed = false;
    bool m_batchPending = false; // committed since the last plan
    bool m_hungry = false;       // the engine ran out of work before the next batch came
};

} // namespace ks
