// Chaos, clock jumps (issue 7): the wall clock jumps backwards and forwards under a running
// engine (in-process, with an injected clock that runs with real time and jumps when told),
// while it backs up to a real Apache through the fault proxy. Backoffs must neither stall for
// the days the clock went back nor let a jump forward buy more attempts than the bound, and the
// schedule window must follow the clock at once, and the user's pause must keep its length.
// Every scenario ends with the audit. Each scenario starts an engine of its own in this one
// process, as the app's tests and a GUI that restarts its engine do.
#include "ClockRig.h"

#include <QElapsedTimer>

using namespace ks;
using namespace ks::test;
using namespace ks::test::clockrig;

class TestChaosClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qputenv("KEEPSAKE_TRANSFER_TIMEOUT_MS", "2000"); }

    // Window 09:00-17:00, noon. The clock jumps to 20:00: transfers stop at once with the
    // reason, nothing starts; it jumps back to 10:00: the backup resumes and completes.
    void scheduleWindowFollowsTheClock()
    {
        Rig r;
        QVERIFY(r.prepare(4, 2));
        QVERIFY(r.fx.setSetting(QStringLiteral("policy/scheduleStart"), QStringLiteral("09:00")));
        QVERIFY(r.fx.setSetting(QStringLiteral("policy/scheduleEnd"), QStringLiteral("17:00")));
        QVERIFY(r.fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("1024")));
        QVERIFY(r.start());
        QTRY_VERIFY_WITH_TIMEOUT(transferring(r.host->status()), 30000);
        QVERIFY(!pausedFor(r.host->status(), QStringLiteral("schedule")));

        r.clock.jump(8 * kHour); // 20:00
        QTRY_VERIFY_WITH_TIMEOUT(pausedFor(r.host->status(), QStringLiteral("schedule")), 3000);
        QTRY_VERIFY_WITH_TIMEOUT(!r.host->status().running, 3000);
        const int started = historyMentions(r.fx, QStringLiteral("\"started\""));
        QTest::qWait(2000);
        QCOMPARE(historyMentions(r.fx, QStringLiteral("\"started\"")), started);
        QVERIFY(acknowledged(*r.host) < 6);

        r.clock.jump(-10 * kHour); // 10:00 the same day
        QTRY_COMPARE_WITH_TIMEOUT(acknowledged(*r.host), 6, 60000);
        QVERIFY(!pausedFor(r.host->status(), QStringLiteral("schedule")));
        QCOMPARE(r.host->status().failures, 0);
        r.audit();
        recordFigures(QStringLiteral("clock-window"), {{QStringLiteral("jumps"), 2}});
    }

    // Jobs wait a few seconds to retry when the clock goes back three days: they must retry
    // after those seconds, not in three days.
    void backwardsJumpDoesNotStallRetries()
    {
        Rig r;
        QVERIFY(r.prepare(4));
        r.net.proxy().addRule(
            {.fault = Fault::Respond, .method = "PUT", .count = 4, .status = 503});
        QVERIFY(r.start());
        QTRY_COMPARE_WITH_TIMEOUT(r.net.proxy().injected(), 4, 30000);
        r.clock.jump(-3 * kDay);
        QTRY_COMPARE_WITH_TIMEOUT(acknowledged(*r.host), 4, 30000);
        r.audit();
        recordFigures(QStringLiteral("clock-backwards"),
                      {{QStringLiteral("jumpHours"), -72}, {QStringLiteral("faultsInjected"), 4}});
    }

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

QTEST_GUILESS_MAIN(TestChaosClock)
#include "tst_chaos_clock.moc"
