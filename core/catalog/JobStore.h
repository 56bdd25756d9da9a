#pragma once

#include "StatementCache.h"
#include "common/Error.h"
#include "jobs/JobState.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace ks {

struct JobRow
{
    qint64 id = 0;
    qint64 resourceId = 0;
    qint64 destinationId = 0;
    QString destinationName;
    JobState state = JobState::Registered;
    QString remotePath;
    QByteArray contentSha256;
    QByteArray sentSha256;
    qint64 dedupOf = 0;
    int attempts = 0;
    qint64 nextAttemptMs = 0;
    ErrorClass errorClass = ErrorClass::None;
    QString errorMessage;
    int httpStatus = 0;
    QString waitReason;
    QByteArray resumeState;
    bool maybeSent = false;
    qint64 bytesTotal = 0;
    QString remoteTag;
    qint64 updatedMs = 0;
    // From the resource:
    qint64 sourceId = 0;
    QString localPath;
    qint64 mtimeMs = 0;
    bool hasGps = false;
    qint64 ctimeNs = 0; // the change time the scan saw with contentSha256 (0: not known)
};

// What a transition changes besides the state. Unset fields keep their value.
struct JobUpdate
{
    std::optional<QString> remotePath = std::nullopt;
    std::optional<QByteArray> sentSha256 = std::nullopt;
    std::optional<int> attempts = std::nullopt;
    std::optional<qint64> nextAttemptMs = std::nullopt;
    std::optional<Error> error = std::nullopt; // an Error of kind None clears the stored error
    std::optional<QString> waitReason = std::nullopt;
    std::optional<QByteArray> resumeState = std::nullopt;
    std::optional<bool> maybeSent = std::nullopt;
    std::optional<QString> remoteTag = std::nullopt;
    std::optional<qint64> acknowledgedMs = std::nullopt;
};

struct JobCounts
{
    QMap<QString, qint64> byState;
    qint64 bytesTotal = 0;
    qint64 bytesAcknowledged = 0;
    qint64 filesTotal = 0;
    qint64 filesAcknowledged = 0;
};

// Jobs: one per (resource, destination). Every state change goes through transition(), which
// writes the new state and a history row in one transaction.
class JobStore
{
public:
    explicit JobStore(QSqlDatabase& db) : m_db(db) {}

    std::optional<JobRow> job(qint64 id);
    // Runnable now: pending, due, not a duplicate, not excluded. Ordered so a bounded window
    // of the catalog is in memory at a time.
    QList<JobRow> runnable(qint64 nowMs, const QSet<qint64>& excludeJobs,
                           const QSet<qint64>& blockedDestinations,
                           const QSet<qint64>& blockedSources, int limit);
    // Earliest next_attempt_ms among pending jobs in the future (0 if none).
    qint64 nextDueMs(qint64 nowMs);
    // After the clock went back: a job waiting to retry whose last change lies in the future
    // was timed by the clock before the jump. It waits its delay again from now, not the days
    // the clock went back. Returns how many jobs were moved.
    int rebaseBackoffs(qint64 nowMs);

    // Moves a job from `from` to `to` (refused if the job is not in `from` or the transition is
    // not allowed) and records the event. `message` goes into history.
    bool transition(qint64 id, JobState from, JobState to, const JobUpdate& update,
                    const QString& message, qint64 nowMs, Error* error = nullptr);
    struct Step
    {
        JobState from;
        JobState to;
        JobUpdate update;
        QString message;
    };
    // Several transitions of one job that happen at the same moment ("all bytes sent", then
    // "confirmed") in one transaction: all recorded or none. One commit instead of two is a
    // large part of the engine's cost per small file.
    bool transitions(qint64 id, const QList<Step>& steps, qint64 nowMs, Error* error = nullptr);
    bool setWaitReason(qint64 id, const QString& reason);
    bool setResumeState(qint64 id, const QByteArray& state);

    // On engine start: jobs left running by a killed process return to pending, flagged so the
    // destination is checked before anything is sent again.
    int recoverInterrupted(qint64 nowMs);
    // Acknowledges every job that waits on `primaryId`'s content.
    int acknowledgeDuplicates(qint64 primaryId, qint64 nowMs);

    int retry(const QList<qint64>& ids, qint64 nowMs); // failed/cancelled -> pending
    int retryAll(qint64 nowMs);
    int skip(const QList<qint64>& ids, qint64 nowMs); // pending/failed/registered -> cancelled
    // After credentials or a destination changed: its permanently failed jobs get another try.
    int retryDestination(qint64 destinationId, qint64 nowMs);

    // Files removed from the library (resources marked missing) before they were sent: their
    // waiting or failed jobs are cancelled, not failed, as PhotoKit cancels the upload of a
    // deleted asset; a removed file is no failure to retry. Jobs that waited for such a job's
    // content (identical files) are planned again, so one of them carries it under its own name.
    // Returns how many were cancelled.
    int cancelRemoved(qint64 nowMs);
    // Jobs cancelled that way whose file is back (restored, or seen again at its place): made
    // ready to be planned again (the planner then queues them, or points them at the copy that
    // took over). Returns how many.
    int reopenReturned(qint64 nowMs);

    // Cancelled jobs an earlier attempt may have left something of on the server (a temporary
    // file, an open multipart upload): for LeftoverSweep. clearLeftovers() forgets that record
    // once the destination removed it (only while the job is still cancelled).
    QList<JobRow> cancelledWithLeftovers(int limit);
    bool clearLeftovers(qint64 id);

    JobCounts counts();
    QList<JobRow> failures(int limit = 1000);
    qint64 failureCount();

    // --- planning ---
    struct Unplanned
    {
        qint64 resourceId;
        qint64 assetId;
        QString groupKey; // folder-relative, without extension
        QString relPath;
        QString role;
        QByteArray sha256;
        qint64 size;
        qint64 captureWallMs;
        QString sourcePath;
        qint64 jobId = 0;     // the job this renews (older content), 0: none yet
        int assetMembers = 1; // the asset's resources: with one, there is no sibling to follow
        bool contentHasJob = false; // a job (not a duplicate) already carries this content there
    };
    // Resources that may be read (source consent given), present, readable and hashed, that
    // have no job for this destination yet, or whose job holds older content, in asset order
    // from `fromAssetId` on: a planning pass continues where its last batch ended instead of
    // stepping again over every resource it planned (that made a pass quadratic).
    QList<Unplanned> unplanned(qint64 destinationId, const QSet<qint64>& consentedSources,
                               qint64 fromAssetId, int limit);
    std::optional<qint64> jobFor(qint64 resourceId, qint64 destinationId);
    // Another job of the same asset at this destination already has a remote path: reuse its base.
    QString remotePathOfAssetSibling(qint64 assetId, qint64 destinationId);
    bool remotePathTaken(qint64 destinationId, const QString& remotePath);
    // A non-duplicate job that carries this content to this destination.
    std::optional<JobRow> primaryFor(qint64 destinationId, const QByteArray& sha256);
    bool insertOrRenew(const Unplanned& r, qint64 destinationId, const QString& remotePath,
                       qint64 dedupOf, JobState state, qint64 nowMs, Error* error);

    // A transaction whose BEGIN and COMMIT are prepared once: the engine's batch of
    // acknowledgements and starts (Engine::schedule), in which the calls above nest.
    StatementCache& statements() { return m_statements; }

private:
    // The steps of one job inside the caller's transaction: one UPDATE from the first step's
    // state to the last one's (the later step's value where two set a column), and one event
    // row per step. `changed` is set once the job's row is written: a failure after that left
    // writes behind.
    bool applySteps(qint64 id, const QList<Step>& steps, qint64 nowMs, Error* error, bool* changed);

    QSqlDatabase& m_db;
    StatementCache m_statements{m_db}; // the per-job statements, prepared once per store
};

} // namespace ks
