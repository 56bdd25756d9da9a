// Chaos, clock jumps (issue 7): the wall clock jumps backwards and forwards under a running
// engine (in-process, with an injected clock that runs with real time and jumps when told),
// while it backs up to a real Apache through the fault proxy. Backoffs must neither stall for
// the days the clock went back nor let a jump forward buy more attempts than the bound, and the
// schedule window must follow the clock at once. Every scenario ends with the audit.
#include "ClockRig.h"

using namespace ks;
using namespace ks::test;
using namespace ks::test::clockrig;

class TestChaosClock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qputenv("KEEPSAKE_TRANSFER_TIMEOUT_MS", "2000"); }

    // A third in-process engine in one test process started no job at all (6 pending, nothing
    // blocked): not explained yet (docs/reliability.md), hence two scenarios per process.
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
};

QTEST_GUILESS_MAIN(TestChaosClock)
#include "tst_chaos_clock.moc"
