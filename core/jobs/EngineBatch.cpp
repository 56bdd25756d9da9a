// The engine's batch: a finished job's acknowledgement and the start of the job taking its place
// share one commit. With small files the engine thread was the bottleneck, and two commits per
// file (the start, then the acknowledgement) were the largest part of its work: each takes the
// write lock and appends the same few pages (the job rows, their index, the history's tail) to
// the WAL (docs/benchmarks.md). JobStore's calls nest in the batch as savepoints
// (Transaction.h), so each keeps its own all-or-nothing.
#include "Engine.h"

namespace ks {

void Engine::openBatch()
{
    if (!m_batch)
        m_batch.emplace(m_db.db(), m_jobs->statements());
}

void Engine::writeAcknowledgements()
{
    const QList<Acknowledgement> acks = std::exchange(m_acknowledgements, {});
    for (const Acknowledgement& a : acks) {
        openBatch();
        if (m_jobs->transitions(a.jobId, a.steps, a.nowMs)) {
            jobFinished(a.jobId, JobState::Acknowledged);
            continue;
        }
        // Not recorded (the job is no longer running in the catalog, or the write failed): one
        // step at a time, from whatever state the catalog holds.
        const JobStore::Step& sent = a.steps.constFirst();
        const JobStore::Step& confirmed = a.steps.constLast();
        m_jobs->transition(a.jobId, sent.from, sent.to, sent.update, sent.message, a.nowMs);
        finishJob(a.jobId, confirmed.to, confirmed.update, confirmed.message);
    }
}

bool Engine::commitBatch()
{
    if (!m_batch)
        return true;
    // A BEGIN that failed left each write to commit on its own (and to say its own failure).
    const bool committed = !m_batch->isActive() || m_batch->commit();
    const QString why = m_batch->errorText();
    m_batch.reset(); // rolls back what a failed commit left
    const QList<std::pair<qint64, JobState>> finished = std::exchange(m_batchFinished, {});
    const QList<qint64> started = std::exchange(m_batchStarted, {});
    if (!committed) {
        for (qint64 id : started)
            m_running.remove(id); // pending in the catalog, never sent
        catalogFailed(Error::transient(QStringLiteral("Catalog error: ") + why));
        return false;
    }
    for (const auto& [id, to] : finished)
        afterFinish(id, to);
    if (!finished.isEmpty() || !started.isEmpty())
        Q_EMIT jobsChanged();
    for (qint64 id : started) {
        if (m_stopping || m_catalogFailed) {
            m_running.remove(id); // running in the catalog: checked at the destination next time
            continue;
        }
        if (m_running.contains(id))
            runJob(id);
    }
    return true;
}

} // namespace ks
