// Policies through injectable sources of network and power state, an injected clock, and the
// real QNetworkInformation, UPower and logind clients where this machine has them.
#include "TestSupport.h"
#include "common/Clock.h"
#include "policy/BandwidthLimiter.h"
#include "policy/LocationStripper.h"
#include "policy/PolicyGate.h"
#include "policy/QtNetworkStateSource.h"
#include "policy/SleepInhibitor.h"
#include "policy/UPowerStateSource.h"

#include <QNetworkInformation>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <ctime>

using namespace ks;

namespace {
class FakeNetwork : public NetworkStateSource
{
public:
    NetworkState value;
    NetworkState state() const override { return value; }
    void set(const NetworkState& s)
    {
        value = s;
        Q_EMIT changed();
    }
};

class FakePower : public PowerStateSource
{
public:
    PowerState value;
    PowerState state() const override { return value; }
    void set(const PowerState& s)
    {
        value = s;
        Q_EMIT changed();
    }
};

QStringList codes(const QList<PauseReason>& reasons)
{
    QStringList out;
    for (const PauseReason& r : reasons)
        out << r.code;
    return out;
}

qint64 at(int h, int m)
{
    return QDateTime(QDate(2026, 1, 10), QTime(h, m)).toMSecsSinceEpoch();
}
} // namespace

class TestPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void networkRules()
    {
        FakeNetwork net;
        ManualClock clock(at(12, 0));
        PolicyGate gate(&net, nullptr, clock);
        QSignalSpy changed(&gate, &PolicyGate::changed);
        QVERIFY(gate.blockers(true).isEmpty()); // unknown never blocks

        net.set({NetworkState::Reachability::Offline, false, false});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(codes(gate.blockers(true)), QStringList{QStringLiteral("offline")});
        QCOMPARE(gate.blockers(true).first().message, QStringLiteral("paused: offline"));
        QVERIFY(gate.blockers(false).isEmpty()); // a local folder does not need the network

        net.set({NetworkState::Reachability::Online, true, false});
        QCOMPARE(gate.blockers(true).first().message,
                 QStringLiteral("paused: metered network (no consent)"));
        PolicySettings s;
        s.meteredConsent = true;
        gate.setSettings(s);
        QVERIFY(gate.blockers(true).isEmpty());

        net.set({NetworkState::Reachability::Online, false, true});
        QCOMPARE(codes(gate.blockers(true)), QStringList{QStringLiteral("captive-portal")});
    }

    void powerRules()
    {
        FakePower power;
        ManualClock clock(at(12, 0));
        PolicyGate gate(nullptr, &power, clock);
        PolicySettings s;
        s.allowOnBattery = false;
        s.minBatteryPercent = 15;
        gate.setSettings(s);
        QVERIFY(gate.blockers(true).isEmpty()); // power unknown: no block
        power.set({true, true, 18});
        QCOMPARE(gate.blockers(false).first().message, QStringLiteral("paused: on battery at 18%"));
        power.set({true, false, 18});
        QVERIFY(gate.blockers(false).isEmpty());
        s.allowOnBattery = true;
        gate.setSettings(s);
        power.set({true, true, 9});
        QCOMPARE(gate.blockers(false).first().message, QStringLiteral("paused: battery low at 9%"));
        power.set({true, true, 50});
        QVERIFY(gate.blockers(false).isEmpty());
    }

    void scheduleWindowCrossingMidnight()
    {
        ManualClock clock(at(12, 0));
        PolicyGate gate(nullptr, nullptr, clock);
        PolicySettings s;
        s.windowStart = QTime(22, 0);
        s.windowEnd = QTime(6, 0);
        gate.setSettings(s);
        QCOMPARE(gate.blockers(false).first().message,
                 QStringLiteral("paused: outside the backup window 22:00–06:00"));
        QCOMPARE(gate.msUntilWindowOpens(), 10 * 3600 * 1000);
        clock.set(at(23, 30));
        QVERIFY(gate.blockers(false).isEmpty());
        clock.set(at(5, 59));
        QVERIFY(gate.blockers(false).isEmpty());
        clock.set(at(6, 0));
        QCOMPARE(codes(gate.blockers(false)), QStringList{QStringLiteral("schedule")});
        QCOMPARE(gate.msUntilWindowOpens(), 16 * 3600 * 1000);
    }

    // On the day the clocks go forward (Berlin, 2026-03-29: 02:00 becomes 03:00) a window that
    // opens at 02:30 opens when the clocks jump (it once waited for the next day's 02:30), and
    // its timer waits for that without waking anyone before.
    void scheduleWindowEdgeInTheSkippedHour()
    {
        const QByteArray zone = qgetenv("TZ");
        qputenv("TZ", "Europe/Berlin");
        tzset();
        const auto restore = qScopeGuard([&] {
            zone.isNull() ? qunsetenv("TZ") : qputenv("TZ", zone);
            tzset();
        });
        const QDate day(2026, 3, 29);
        QVERIFY(!QDateTime(day, QTime(2, 30)).isValid()); // the zone is there and skips 02:xx
        ManualClock clock(QDateTime(day, QTime(1, 0)).toMSecsSinceEpoch());
        PolicyGate gate(nullptr, nullptr, clock);
        PolicySettings s;
        s.windowStart = QTime(2, 30);
        s.windowEnd = QTime(4, 0);
        gate.setSettings(s);
        QSignalSpy changed(&gate, &PolicyGate::changed);
        QCOMPARE(codes(gate.blockers(false)), QStringList{QStringLiteral("schedule")});
        QCOMPARE(gate.msUntilWindowOpens(), 3600 * 1000); // 01:00 CET to 03:00 CEST
        QTest::qWait(400);
        QCOMPARE(changed.count(), 0);
        clock.set(QDateTime(day, QTime(3, 0)).toMSecsSinceEpoch());
        QVERIFY(gate.blockers(false).isEmpty());
        QCOMPARE(gate.msUntilWindowOpens(), 0);
        // The window's end in the skipped hour: it closes when the clocks jump.
        s.windowStart = QTime(22, 0);
        s.windowEnd = QTime(2, 30);
        clock.set(QDateTime(day, QTime(1, 0)).toMSecsSinceEpoch());
        gate.setSettings(s);
        changed.clear();
        QVERIFY(gate.blockers(false).isEmpty());
        QTest::qWait(400);
        QCOMPARE(changed.count(), 0);
        clock.set(QDateTime(day, QTime(3, 0)).toMSecsSinceEpoch());
        QCOMPARE(gate.msUntilWindowOpens(), 19 * 3600 * 1000); // 22:00 CEST
    }

    void bandwidthHoldsOverTime()
    {
        ManualClock clock(0);
        BandwidthLimiter limiter(clock);
        QCOMPARE(limiter.acquire(1 << 20), 1 << 20); // unlimited
        limiter.setRate(100'000);
        qint64 sent = 0;
        for (int ms = 0; ms < 10'000; ms += 10) {
            sent += limiter.acquire(8192);
            clock.advance(10);
        }
        // 10 s at 100 kB/s, plus at most one burst.
        QVERIFY2(sent >= 990'000 && sent <= 1'000'000 + 25'000, qPrintable(QString::number(sent)));
        limiter.acquire(1 << 20); // drain what the last tick refilled
        QCOMPARE(limiter.acquire(1 << 20), 0);
        QVERIFY(limiter.msUntilAvailable() > 0);
    }

    void locationIsStrippedFromACopy()
    {
        QTemporaryDir dir;
        const QString photo = dir.filePath(QStringLiteral("p.jpg"));
        QProcess p;
        p.start(QStringLiteral("convert"), {QStringLiteral("-size"), QStringLiteral("20x20"),
                                            QStringLiteral("xc:green"), photo});
        QVERIFY(p.waitForFinished() && p.exitCode() == 0);
        p.start(QStringLiteral("exiv2"),
                {QStringLiteral("-M"), QStringLiteral("set Exif.GPSInfo.GPSLatitude 1/1 2/1 3/1"),
                 QStringLiteral("-M"),
                 QStringLiteral("set Exif.Photo.DateTimeOriginal 2020:01:01 00:00:00"), photo});
        QVERIFY(p.waitForFinished() && p.exitCode() == 0);
        const QByteArray before = test::sha256Hex(photo);
        const StrippedCopy copy = stripLocation(photo, dir.filePath(QStringLiteral("tmp")), 5);
        QVERIFY2(!copy.error, qPrintable(copy.error.message));
        QVERIFY(copy.hadLocation);
        QVERIFY(copy.path != photo);
        QCOMPARE(copy.sha256.toHex(), test::sha256Hex(copy.path));
        QCOMPARE(test::sha256Hex(photo), before);
        p.start(QStringLiteral("exiv2"), {QStringLiteral("-pa"), copy.path});
        QVERIFY(p.waitForFinished());
        const QByteArray tags = p.readAllStandardOutput();
        QVERIFY(!tags.contains("GPS"));
        QVERIFY(tags.contains("DateTimeOriginal"));
        // Without GPS there is nothing to strip and no copy.
        const StrippedCopy none = stripLocation(copy.path, dir.filePath(QStringLiteral("tmp2")), 6);
        QVERIFY(!none.hadLocation);
        QCOMPARE(none.path, copy.path);
    }

    void realSourcesOnThisMachine()
    {
        QtNetworkStateSource network;
        QNetworkInformation* info = QNetworkInformation::instance();
        if (info) {
            QCOMPARE(network.backendName(), info->backendName());
            const bool offline =
                network.state().reachability == NetworkState::Reachability::Offline;
            QCOMPARE(offline,
                     info->reachability() == QNetworkInformation::Reachability::Disconnected);
        } else {
            QCOMPARE(network.state().reachability, NetworkState::Reachability::Unknown);
        }
        UPowerStateSource power; // no UPower here: unknown, which never blocks
        PolicyGate gate(&network, &power);
        if (!power.state().known)
            QVERIFY(codes(gate.blockers(false)).isEmpty());
        SleepInhibitor inhibitor;
        inhibitor.setActive(true);
        inhibitor.setActive(false);
        QVERIFY(!inhibitor.isHeld());
    }
};

QTEST_GUILESS_MAIN(TestPolicy)
#include "tst_policy.moc"
