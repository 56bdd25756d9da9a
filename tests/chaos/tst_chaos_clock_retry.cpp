// Chaos, clock jumps (issue 7): forward jumps and the retry bound, in a process of its own (see
// tst_chaos_clock.cpp for the other scenarios and why they are split).
#include "ClockRig.h"

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
};

QTEST_GUILESS_MAIN(TestChaosClockRetry)
#include "tst_chaos_clock_retry.moc"
