#include "Planner.h"

#include "catalog/ConsentStore.h"
#include "catalog/DestinationStore.h"
#include "catalog/JobStore.h"
#include "catalog/SettingKeys.h"
#include "catalog/SettingsStore.h"
#include "catalog/SourceStore.h"
#include "catalog/Transaction.h"
#include "policy/ConsentScope.h"

#include <QFileInfo>

namespace ks {

namespace {

QString fileNameOf(const QString& relPath)
{
    return relPath.section(QLatin1Char('/'), -1);
}

// "IMG_1.MOV" in group "trip/IMG_1" -> ".MOV"; "IMG_1.HEIC.xmp" -> ".HEIC.xmp".
QString partAfterBase(const QString& relPath, const QString& groupKey)
{
    const QString name = fileNameOf(relPath);
    const QString base = fileNameOf(groupKey);
    return name.startsWith(base) ? name.mid(base.size()) : name;
}

} // namespace

int Planner::plan(Error* error)
{
    JobStore jobs(m_db);
    jobs.reopenReturned(m_clock.nowMs());
    jobs.cancelRemoved(m_clock.nowMs());
    return planResources(0, error);
}

int Planner::planFrom(qint64 fromAssetId, Error* error)
{
    return planResources(fromAssetId, error);
}

int Planner::planResources(qint64 fromAssetId, Error* error)
{
    SourceStore sources(m_db);
    DestinationStore destinations(m_db);
    ConsentStore consents(m_db);
    QSet<qint64> readable;
    for (const Source& s : sources.list(error)) {
        if (consents.isGranted(consent::readSource, s.path))
            readable.insert(s.id);
    }
    const RemotePathTemplate tpl(SettingsStore(m_db).value(settingkeys::remoteTemplate,
                                                           RemotePathTemplate::defaultTemplate()));
    int total = 0;
    for (const DestinationRecord& d : destinations.list(error)) {
        if (!consents.isGranted(consent::upload, d.name))
            continue;
        const int n = planDestination(d.id, readable, tpl, fromAssetId, error);
        if (n < 0)
            return -1;
        total += n;
    }
    return total;
}

int Planner::planDestination(qint64 destinationId, const QSet<qint64>& sources,
                             const RemotePathTemplate& tpl, qint64 fromAssetId, Error* error)
{
    JobStore jobs(m_db);
    int total = 0;
    for (;;) {
        // Read inside the write transaction: a scan committing meanwhile (the engine plans while
        // it runs) cannot change a resource between its reading here and its job's writing.
        Transaction tx(m_db);
        const QList<JobStore::Unplanned> batch =
            jobs.unplanned(destinationId, sources, fromAssetId, 500);
        if (batch.isEmpty())
            return total;
        fromAssetId = batch.constLast().assetId;
        int done = 0;
        QSet<QByteArray> plannedContent;
        for (const JobStore::Unplanned& r : batch) {
            const qint64 now = m_clock.nowMs();
            // Content some job carries: one from before this batch (unplanned() looked), or one
            // planned in it.
            const bool knownContent = r.contentHasJob || plannedContent.contains(r.sha256);
            if (r.role != QLatin1String("sidecar") && knownContent) {
                if (auto primary = jobs.primaryFor(destinationId, r.sha256);
                    primary && primary->resourceId != r.resourceId) {
                    const JobState state = primary->state == JobState::Acknowledged
                                               ? JobState::Acknowledged
                                               : JobState::Pending;
                    if (jobs.insertOrRenew(r, destinationId, primary->remotePath, primary->id,
                                           state, now, error))
                        ++done;
                    continue;
                }
            }
            QString path;
            const QString sibling = r.assetMembers > 1
                                        ? jobs.remotePathOfAssetSibling(r.assetId, destinationId)
                                        : QString();
            if (!sibling.isEmpty()) {
                const QString siblingRemote = sibling.section(QLatin1Char('\n'), 0, 0);
                const QString siblingPart =
                    partAfterBase(sibling.section(QLatin1Char('\n'), 1), r.groupKey);
                if (siblingRemote.endsWith(siblingPart))
                    path = siblingRemote.left(siblingRemote.size() - siblingPart.size()) +
                           partAfterBase(r.relPath, r.groupKey);
            }
            if (path.isEmpty())
                path = tpl.render({fileNameOf(r.relPath), r.captureWallMs,
                                   QFileInfo(r.sourcePath).fileName(), r.sha256});
            if (jobs.remotePathTaken(destinationId, path)) {
                const QString hash8 = QString::fromLatin1(r.sha256.toHex().left(8));
                QString candidate = withSuffix(path, hash8);
                for (int n = 2; jobs.remotePathTaken(destinationId, candidate); ++n)
                    candidate = withSuffix(path, hash8 + QLatin1Char('-') + QString::number(n));
                path = candidate;
            }
            if (jobs.insertOrRenew(r, destinationId, path, 0, JobState::Pending, now, error)) {
                plannedContent.insert(r.sha256);
                ++done;
            }
        }
        if (!tx.commit() || done == 0)
            return done == 0 ? total : -1;
        total += done;
    }
}

} // namespace ks
