#include "StatusReader.h"

#include "catalog/ConsentStore.h"
#include "catalog/DestinationStore.h"
#include "catalog/JobStore.h"
#include "catalog/SettingKeys.h"
#include "catalog/SettingsStore.h"
#include "catalog/SourceStore.h"
#include "policy/ConsentScope.h"
#include "policy/PolicyGate.h"
#include "upload/DestinationFactory.h"

#include <QCoreApplication>
#include <QDateTime>
#include <algorithm>

namespace ks {

EngineStatus readStatus(QSqlDatabase& db, qint64 nowMs, const PolicyGate* gate)
{
    EngineStatus s;
    JobStore jobs(db);
    const JobCounts c = jobs.counts();
    s.countsByState = c.byState;
    s.filesTotal = c.filesTotal;
    s.filesDone = c.filesAcknowledged;
    s.bytesTotal = c.bytesTotal;
    s.bytesDone = c.bytesAcknowledged;
    s.failures = c.byState.value(QStringLiteral("failed"));
    ConsentStore consents(db);
    for (const Source& src : SourceStore(db).list()) {
        if (!consents.isGranted(consent::readSource, src.path))
            s.waitingForConsent << consent::readSource + QLatin1Char(' ') + src.path;
    }
    bool anyNetwork = false, anyLocal = false;
    for (const DestinationRecord& d : DestinationStore(db).list()) {
        if (!consents.isGranted(consent::upload, d.name))
            s.waitingForConsent << consent::upload + QLatin1Char(' ') + d.name;
        (destinationNeedsNetwork(d.url) ? anyNetwork : anyLocal) = true;
    }
    const qint64 until = pausedUntil(db);
    if (isPaused(until, nowMs)) {
        // The message speaks the installed translation; the code "user" never changes.
        s.pauseReasons.append(
            {QStringLiteral("user"),
             until == -1 ? QCoreApplication::translate("ks::StatusReader", "paused by you")
                         : QCoreApplication::translate("ks::StatusReader", "paused by you until %1")
                               .arg(QDateTime::fromMSecsSinceEpoch(until).toString(
                                   QStringLiteral("yyyy-MM-dd HH:mm")))});
    }
    if (gate) {
        // A reason counts when it holds back every destination there is.
        s.localBlockers = gate->blockers(false);
        s.networkBlockers = gate->blockers(true);
        s.pauseReasons.append(anyNetwork && !anyLocal ? s.networkBlockers : s.localBlockers);
    }
    s.lastCheckedMs = SettingsStore(db).intValue(settingkeys::lastCheckedMs, 0);
    return s;
}

int statusEveryMs(qint64 readCostMs)
{
    constexpr qint64 kFastest = 250, kSlowest = 2000, kCostFactor = 50;
    return int(std::clamp(readCostMs * kCostFactor, kFastest, kSlowest));
}

} // namespace ks
