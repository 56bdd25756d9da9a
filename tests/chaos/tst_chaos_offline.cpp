// Chaos, network faults (issue 7): the network goes away in the middle of a backup and comes
// back. The engine runs in-process with a network-state source the test switches (the seam
// QtNetworkStateSource fills in the app) while the route to the real server really goes away
// (the proxy stops listening and resets its connections). The backup pauses with the reason,
// tries nothing while offline, resumes when the network is back and the audit passes.
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "InProcess.h"
#include "NetRig.h"
#include "jobs/EngineHost.h"

#include <QTest>

using namespace ks;
using namespace ks::test;
using Server = NetRig::Server;
using Reach = NetworkState::Reachability;

namespace {

// Bytes are moving: a transfer is under way, not just started.
bool transferring(const EngineStatus& s)
{
    for (const TransferProgress& t : s.transfers)
        if (t.bytesDone > 0 && t.bytesDone < t.bytesTotal)
            return true;
    return false;
}

bool pausedFor(const EngineStatus& s, const QString& code)
{
    for (const PauseReason& r : s.pauseReasons)
        if (r.code == code)
            return true;
    return false;
}

} // namespace

class TestChaosOffline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qputenv("KEEPSAKE_TRANSFER_TIMEOUT_MS", "2000"); }

    void networkGoesAwayAndComesBack_data()
    {
        QTest::addColumn<int>("server");
        QTest::newRow("webdav") << int(Server::Apache);
        QTest::newRow("s3") << int(Server::S3);
    }
    void networkGoesAwayAndComesBack()
    {
        QFETCH(int, server);
        QTemporaryDir dir;
        NetRig rig(Server(server), dir.path());
        QString error;
        QVERIFY2(rig.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        fx.makeLibrary(6, 2, 3 * 1024 * 1024, 31);
        QVERIFY(fx.addLibrary());
        QVERIFY(rig.addTo(fx, QStringLiteral("net")));
        QVERIFY(fx.setSetting(QStringLiteral("engine/maxTransfers"), QStringLiteral("2")));
        // Slow enough that transfers are under way when the network goes.
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("1024")));

        SwitchableNetwork network;
        Error err;
        const Profile profile = Profile::open(fx.profile, &err);
        QVERIFY2(!err, qPrintable(err.message));
        EngineHost host(profile, {.network = &network});
        QVERIFY2(host.start(&err), qPrintable(err.message));
        QTRY_VERIFY_WITH_TIMEOUT(transferring(host.status()), 30000);

        // The network goes: the source says so and the route is really gone.
        network.set(Reach::Offline);
        QVERIFY(rig.proxy().setDown(true));
        QTRY_VERIFY_WITH_TIMEOUT(pausedFor(host.status(), QStringLiteral("offline")), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(!host.status().running, 5000);
        const QString headline = host.status().headline(QDateTime::currentMSecsSinceEpoch());
        QVERIFY2(headline.contains(QStringLiteral("offline")), qPrintable(headline));
        const int startedWhenPaused = historyMentions(fx, QStringLiteral("\"started\""));
        QTest::qWait(3000);
        // Nothing was tried while offline, and nothing gave up.
        QCOMPARE(historyMentions(fx, QStringLiteral("\"started\"")), startedWhenPaused);
        QCOMPARE(host.status().failures, 0);
        QVERIFY(host.status().countsByState.value(QStringLiteral("acknowledged")) < 8);

        // It comes back: the backup resumes and completes.
        QVERIFY(rig.proxy().setDown(false));
        network.set(Reach::Online);
        QTRY_COMPARE_WITH_TIMEOUT(host.status().countsByState.value(QStringLiteral("acknowledged")),
                                  8, 90000);
        QVERIFY(!pausedFor(host.status(), QStringLiteral("offline")));
        host.stop();
        QVERIFY(historyMentions(fx, QStringLiteral("paused by a policy")) >= 1);
        const AuditReport report = auditBackup(fx, QStringLiteral("net"), rig.holdings());
        QVERIFY2(report.ok(), qPrintable(report.text()));
        QCOMPARE(report.acknowledged, 8);
        QCOMPARE(rig.unfinishedUploads(), 0);
        recordFigures(QStringLiteral("network-offline-") + NetRig::name(Server(server)),
                      {{QStringLiteral("files"), 8}, {QStringLiteral("outages"), 1}});
    }
};

QTEST_GUILESS_MAIN(TestChaosOffline)
#include "tst_chaos_offline.moc"
