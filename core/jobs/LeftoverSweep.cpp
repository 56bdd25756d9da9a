#include "LeftoverSweep.h"

#include "DestinationPool.h"
#include "catalog/JobStore.h"
#include "upload/Destination.h"

namespace ks {

namespace {
// A bounded number per pass: a large skip is worked off over several passes, not at once.
constexpr int kBatch = 50;
constexpr int kParallel = 4;
} // namespace

LeftoverSweep::LeftoverSweep(JobStore& jobs, DestinationPool& destinations, QObject* parent)
    : QObject(parent), m_jobs(jobs), m_destinations(destinations)
{
}

void LeftoverSweep::sweep(const QSet<qint64>& blockedDestinations)
{
    if (m_inFlight.size() >= kParallel)
        return;
    // Such jobs are few (cancelled after an interrupted attempt): the ones tried are skipped here.
    for (const JobRow& job : m_jobs.cancelledWithLeftovers(kBatch + int(m_tried.size()))) {
        if (m_inFlight.size() >= kParallel)
            return;
        if (m_tried.contains(job.id) || blockedDestinations.contains(job.destinationId))
            continue;
        Destination* dest = m_destinations.get(job.destinationId);
        if (!dest)
            continue;
        m_tried.insert(job.id);
        UploadRequest request;
        request.jobId = job.id;
        request.remotePath = job.remotePath;
        request.size = job.bytesTotal;
        request.resumeState = job.resumeState;
        DestinationReply* reply = dest->abandon(request);
        m_inFlight.insert(job.id, reply);
        connect(reply, &DestinationReply::finished, this, [this, id = job.id, reply] {
            reply->deleteLater();
            if (!m_inFlight.remove(id))
                return; // stopped meanwhile
            if (!reply->result().error)
                m_jobs.clearLeftovers(id);
            if (m_inFlight.isEmpty())
                Q_EMIT settled();
        });
    }
}

void LeftoverSweep::stop()
{
    const auto replies = m_inFlight.values();
    m_inFlight.clear();
    for (const QPointer<DestinationReply>& r : replies) {
        if (r)
            r->cancel();
    }
}

} // namespace ks
