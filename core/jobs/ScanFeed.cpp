#include "ScanFeed.h"

#include <algorithm>

namespace ks {

namespace {
constexpr qint64 kMinIntervalMs = 500;
constexpr qint64 kCostFactor = 10; // a plan may take a tenth of the time between plans
} // namespace

ScanFeed::ScanFeed(std::function<bool()> plan, QObject* parent)
    : QObject(parent), m_plan(std::move(plan))
{
    m_timer.setParent(this); // moves to the engine's thread with us
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ScanFeed::planNow);
}

void ScanFeed::batchCommitted()
{
    m_batchPending = true;
    if (m_failed)
        return;
    // An engine with nothing to send takes the batch at once: the interval only spaces out plans
    // while there is work to do.
    if (m_hungry) {
        m_timer.start(0);
        return;
    }
    if (m_timer.isActive())
        return;
    const qint64 wait =
        m_sinceLast.isValid() ? std::max<qint64>(0, m_intervalMs - m_sinceLast.elapsed()) : 0;
    m_timer.start(int(wait));
}

void ScanFeed::hungry()
{
    if (m_failed)
        return;
    if (!m_batchPending) {
        m_hungry = true; // the next batch is planned when it comes
        return;
    }
    // From the event loop: the engine calls this from inside its scheduling.
    m_timer.start(0);
}

void ScanFeed::stop()
{
    m_timer.stop();
    m_batchPending = false;
    m_hungry = false;
    // The next scan's first batch is planned at once again.
    m_sinceLast.invalidate();
}

void ScanFeed::planNow()
{
    QElapsedTimer cost;
    cost.start();
    m_batchPending = false;
    m_hungry = false;
    m_failed = !m_plan();
    m_intervalMs = std::max(kMinIntervalMs, kCostFactor * cost.elapsed());
    m_sinceLast.start();
}

} // namespace ks
