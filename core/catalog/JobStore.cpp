#include "JobStore.h"

#include "SqlQuery.h"
#include "Transaction.h"

#include <QStringList>

namespace ks {

namespace {

const char kSelect[] =
    "SELECT j.id, j.resource_id, j.destination_id, d.name, j.state, coalesce(j.remote_path, ''), "
    "j.content_sha256, j.sent_sha256, coalesce(j.dedup_of, 0), j.attempts, j.next_attempt_ms, "
    "coalesce(j.error_class, ''), coalesce(j.error_message, ''), coalesce(j.http_status, 0), "
    "coalesce(j.wait_reason, ''), j.resume_state, j.maybe_sent, j.bytes_total, "
    "coalesce(j.remote_tag, ''), j.updated_ms, r.source_id, s.path || '/' || r.rel_path, "
    "r.mtime_ms, r.has_gps, "
    // The change time vouches for the job's bytes only while the resource is that content.
    "CASE WHEN r.sha256 = j.content_sha256 THEN coalesce(r.ctime_ns, 0) ELSE 0 END "
    "FROM jobs j JOIN destinations d ON d.id = j.destination_id "
    "JOIN resources r ON r.id = j.resource_id JOIN sources s ON s.id = r.source_id ";

JobRow readJob(const QSqlQuery& q)
{
    JobRow j;
    j.id = q.value(0).toLongLong();
    j.resourceId = q.value(1).toLongLong();
    j.destinationId = q.value(2).toLongLong();
    j.destinationName = q.value(3).toString();
    jobStateFromName(q.value(4).toString(), &j.state);
    j.remotePath = q.value(5).toString();
    j.contentSha256 = q.value(6).toByteArray();
    j.sentSha256 = q.value(7).toByteArray();
    j.dedupOf = q.value(8).toLongLong();
    j.attempts = q.value(9).toInt();
    j.nextAttemptMs = q.value(10).toLongLong();
    j.errorClass = errorClassFromName(q.value(11).toString());
    j.errorMessage = q.value(12).toString();
    j.httpStatus = q.value(13).toInt();
    j.waitReason = q.value(14).toString();
    j.resumeState = q.value(15).toByteArray();
    j.maybeSent = q.value(16).toBool();
    j.bytesTotal = q.value(17).toLongLong();
    j.remoteTag = q.value(18).toString();
    j.updatedMs = q.value(19).toLongLong();
    j.sourceId = q.value(20).toLongLong();
    j.localPath = q.value(21).toString();
    j.mtimeMs = q.value(22).toLongLong();
    j.hasGps = q.value(23).toBool();
    j.ctimeNs = q.value(24).toLongLong();
    return j;
}

QString idList(const QSet<qint64>& ids)
{
    QStringList parts;
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.join(QLatin1Char(','));
}

QVariant blobOrNull(const QByteArray& b)
{
    return b.isEmpty() ? QVariant() : QVariant(b);
}

} // namespace

std::optional<JobRow> JobStore::job(qint64 id)
{
    const auto q =
        m_statements.run(QLatin1String(kSelect) + QStringLiteral("WHERE j.id = ?"), {id});
    if (!q || !q->next())
        return std::nullopt;
    return readJob(*q);
}

QList<JobRow> JobStore::runnable(qint64 nowMs, const QSet<qint64>& excludeJobs,
                                 const QSet<qint64>& blockedDestinations,
                                 const QSet<qint64>& blockedSources, int limit)
{
    QString where = QStringLiteral("WHERE j.state = 'pending' AND j.dedup_of IS NULL AND "
                                   "j.next_attempt_ms <= ? ");
    if (!excludeJobs.isEmpty())
        where += QStringLiteral("AND j.id NOT IN (%1) ").arg(idList(excludeJobs));
    if (!blockedDestinations.isEmpty())
        where +=
            QStringLiteral("AND j.destination_id NOT IN (%1) ").arg(idList(blockedDestinations));
    if (!blockedSources.isEmpty())
        where += QStringLiteral("AND r.source_id NOT IN (%1) ").arg(idList(blockedSources));
    QList<JobRow> out;
    QSqlQuery q(m_db);
    if (!sql::exec(q,
                   QLatin1String(kSelect) + where +
                       QStringLiteral("ORDER BY j.next_attempt_ms, j.id LIMIT ?"),
                   {nowMs, limit}))
        return out;
    while (q.next())
        out.append(readJob(q));
    return out;
}

qint64 JobStore::nextDueMs(qint64 nowMs)
{
    const auto q =
        m_statements.run(QStringLiteral("SELECT min(next_attempt_ms) FROM jobs WHERE state = "
                                        "'pending' AND dedup_of IS NULL AND next_attempt_ms > ?"),
                         {nowMs});
    if (q && q->next())
        return q->value(0).toLongLong();
    return 0;
}

int JobStore::rebaseBackoffs(qint64 nowMs)
{
    QSqlQuery q(m_db);
    if (!sql::exec(q,
                   QStringLiteral("UPDATE jobs SET next_attempt_ms = ? + max(0, next_attempt_ms - "
                                  "updated_ms), updated_ms = ? WHERE state = 'pending' AND "
                                  "next_attempt_ms > ? AND updated_ms > ?"),
                   {nowMs, nowMs, nowMs, nowMs}))
        return 0;
    return q.numRowsAffected();
}

bool JobStore::applySteps(qint64 id, const QList<Step>& steps, qint64 nowMs, Error* error,
                          bool* changed)
{
    if (steps.isEmpty())
        return true;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const Step& step = steps[i];
        const bool chained = i == 0 || steps[i - 1].to == step.from;
        if (!chained || !canTransition(step.from, step.to)) {
            if (error)
                *error = Error::permanent(QStringLiteral("Job %1 cannot go from %2 to %3")
                                              .arg(id)
                                              .arg(jobStateName(step.from), jobStateName(step.to)));
            return false;
        }
    }
    const JobState from = steps.constFirst().from;
    const JobState to = steps.constLast().to;
    // Columns in the order first set; a later step's value replaces an earlier one's. One
    // UPDATE for "all bytes sent" and "confirmed" together: a statement less per file.
    QList<QLatin1String> columns;
    QVariantList values;
    auto set = [&](const char* column, const QVariant& v) {
        const QLatin1String name(column);
        if (const qsizetype at = columns.indexOf(name); at >= 0) {
            values[at] = v;
            return;
        }
        columns << name;
        values << v;
    };
    for (const Step& step : steps) {
        const JobUpdate& u = step.update;
        if (u.remotePath)
            set("remote_path", *u.remotePath);
        if (u.sentSha256)
            set("sent_sha256", blobOrNull(*u.sentSha256));
        if (u.attempts)
            set("attempts", *u.attempts);
        if (u.nextAttemptMs)
            set("next_attempt_ms", *u.nextAttemptMs);
        if (u.error) {
            set("error_class",
                u.error->isError() ? QVariant(errorClassName(u.error->kind)) : QVariant());
            set("error_message", u.error->isError() ? QVariant(u.error->message) : QVariant());
            set("http_status", u.error->httpStatus ? QVariant(u.error->httpStatus) : QVariant());
        }
        if (u.waitReason)
            set("wait_reason", u.waitReason->isEmpty() ? QVariant() : QVariant(*u.waitReason));
        if (u.resumeState)
            set("resume_state", blobOrNull(*u.resumeState));
        if (u.maybeSent)
            set("maybe_sent", *u.maybeSent ? 1 : 0);
        if (u.remoteTag)
            set("remote_tag", *u.remoteTag);
        if (u.acknowledgedMs)
            set("acknowledged_ms", *u.acknowledgedMs);
    }
    QStringList sets{QStringLiteral("state = ?"), QStringLiteral("updated_ms = ?")};
    QVariantList binds{jobStateName(to), nowMs};
    for (qsizetype i = 0; i < columns.size(); ++i) {
        sets << columns[i] + QStringLiteral(" = ?");
        binds << values[i];
    }
    binds << id << jobStateName(from);

    {
        // The text varies only with which columns are set: a few distinct statements.
        const auto q = m_statements.run(QStringLiteral("UPDATE jobs SET %1 WHERE id = ? AND "
                                                       "state = ?")
                                            .arg(sets.join(QStringLiteral(", "))),
                                        binds, error);
        if (!q)
            return false;
        if (q->numRowsAffected() != 1) {
            if (error)
                *error = Error::permanent(
                    QStringLiteral("Job %1 is no longer %2").arg(id).arg(jobStateName(from)));
            return false;
        }
    }
    if (changed)
        *changed = true;
    // One statement for all the steps' history rows, in the steps' order: the acknowledgement
    // ("all bytes sent", then "confirmed") is the engine's most frequent write.
    QStringList rows;
    QVariantList eventBinds;
    for (const Step& step : steps) {
        rows << (rows.isEmpty() ? QStringLiteral("SELECT ? AS at_ms, ? AS from_state, ? AS "
                                                 "to_state, ? AS message")
                                : QStringLiteral("SELECT ?, ?, ?, ?"));
        eventBinds << nowMs << jobStateName(step.from) << jobStateName(step.to) << step.message;
    }
    eventBinds << id;
    return bool(m_statements.run(
        QStringLiteral("INSERT INTO job_events (job_id, at_ms, from_state, to_state, destination, "
                       "local_path, remote_path, remote_tag, bytes, message) "
                       "SELECT j.id, v.at_ms, v.from_state, v.to_state, d.name, "
                       "s.path || '/' || r.rel_path, j.remote_path, j.remote_tag, j.bytes_total, "
                       "v.message FROM (%1) AS v CROSS JOIN jobs j "
                       "JOIN destinations d ON d.id = j.destination_id "
                       "JOIN resources r ON r.id = j.resource_id "
                       "JOIN sources s ON s.id = r.source_id WHERE j.id = ?")
            .arg(rows.join(QStringLiteral(" UNION ALL "))),
        eventBinds, error));
}

bool JobStore::transition(qint64 id, JobState from, JobState to, const JobUpdate& update,
                          const QString& message, qint64 nowMs, Error* error)
{
    return transitions(id, {Step{from, to, update, message}}, nowMs, error);
}

bool JobStore::transitions(qint64 id, const QList<Step>& steps, qint64 nowMs, Error* error)
{
    // Inside the engine's batch, part of it (Transaction.h): a failed write fails the batch.
    Transaction tx(m_db, m_statements, Transaction::Nesting::Join);
    if (!tx.isActive()) {
        if (error)
            *error = Error::transient(QStringLiteral("Catalog error: ") + tx.errorText());
        return false;
    }
    bool changed = false;
    if (!applySteps(id, steps, nowMs, error, &changed)) {
        // Refused before anything was written (the job is no longer in `from`): ending the
        // transaction as done keeps a batch it joined whole, and undoes nothing there is.
        if (!changed)
            tx.commit();
        return false;
    }
    if (!tx.commit()) {
        // Said, not swallowed: a caller that saw no error would try the same job again at once.
        if (error)
            *error = Error::transient(QStringLiteral("Catalog error: ") + tx.errorText());
        return false;
    }
    return true;
}

bool JobStore::setWaitReason(qint64 id, const QString& reason)
{
    QSqlQuery q(m_db);
    return sql::exec(q,
                     QStringLiteral("UPDATE jobs SET wait_reason = ? WHERE id = ? AND "
                                    "coalesce(wait_reason, '') <> ?"),
                     {reason.isEmpty() ? QVariant() : QVariant(reason), id, reason});
}

bool JobStore::setResumeState(qint64 id, const QByteArray& state)
{
    QSqlQuery q(m_db);
    return sql::exec(q, QStringLiteral("UPDATE jobs SET resume_state = ? WHERE id = ?"),
                     {blobOrNull(state), id});
}

namespace {
// Moves every job matching `where` to `to`, with one history row each, in one transaction.
int bulkTransition(QSqlDatabase& db, const QString& where, const QVariantList& binds,
                   const QString& to, const QString& extraSets, const QString& message,
                   qint64 nowMs)
{
    Transaction tx(db);
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
                  "INSERT INTO job_events (job_id, at_ms, from_state, to_state, destination, "
                  "local_path, remote_path, bytes, message) SELECT j.id, ?, j.state, ?, d.name, "
                  "s.path || '/' || r.rel_path, j.remote_path, j.bytes_total, ? FROM jobs j "
                  "JOIN destinations d ON d.id = j.destination_id JOIN resources r ON "
                  "r.id = j.resource_id JOIN sources s ON s.id = r.source_id WHERE ") +
              where);
    q.addBindValue(nowMs);
    q.addBindValue(to);
    q.addBindValue(message);
    for (const QVariant& v : binds)
        q.addBindValue(v);
    if (!q.exec())
        return 0;
    q.prepare(
        QStringLiteral("UPDATE jobs AS j SET state = ?, updated_ms = ?%1 WHERE ").arg(extraSets) +
        where);
    q.addBindValue(to);
    q.addBindValue(nowMs);
    for (const QVariant& v : binds)
        q.addBindValue(v);
    if (!q.exec())
        return 0;
    const int n = q.numRowsAffected();
    return tx.commit() ? n : 0;
}

QString inList(const QList<qint64>& ids)
{
    return idList(QSet<qint64>(ids.begin(), ids.end()));
}
} // namespace

int JobStore::recoverInterrupted(qint64 nowMs)
{
    return bulkTransition(m_db, QStringLiteral("j.state IN ('running', 'succeeded')"), {},
                          QStringLiteral("pending"), QStringLiteral(", maybe_sent = 1"),
                          QStringLiteral("interrupted; the destination is checked before "
                                         "sending again"),
                          nowMs);
}

int JobStore::acknowledgeDuplicates(qint64 primaryId, qint64 nowMs)
{
    {
        // Most jobs have no duplicate: one look through the index instead of a transaction of
        // two statements prepared for each acknowledged job. A look that failed does not count.
        const auto q = m_statements.run(QStringLiteral("SELECT 1 FROM jobs WHERE dedup_of = ? AND "
                                                       "state <> 'acknowledged' LIMIT 1"),
                                        {primaryId});
        if (q && !q->next())
            return 0;
    }
    return bulkTransition(
        m_db, QStringLiteral("j.dedup_of = ? AND j.state <> 'acknowledged'"), {primaryId},
        QStringLiteral("acknowledged"),
        QStringLiteral(", acknowledged_ms = %1, remote_path = (SELECT p.remote_path FROM jobs p "
                       "WHERE p.id = j.dedup_of), remote_tag = (SELECT p.remote_tag FROM jobs p "
                       "WHERE p.id = j.dedup_of)")
            .arg(nowMs),
        QStringLiteral("identical content is already at the destination"), nowMs);
}

int JobStore::retry(const QList<qint64>& ids, qint64 nowMs)
{
    if (ids.isEmpty())
        return 0;
    return bulkTransition(
        m_db,
        QStringLiteral("j.state IN ('failed', 'cancelled') AND j.id IN (%1)").arg(inList(ids)), {},
        QStringLiteral("pending"), QStringLiteral(", attempts = 0, next_attempt_ms = 0"),
        QStringLiteral("retry requested"), nowMs);
}

int JobStore::retryAll(qint64 nowMs)
{
    return bulkTransition(m_db, QStringLiteral("j.state = 'failed'"), {}, QStringLiteral("pending"),
                          QStringLiteral(", attempts = 0, next_attempt_ms = 0"),
                          QStringLiteral("retry requested"), nowMs);
}

int JobStore::skip(const QList<qint64>& ids, qint64 nowMs)
{
    if (ids.isEmpty())
        return 0;
    return bulkTransition(
        m_db,
        QStringLiteral("j.state IN ('registered', 'pending', 'failed') AND j.id IN (%1)")
            .arg(inList(ids)),
        {}, QStringLiteral("cancelled"), QString(), QStringLiteral("skipped by the user"), nowMs);
}

int JobStore::retryDestination(qint64 destinationId, qint64 nowMs)
{
    return bulkTransition(m_db, QStringLiteral("j.state = 'failed' AND j.destination_id = ?"),
                          {destinationId}, QStringLiteral("pending"),
                          QStringLiteral(", attempts = 0, next_attempt_ms = 0"),
                          QStringLiteral("the destination changed"), nowMs);
}

namespace {
// Marks the jobs cancelled by cancelRemoved() (no single quote: it goes into SQL as a literal).
const char kRemoved[] = "The file was removed from the library before it was backed up";
} // namespace

int JobStore::cancelRemoved(qint64 nowMs)
{
    const int n = bulkTransition(
        m_db,
        QStringLiteral("j.state IN ('registered', 'pending', 'failed') AND j.resource_id IN "
                       "(SELECT id FROM resources WHERE missing = 1)"),
        {}, QStringLiteral("cancelled"),
        QStringLiteral(", error_class = 'cancelled', error_message = '%1', http_status = NULL, "
                       "wait_reason = NULL")
            .arg(QLatin1String(kRemoved)),
        QStringLiteral("removed from the library before it was backed up"), nowMs);
    // Files waiting for a removed file's content to arrive would wait for ever: planned again
    // (an empty hash differs from the resource's), the first of them carries it, under its own
    // name. Not pending meanwhile, so nothing runs them without a name.
    bulkTransition(m_db,
                   QStringLiteral("j.state IN ('registered', 'pending') AND j.dedup_of IN (SELECT "
                                  "p.id FROM jobs p WHERE p.state = 'cancelled' AND "
                                  "p.error_message = '%1')")
                       .arg(QLatin1String(kRemoved)),
                   {}, QStringLiteral("registered"),
                   QStringLiteral(", content_sha256 = x'', remote_path = NULL, dedup_of = NULL"),
                   QStringLiteral("the file with the same content it waited for was removed"),
                   nowMs);
    return n;
}

int JobStore::reopenReturned(qint64 nowMs)
{
    // An empty content hash differs from the resource's: the planner takes the job up again.
    return bulkTransition(
        m_db,
        QStringLiteral("j.state = 'cancelled' AND j.error_message = '%1' AND j.resource_id IN "
                       "(SELECT id FROM resources WHERE missing = 0)")
            .arg(QLatin1String(kRemoved)),
        {}, QStringLiteral("cancelled"),
        QStringLiteral(", content_sha256 = x'', remote_path = NULL, dedup_of = NULL, "
                       "error_class = NULL, error_message = NULL, maybe_sent = 0"),
        QStringLiteral("back in the library"), nowMs);
}

JobCounts JobStore::counts()
{
    JobCounts c;
    QSqlQuery q(m_db);
    if (!sql::exec(q,
                   QStringLiteral("SELECT state, count(*), sum(bytes_total) FROM jobs "
                                  "GROUP BY state"),
                   {}))
        return c;
    while (q.next()) {
        const QString state = q.value(0).toString();
        c.byState.insert(state, q.value(1).toLongLong());
        if (state == QLatin1String("cancelled"))
            continue;
        c.filesTotal += q.value(1).toLongLong();
        c.bytesTotal += q.value(2).toLongLong();
        if (state == QLatin1String("acknowledged")) {
            c.filesAcknowledged += q.value(1).toLongLong();
            c.bytesAcknowledged += q.value(2).toLongLong();
        }
    }
    return c;
}

QList<JobRow> JobStore::cancelledWithLeftovers(int limit)
{
    QList<JobRow> out;
    QSqlQuery q(m_db);
    if (!sql::exec(q,
                   QLatin1String(kSelect) +
                       QStringLiteral("WHERE j.state = 'cancelled' AND (j.maybe_sent = 1 OR "
                                      "j.resume_state IS NOT NULL) ORDER BY j.id LIMIT ?"),
                   {limit}))
        return out;
    while (q.next())
        out.append(readJob(q));
    return out;
}

bool JobStore::clearLeftovers(qint64 id)
{
    QSqlQuery q(m_db);
    return sql::exec(
        q,
        QStringLiteral("UPDATE jobs SET maybe_sent = 0, resume_state = NULL WHERE id = "
                       "? AND state = 'cancelled'"),
        {id});
}

QList<JobRow> JobStore::failures(int limit)
{
    QList<JobRow> out;
    QSqlQuery q(m_db);
    // The partial index jobs_attention holds exactly these jobs, newest first; named, because
    // without statistics SQLite would rather walk every pending job.
    const QString select = QString::fromLatin1(kSelect).replace(
        QStringLiteral("FROM jobs j "), QStringLiteral("FROM jobs j INDEXED BY jobs_attention "));
    if (!sql::exec(q,
                   select + QStringLiteral("WHERE j.state = 'failed' OR (j.state = 'pending' AND "
                                           "j.attempts > 0) ORDER BY j.updated_ms DESC LIMIT ?"),
                   {limit}))
        return out;
    while (q.next())
        out.append(readJob(q));
    return out;
}

qint64 JobStore::failureCount()
{
    QSqlQuery q(m_db);
    if (sql::exec(q, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'failed'"), {}) &&
        q.next())
        return q.value(0).toLongLong();
    return 0;
}

QList<JobStore::Unplanned> JobStore::unplanned(qint64 destinationId,
                                               const QSet<qint64>& consentedSources,
                                               qint64 fromAssetId, int limit)
{
    QList<Unplanned> out;
    if (consentedSources.isEmpty())
        return out;
    // "+r.source_id": walked by the asset index, the query stops after `limit` rows; by the
    // source index SQLite read and sorted all of a source's resources for every batch.
    QSqlQuery q(m_db);
    if (!sql::exec(q,
                   QStringLiteral(
                       "SELECT r.id, r.asset_id, a.group_key, r.rel_path, r.role, r.sha256, "
                       "r.size, coalesce(a.capture_time, r.mtime_ms), s.path, j.id, (SELECT "
                       "count(*) FROM resources m WHERE m.asset_id = r.asset_id), EXISTS (SELECT "
                       "1 FROM jobs p WHERE p.destination_id = ? AND p.content_sha256 = "
                       "r.sha256 AND p.dedup_of IS NULL AND p.state <> 'cancelled') FROM "
                       "resources r "
                       "JOIN assets a ON a.id = r.asset_id JOIN sources s ON s.id = r.source_id "
                       "LEFT JOIN jobs j ON j.resource_id = r.id AND j.destination_id = ? "
                       "WHERE r.asset_id >= ? AND r.missing = 0 AND r.problem IS NULL AND "
                       "r.sha256 IS NOT NULL AND +r.source_id IN (%1) AND (j.id IS NULL OR "
                       "(j.content_sha256 <> r.sha256 AND j.state NOT IN ('running', "
                       "'succeeded'))) "
                       "ORDER BY r.asset_id, CASE r.role WHEN 'original' THEN 0 ELSE 1 END, r.id "
                       "LIMIT ?")
                       .arg(idList(consentedSources)),
                   {destinationId, destinationId, fromAssetId, limit}))
        return out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(),
                    q.value(3).toString(), q.value(4).toString(), q.value(5).toByteArray(),
                    q.value(6).toLongLong(), q.value(7).toLongLong(), q.value(8).toString(),
                    q.value(9).toLongLong(), q.value(10).toInt(), q.value(11).toBool()});
    return out;
}

std::optional<qint64> JobStore::jobFor(qint64 resourceId, qint64 destinationId)
{
    const auto q = m_statements.run(
        QStringLiteral("SELECT id FROM jobs WHERE resource_id = ? AND destination_id = ?"),
        {resourceId, destinationId});
    if (q && q->next())
        return q->value(0).toLongLong();
    return std::nullopt;
}

QString JobStore::remotePathOfAssetSibling(qint64 assetId, qint64 destinationId)
{
    const auto q = m_statements.run(
        // CROSS JOIN keeps this order (the asset's few resources, then their
        // jobs by index): left to itself SQLite walked every job of the destination
        // for "ORDER BY j.id", once per planned asset.
        QStringLiteral("SELECT j.remote_path, r.rel_path FROM resources r CROSS JOIN "
                       "jobs j ON r.id = j.resource_id WHERE r.asset_id = ? AND "
                       "j.destination_id = ? AND j.dedup_of IS NULL AND "
                       "j.remote_path IS NOT NULL ORDER BY j.id LIMIT 1"),
        {assetId, destinationId});
    if (q && q->next())
        return q->value(0).toString() + QLatin1Char('\n') + q->value(1).toString();
    return {};
}

bool JobStore::remotePathTaken(qint64 destinationId, const QString& remotePath)
{
    const auto q =
        m_statements.run(QStringLiteral("SELECT 1 FROM jobs WHERE destination_id = ? AND "
                                        "remote_path = ? AND dedup_of IS NULL LIMIT 1"),
                         {destinationId, remotePath});
    return q && q->next();
}

std::optional<JobRow> JobStore::primaryFor(qint64 destinationId, const QByteArray& sha256)
{
    const auto q = m_statements.run(
        QLatin1String(kSelect) + QStringLiteral("WHERE j.destination_id = ? AND j.content_sha256 "
                                                "= ? AND j.dedup_of IS NULL AND j.state <> "
                                                "'cancelled' ORDER BY j.id LIMIT 1"),
        {destinationId, sha256});
    if (!q || !q->next())
        return std::nullopt;
    return readJob(*q);
}

bool JobStore::insertOrRenew(const Unplanned& r, qint64 destinationId, const QString& remotePath,
                             qint64 dedupOf, JobState state, qint64 nowMs, Error* error)
{
    const QVariant dedup = dedupOf ? QVariant(dedupOf) : QVariant();
    const std::optional<qint64> existing =
        r.jobId ? std::optional<qint64>(r.jobId) : std::nullopt; // read by unplanned()
    QString message = existing ? QStringLiteral("the file changed: its new version is queued")
                               : QStringLiteral("registered");
    // An empty hash: left by reopenReturned() (the same file is back, not a new version) or by
    // cancelRemoved() (the file it waited for was removed).
    if (existing) {
        const auto q = m_statements.run(
            QStringLiteral("SELECT state, length(content_sha256) FROM jobs WHERE id = ?"),
            {*existing});
        if (q && q->next() && q->value(1).toInt() == 0)
            message = q->value(0).toString() == QLatin1String("cancelled")
                          ? QStringLiteral("back in the library: queued again")
                          : QStringLiteral("queued again");
    }
    qint64 id = existing.value_or(0);
    if (existing) {
        // resume_state stays: it may name an upload the old version left open on the server
        // (S3 multipart), which the next attempt then resumes (its parts are checked against
        // the new bytes) or aborts; forgotten here, it would stay open and billed for ever.
        if (!m_statements.run(
                QStringLiteral(
                    "UPDATE jobs SET state = ?, remote_path = ?, content_sha256 = ?, "
                    "sent_sha256 = NULL, dedup_of = ?, attempts = 0, next_attempt_ms = 0, "
                    "error_class = NULL, error_message = NULL, http_status = NULL, "
                    "maybe_sent = 0, bytes_total = ?, remote_tag = NULL, updated_ms = ?, "
                    "acknowledged_ms = NULL WHERE id = ?"),
                {jobStateName(state), remotePath, r.sha256, dedup, r.size, nowMs, *existing},
                error))
            return false;
    } else {
        const auto q = m_statements.run(
            QStringLiteral("INSERT INTO jobs (resource_id, destination_id, state, remote_path, "
                           "content_sha256, dedup_of, bytes_total, created_ms, updated_ms) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {r.resourceId, destinationId, jobStateName(state), remotePath, r.sha256, dedup, r.size,
             nowMs, nowMs},
            error);
        if (!q)
            return false;
        id = q->lastInsertId().toLongLong();
    }
    return bool(m_statements.run(
        QStringLiteral("INSERT INTO job_events (job_id, at_ms, to_state, destination, "
                       "local_path, remote_path, bytes, message) SELECT ?, ?, ?, "
                       "name, ?, ?, ?, ? FROM destinations WHERE id = ?"),
        {id, nowMs, jobStateName(state), r.sourcePath + QLatin1Char('/') + r.relPath, remotePath,
         r.size, message, destinationId},
        error));
}

} // namespace ks
