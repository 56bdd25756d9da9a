#pragma once

#include "RemotePathTemplate.h"
#include "common/Clock.h"
#include "common/Error.h"

#include <QSqlDatabase>

namespace ks {

// Turns the catalog's resources into jobs: one per (resource, destination), only where the
// user allowed reading the source and sending to the destination. Decides each job's remote
// path (template, then the photo's sidecars and Live Photo video beside it with the same base
// name, then a deterministic -hash8 suffix on a clash; never over another file) and points
// identical content at the job that already carries it to that destination. Files removed from
// the library before they were sent have their jobs cancelled; back again, they are planned again.
class Planner
{
public:
    Planner(QSqlDatabase& db, Clock& clock = systemClock()) : m_db(db), m_clock(clock) {}

    // Returns the number of jobs created or renewed; -1 on a catalog error.
    int plan(Error* error);
    // What a scan's batch committed, on the scan's thread (ScanBatchFn): the resources of the
    // assets from this id on. Removed and returned files are left to the scan's end, whose
    // plan() settles them: a batch only adds and changes files, and a full plan per batch would
    // walk the whole catalog each time.
    int planFrom(qint64 fromAssetId, Error* error);

private:
    int planResources(qint64 fromAssetId, Error* error);
    int planDestination(qint64 destinationId, const QSet<qint64>& sources,
                        const RemotePathTemplate& tpl, qint64 fromAssetId, Error* error);

    QSqlDatabase& m_db;
    Clock& m_clock;
};

} // namespace ks
