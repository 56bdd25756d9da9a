#include "EventLoopProbe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace ks {

namespace {
// Nearest-rank percentile of sorted values, in milliseconds.
double percentileMs(const std::vector<qint32>& sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1] / 1000.0;
}

double round2(double v)
{
    return std::round(v * 100.0) / 100.0;
}
} // namespace

EventLoopProbe::EventLoopProbe(const QString& logPath, QObject* parent)
    : QObject(parent), m_logPath(logPath)
{
    if (m_logPath.isEmpty())
        return;
    // A precise timer: the default coarse one may shift ticks by 5 %, which would read as jitter.
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &EventLoopProbe::tick);
    m_gapsUs.reserve(1 << 16);
    m_clock.start();
    m_timer.start();
}

EventLoopProbe::~EventLoopProbe()
{
    finish();
}

void EventLoopProbe::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    // Before the first tick the loop was not running yet (start-up builds the window): that is
    // start-up time, reported apart, not a stall.
    if (m_firstNs < 0) {
        m_firstNs = m_lastNs = now;
        return;
    }
    const auto gapUs = qint32(std::min<qint64>((now - m_lastNs) / 1000, INT32_MAX));
    m_lastNs = now;
    m_gapsUs.push_back(gapUs);
    if (gapUs > stallMs * 1000)
        m_stalls.push_back({(now - m_firstNs) / 1000000 - gapUs / 1000, gapUs});
}

EventLoopProbe::Summary EventLoopProbe::summary() const
{
    Summary s;
    s.ticks = qint64(m_gapsUs.size());
    s.startupMs = m_firstNs < 0 ? 0 : double(m_firstNs) / 1e6;
    s.durationS = m_firstNs < 0 ? 0 : double(m_lastNs - m_firstNs) / 1e9;
    s.gapsOverStall = qint64(m_stalls.size());
    std::vector<qint32> sorted = m_gapsUs;
    std::sort(sorted.begin(), sorted.end());
    if (!sorted.empty())
        s.maxGapMs = sorted.back() / 1000.0;
    s.p50GapMs = percentileMs(sorted, 50);
    s.p99GapMs = percentileMs(sorted, 99);
    s.p999GapMs = percentileMs(sorted, 99.9);
    return s;
}

void EventLoopProbe::finish()
{
    if (m_logPath.isEmpty() || m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    if (!writeSummary())
        qWarning("EventLoopProbe: cannot write %s", qPrintable(m_logPath));
}

bool EventLoopProbe::writeSummary() const
{
    const Summary s = summary();
    QJsonArray stalls;
    for (const Stall& st : m_stalls)
        stalls.append(QJsonObject{{QStringLiteral("at_ms"), st.atMs},
                                  {QStringLiteral("gap_ms"), round2(st.gapUs / 1000.0)}});
    const QJsonObject o{
        {QStringLiteral("interval_ms"), intervalMs},
        {QStringLiteral("stall_ms"), stallMs},
        {QStringLiteral("startup_ms"), round2(s.startupMs)},
        {QStringLiteral("ticks"), s.ticks},
        {QStringLiteral("duration_s"), round2(s.durationS)},
        {QStringLiteral("max_gap_ms"), round2(s.maxGapMs)},
        {QStringLiteral("p50_gap_ms"), round2(s.p50GapMs)},
        {QStringLiteral("p99_gap_ms"), round2(s.p99GapMs)},
        {QStringLiteral("p999_gap_ms"), round2(s.p999GapMs)},
        {QStringLiteral("gaps_over_stall"), s.gapsOverStall},
        {QStringLiteral("stalls"), stalls},
    };
    QSaveFile file(m_logPath);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(o).toJson());
    return file.commit();
}

} // namespace ks
