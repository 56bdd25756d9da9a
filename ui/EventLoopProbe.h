#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <vector>

namespace ks {

// Measures how responsive the UI thread's event loop is: a 10 ms timer records the gap between
// its ticks, and a gap far over 10 ms means the loop was busy (or blocked) for that long, which
// the user sees as a frozen window. Opt-in for benchmarks (bench/ui-stall): the app creates one
// with $KEEPSAKE_STALL_LOG and the probe stays inert when that is empty, so it costs nothing in
// normal use. Speed is measured in benchmarks, never asserted in unit tests.
class EventLoopProbe : public QObject
{
    Q_OBJECT
public:
    static constexpr int intervalMs = 10;
    static constexpr int stallMs = 50; // the budget for one stall

    struct Summary
    {
        double startupMs = 0; // from the probe's creation to the loop's first tick
        qint64 ticks = 0;     // gaps measured
        double durationS = 0;
        double maxGapMs = 0;
        double p50GapMs = 0;
        double p99GapMs = 0;
        double p999GapMs = 0;
        qint64 gapsOverStall = 0;
    };

    // Starts probing at once when `logPath` is not empty; the summary goes there (JSON) when
    // finish() is called or the probe is destroyed.
    explicit EventLoopProbe(const QString& logPath, QObject* parent = nullptr);
    ~EventLoopProbe() override;

    bool isActive() const { return m_timer.isActive(); }
    Summary summary() const;
    // Stops probing and writes the summary, once. Called before deliberately blocking work such
    // as the engine's stop at quit, which is not a stall during use.
    void finish();

private:
    void tick();
    bool writeSummary() const;

    struct Stall
    {
        qint64 atMs; // since the first tick
        qint32 gapUs;
    };

    QString m_logPath;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_firstNs = -1;
    qint64 m_lastNs = 0;
    std::vector<qint32> m_gapsUs; // µs fit 35 minutes per gap in 32 bits: plenty for 10 ms ticks
    std::vector<Stall> m_stalls;  // the gaps over stallMs, to line them up with other logs
    bool m_finished = false;
};

} // namespace ks
