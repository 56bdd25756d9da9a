// Chaos, clock jumps (issue 7): forward jumps and the retry bound, and the user's pause across
// jumps, in a process of their own (see tst_chaos_clock.cpp for the other scenarios and why they
// are split).
#include "ClockRig.h"

#include <QElapsedTimer>

using namespace ks;
using namespace ks::test;
using namespace ks::test::clockrig;

class TestChaosClockRetry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qputenv("KEEPSAKE_TRANSFER_TIMEOUT_MS", "2000"); }

    // The clock leaps forward again and again while every try fails: each leap makes the next
    // retry due at once, but no job is tried more often than engine/maxAttempts, and each ends
    // failed with the reason. When the server is right again, the user's retry completes it.
    void forwardJumpsKeepTheRetryBound()
    {
        Rig r;
        QVERIFY(r.prepare(3));
        QVERIFY(r.fx.setSetting(QStringLiteral("engine/maxAttempts"), QStringLiteral("4")));
        r.net.proxy().addRule(
            {.fault = Fault::Respond, .method = "PUT", .count = 1000, .status = 503});
        QVERIFY(r.start());
        for (int i = 0; i < 12 && r.host->status().failures < 3; ++i) {
            QTest::qWait(700);
            r.clock.jump(2 * kDay);
        }
        QTRY_COMPARE_WITH_TIMEOUT(r.host->status().failures, 3, 30000);
        QCOMPARE(r.net.proxy().injected(), 3 * 4);
        QCOMPARE(r.net.proxy().forwarded("PUT"), 0);
        const QByteArray failures = r.fx.cli({QStringLiteral("failures")}).out;
        QCOMPARE(failures.count("gave up after 4 attempts"), 3);

        r.net.proxy().clearRules();
        r.host->retryAll();
        QTRY_COMPARE_WITH_TIMEOUT(acknowledged(*r.host), 3, 30000);
        r.audit();
        recordFigures(QStringLiteral("clock-forward"),
                      {{QStringLiteral("jumpHours"), 48}, {QStringLiteral("faultsInjected"), 12}});
    }

    // The user pauses for a while (an hour in the app, 10 s here): the pause keeps its length in
    // elapsed time whichever way the clock jumps. Back a day: it still ends after its 10 s, not
    // a day later. Forward a day: it does not end at the jump.
    void pauseKeepsItsLengthAcrossJumps()
    {
        constexpr qint64 kPauseMs = 10'000;
        Rig r;
        QVERIFY(r.prepare(2));
        // Paused for an hour through the CLI, by the real clock (2026-11 or later); the engine
        // starts with its clock at 2026-06-15 12:00: the clock went back while no engine ran.
        // The hour runs from the start, not from five months ahead.
        QCOMPARE(r.fx.cli({QStringLiteral("pause"), QStringLiteral("--for"), QStringLiteral("60")})
                     .exitCode,
                 0);
        QVERIFY(r.start());
        const QString inAnHour =
            QDateTime::fromMSecsSinceEpoch(r.clock.nowMs() + kHour).toString(u"yyyy-MM-dd HH:mm");
        QTRY_VERIFY_WITH_TIMEOUT(pausedFor(r.host->status(), QStringLiteral("user")), 5000);
        bool rebased = false;
        for (const PauseReason& reason : r.host->status().pauseReasons)
            rebased = rebased || reason.message.endsWith(inAnHour);
        QVERIFY2(rebased, qPrintable(inAnHour));
        QElapsedTimer since;
        // Milliseconds from the pause until work is seen again (a transfer or an acknowledgement).
        auto untilWork = [&](qint64 acknowledgedBefore) -> qint64 {
            while (since.elapsed() < 60'000) {
                if (r.host->status().running || acknowledged(*r.host) > acknowledgedBefore)
                    return since.elapsed();
                QTest::qWait(50);
            }
            return -1;
        };
        qint64 figures[2] = {};
        const qint64 jumps[2] = {-kDay, kDay};
        for (int phase = 0; phase < 2; ++phase) {
            r.host->pauseUntil(r.clock.nowMs() + kPauseMs);
            since.start();
            if (phase == 1) {
                r.fx.makeLibrary(2, 0, 0, 43);
                r.host->rescan();
            }
            QTRY_VERIFY_WITH_TIMEOUT(pausedFor(r.host->status(), QStringLiteral("user")) &&
                                         !r.host->status().running,
                                     5000);
            const qint64 before = acknowledged(*r.host);
            QTest::qWait(2000);
            r.clock.jump(jumps[phase]);
            const qint64 resumedAfter = untilWork(before);
            QVERIFY2(
                resumedAfter >= kPauseMs - 500,
                qPrintable(QStringLiteral("work again %1 ms after a pause of %2 ms (jump %3 h)")
                               .arg(resumedAfter)
                               .arg(kPauseMs)
                               .arg(jumps[phase] / kHour)));
            QTRY_COMPARE_WITH_TIMEOUT(acknowledged(*r.host), qint64(2 + 2 * phase), 60000);
            figures[phase] = resumedAfter;
        }
        r.audit();
        recordFigures(QStringLiteral("clock-pause"),
                      {{QStringLiteral("pauseMs"), kPauseMs},
                       {QStringLiteral("resumedAfterBackMs"), figures[0]},
                       {QStringLiteral("resumedAfterForwardMs"), figures[1]}});
    }
};

QTEST_GUILESS_MAIN(TestChaosClockRetry)
#include "tst_chaos_clock_retry.moc"
