#pragma once

// What the clock-jump scenarios share: Apache behind the fault proxy, a profile, a jumping clock
// and an in-process engine using it. Header-only.
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "InProcess.h"
#include "NetRig.h"
#include "jobs/EngineHost.h"

#include <QTest>

namespace ks::test::clockrig {

using Fault = FaultProxy::Fault;
using Server = NetRig::Server;

constexpr qint64 kHour = 3600'000;
constexpr qint64 kDay = 24 * kHour;
const QString kDest = QStringLiteral("net");

// Bytes are moving: a transfer is under way, not just started.
inline bool transferring(const EngineStatus& s)
{
    for (const TransferProgress& t : s.transfers)
        if (t.bytesDone > 0 && t.bytesDone < t.bytesTotal)
            return true;
    return false;
}

inline bool pausedFor(const EngineStatus& s, const QString& code)
{
    for (const PauseReason& r : s.pauseReasons)
        if (r.code == code)
            return true;
    return false;
}

inline qint64 acknowledged(const EngineHost& host)
{
    return host.status().countsByState.value(QStringLiteral("acknowledged"));
}

struct Rig
{
    QTemporaryDir dir;
    NetRig net{Server::Apache, dir.path()};
    BackupFixture fx{dir.path()};
    JumpingClock clock{QDateTime(QDate(2026, 6, 15), QTime(12, 0))}; // local noon
    std::unique_ptr<EngineHost> host;

    bool prepare(int files, int largeFiles = 0)
    {
        QString error;
        if (!net.start(&error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        fx.makeLibrary(files, largeFiles, 3 * 1024 * 1024, 41);
        return fx.addLibrary() && net.addTo(fx, kDest) &&
               fx.setSetting(QStringLiteral("engine/maxTransfers"), QStringLiteral("2"));
    }
    bool start()
    {
        Error error;
        const Profile profile = Profile::open(fx.profile, &error);
        host = std::make_unique<EngineHost>(profile, Engine::Options{.clock = &clock});
        if (!error && host->start(&error))
            return true;
        qWarning("%s", qPrintable(error.message));
        return false;
    }
    void audit()
    {
        host->stop();
        const AuditReport report = auditBackup(fx, kDest, net.holdings());
        QVERIFY2(report.ok(), qPrintable(report.text()));
        QCOMPARE(report.acknowledged, report.sourceFiles);
    }
};

} // namespace ks::test::clockrig
