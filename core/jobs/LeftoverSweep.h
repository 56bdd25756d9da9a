#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace ks {

class DestinationPool;
class DestinationReply;
class JobStore;

// Cancelled jobs (the file was removed from the library, or the user skipped it) never go on,
// but an earlier attempt may have left something on the server: the temporary file of an
// interrupted upload (the job says "maybe sent") or an open S3 multipart upload, whose parts
// are billed and invisible until someone aborts it (the job's resume state names it). The
// engine asks each such job's destination to abandon what it left (Destination::abandon) and
// clears the record once that is done. Each job is tried once per engine run: a destination
// that fails the request (offline, refusing) is tried again by the next run.
class LeftoverSweep : public QObject
{
    Q_OBJECT
public:
    LeftoverSweep(JobStore& jobs, DestinationPool& destinations, QObject* parent = nullptr);

    // Starts abandoning for the cancelled jobs not tried yet whose destination may be used now.
    void sweep(const QSet<qint64>& blockedDestinations);
    bool busy() const { return !m_inFlight.isEmpty(); }
    // Drops the requests in flight (the engine stops): their records stay for the next run.
    void stop();

Q_SIGNALS:
    // The last request in flight ended.
    void settled();

private:
    JobStore& m_jobs;
    DestinationPool& m_destinations;
    QSet<qint64> m_tried;
    QHash<qint64, QPointer<DestinationReply>> m_inFlight;
};

} // namespace ks
