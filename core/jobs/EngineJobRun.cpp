// One job's run on the engine thread, from its start to its last transition: the look at the
// destination after an interruption, the copy without location, the upload, what its answer
// means (acknowledged, a name taken, the file changed or gone, a failure to retry), and the
// transition that ends it. Engine.cpp holds the rest: the lifecycle, scheduling and status.
#include "Engine.h"

#include "DestinationPool.h"
#include "RemotePathTemplate.h"
#include "catalog/AssetStore.h"
#include "common/FileStamp.h"
#include "common/WorkPool.h"
#include "policy/LocationStripper.h"
#include "upload/Destination.h"

#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace ks {

namespace {
// A removed file's job waits this long for the rescan to mark it missing (and the planner to
// cancel it); the rescan of one path is quicker.
constexpr qint64 kRemovedRecheckMs = 2'000;
constexpr int kRemovedRechecks = 3;
} // namespace

bool Engine::localFileChanged(const JobRow& job, const FileStamp& file) const
{
    return !file.exists || file.size != job.bytesTotal || file.mtimeMs != job.mtimeMs;
}

void Engine::startJob(const JobRow& job)
{
    openBatch();
    Error error;
    if (!m_jobs->transition(job.id, JobState::Pending, JobState::Running, {.waitReason = QString()},
                            QStringLiteral("started"), m_clock.nowMs(), &error)) {
        if (error.kind == ErrorClass::Transient) // the catalog refused the write
            catalogFailed(error);
        return;
    }
    m_idleReported = false;
    ++m_transitionsSinceCheckpoint;
    Running run;
    run.job = job;
    run.job.state = JobState::Running;
    m_running.insert(job.id, run);
    // Nothing is sent before the catalog says "running" (commitBatch runs it): a job killed
    // before that commit is still pending, with nothing sent that a rerun could duplicate.
    m_batchStarted.append(job.id);
}

void Engine::runJob(qint64 id)
{
    const JobRow job = m_running[id].job;
    Destination* dest = m_destinations->get(job.destinationId);
    if (!dest) {
        Error why = m_destinations->error(job.destinationId);
        if (!why)
            why = Error::permanent(QStringLiteral("The destination \"%1\" cannot be used: its "
                                                  "address is not supported")
                                       .arg(job.destinationName));
        failJob(id, why);
        return;
    }
    const FileStamp file = fileStamp(job.localPath); // one stat for both questions
    if (!file.exists) {
        if (waitForSource(job))
            return;
        fileRemoved(id, false);
        return;
    }
    if (localFileChanged(job, file)) {
        // Back to the scanner: a new version gets its own job content and remote name.
        finishJob(id, JobState::Pending, {.nextAttemptMs = m_clock.nowMs() + 2000},
                  QStringLiteral("the file changed since it was scanned; scanning it again"));
        rescan({job.localPath});
        return;
    }
    checkThenUpload(m_running[id]);
}

void Engine::checkThenUpload(Running& run)
{
    const qint64 id = run.job.id;
    Destination* dest = m_destinations->get(run.job.destinationId);
    UploadRequest cleanup;
    cleanup.jobId = id;
    cleanup.remotePath = run.job.remotePath;
    cleanup.resumeState = run.job.resumeState;
    if (!run.job.maybeSent) {
        prepareAndUpload(id);
        return;
    }
    // The last attempt may have completed before we were stopped: look before sending again.
    DestinationReply* reply = dest->stat(run.job.remotePath);
    run.reply = reply;
    connect(reply, &DestinationReply::finished, this, [this, id, reply, dest, cleanup] {
        reply->deleteLater();
        if (!m_running.contains(id))
            return;
        Running& r = m_running[id];
        const DestinationResult& res = reply->result();
        if (res.error) {
            failJob(id, res.error);
            return;
        }
        const QByteArray expected =
            r.job.sentSha256.isEmpty() ? r.job.contentSha256 : r.job.sentSha256;
        if (res.exists && (res.sha256.isEmpty() ? res.size >= 0 : res.sha256 == expected) &&
            (!res.sha256.isEmpty() || !r.job.sentSha256.isEmpty() ||
             res.size == r.job.bytesTotal)) {
            // The attempt was killed after naming the file but before it cleared up (a local
            // copy's temporary name, an open multipart upload): that goes first.
            DestinationReply* rm = dest->abandon(cleanup);
            connect(rm, &DestinationReply::finished, this, [this, id, rm, tag = res.tag] {
                rm->deleteLater();
                if (!m_running.contains(id))
                    return;
                finishJob(
                    id, JobState::Acknowledged,
                    {.error = Error{},
                     .maybeSent = false,
                     .remoteTag = tag,
                     .acknowledgedMs = m_clock.nowMs()},
                    QStringLiteral("found complete at the destination after an interruption"));
            });
            return;
        }
        // Clear what a killed attempt left, then send.
        DestinationReply* rm = dest->removeIncomplete(cleanup);
        connect(rm, &DestinationReply::finished, this, [this, id, rm, exists = res.exists] {
            rm->deleteLater();
            if (!m_running.contains(id))
                return;
            if (exists) {
                // Someone else's file holds the name: ours gets a suffixed one.
                Running& r2 = m_running[id];
                r2.job.remotePath = withSuffix(
                    r2.job.remotePath, QString::fromLatin1(r2.job.contentSha256.toHex().left(8)));
            }
            prepareAndUpload(id);
        });
    });
}

void Engine::prepareAndUpload(qint64 id)
{
    Running& run = m_running[id];
    if (!run.job.hasGps || m_locationConsent) {
        upload(id, run.job.localPath, run.job.bytesTotal, run.job.contentSha256);
        return;
    }
    // No location consent: send a copy without GPS tags, made off this thread.
    const QString source = run.job.localPath;
    const QString temp = m_profile.tempDir();
    auto* watcher = new QFutureWatcher<StrippedCopy>(this);
    connect(watcher, &QFutureWatcher<StrippedCopy>::finished, this, [this, id, watcher] {
        watcher->deleteLater();
        const StrippedCopy copy = watcher->result();
        if (!m_running.contains(id)) {
            if (copy.path != copy.path.section(QLatin1Char('\n'), 0, 0) || !copy.sha256.isEmpty())
                QFile::remove(copy.path);
            return;
        }
        if (copy.error) {
            failJob(id, copy.error);
            return;
        }
        Running& r = m_running[id];
        if (!copy.hadLocation) {
            upload(id, r.job.localPath, r.job.bytesTotal, r.job.contentSha256);
            return;
        }
        r.tempCopy = copy.path;
        r.job.sentSha256 = copy.sha256;
        upload(id, copy.path, copy.size, copy.sha256);
    });
    watcher->setFuture(QtConcurrent::run(workPool(), stripLocation, source, temp, id));
}

void Engine::upload(qint64 id, const QString& path, qint64 size, const QByteArray& sha256)
{
    Running& run = m_running[id];
    Destination* dest = m_destinations->get(run.job.destinationId);
    UploadRequest req;
    req.jobId = id;
    req.localPath = path;
    req.remotePath = run.job.remotePath;
    req.size = size;
    req.sha256 = sha256;
    req.mtimeMs = run.job.mtimeMs;
    // A copy (location removed) is not the file the scan saw.
    req.ctimeNs = path == run.job.localPath ? run.job.ctimeNs : 0;
    req.resumeState = run.job.resumeState;
    DestinationReply* reply = dest->upload(req);
    run.reply = reply;
    connect(reply, &DestinationReply::progress, this, [this, id](qint64 done, qint64) {
        if (auto it = m_running.find(id); it != m_running.end()) {
            m_bytesMoved += std::max<qint64>(0, done - it->bytesDone);
            it->bytesDone = done;
        }
    });
    connect(reply, &DestinationReply::resumeStateChanged, this,
            [this, id](const QByteArray& state) { m_jobs->setResumeState(id, state); });
    connect(reply, &DestinationReply::finished, this, [this, id] { onUploadFinished(id); });
}

void Engine::onUploadFinished(qint64 id)
{
    if (!m_running.contains(id))
        return;
    Running& run = m_running[id];
    DestinationReply* reply = run.reply;
    if (!reply)
        return;
    reply->deleteLater();
    const DestinationResult res = reply->result();
    if (!run.tempCopy.isEmpty())
        QFile::remove(run.tempCopy);
    const qint64 now = m_clock.nowMs();
    if (!res.error && res.verified) {
        // Both steps are recorded: all bytes sent, then confirmed by the destination. The next
        // schedule() writes them, in one commit with the start of the job taking this one's
        // place (issue 8: one commit per file instead of two).
        const JobUpdate sent{.remotePath = run.job.remotePath, .sentSha256 = run.job.sentSha256};
        const JobUpdate confirmed{.error = Error{},
                                  .resumeState = QByteArray(),
                                  .maybeSent = false,
                                  .remoteTag = res.tag,
                                  .acknowledgedMs = now};
        m_acknowledgements.append(
            {id,
             {{JobState::Running, JobState::Succeeded, sent, QStringLiteral("all bytes sent")},
              {JobState::Succeeded, JobState::Acknowledged, confirmed,
               QStringLiteral("confirmed by the destination (%1)").arg(res.tag)}},
             now});
        m_running.remove(id); // its slot is free
        if (m_acknowledgements.size() == 1)
            QMetaObject::invokeMethod(this, &Engine::schedule, Qt::QueuedConnection);
        return;
    }
    if (res.error.kind == ErrorClass::Cancelled || run.stopping) {
        finishJob(
            id, JobState::Pending, {.maybeSent = true},
            QStringLiteral("stopped: %1")
                .arg(run.stopReason.isEmpty() ? QStringLiteral("cancelled") : run.stopReason));
        return;
    }
    if (res.exists && res.error) {
        takenName(id);
        return;
    }
    // The disk went away between the start and the read: the job waits for it, like the others.
    // With the disk there, the file itself was removed while it was sent.
    if (!QFileInfo::exists(run.job.localPath)) {
        if (!waitForSource(run.job))
            fileRemoved(id, true);
        return;
    }
    if (res.sourceChanged) {
        // Its size and time may have been put back: only reading it again tells its content.
        Error error;
        AssetStore(m_db.db()).forgetFileState(run.job.resourceId, &error);
        rescan({run.job.localPath});
    } else if (localFileChanged(run.job, fileStamp(run.job.localPath))) {
        rescan({run.job.localPath});
    }
    failJob(id, res.error.isError() ? res.error
                                    : Error::transient(QStringLiteral("The destination did not "
                                                                      "confirm the content")));
}

void Engine::takenName(qint64 id)
{
    // The name may hold this very content: sent by a run whose acknowledgement the catalog lost
    // (a catalog restored from its backup, or started again; an answer lost while the server
    // went on). The destination proves it by SHA-256 (WebDAV reads a file of our size back): no
    // second copy then; any other file keeps its name and ours gets a suffix.
    Running& run = m_running[id];
    Destination* dest = m_destinations->get(run.job.destinationId);
    DestinationReply* reply = dest->statWithHash(run.job.remotePath, run.job.bytesTotal);
    run.reply = reply;
    connect(reply, &DestinationReply::finished, this, [this, id, reply] {
        reply->deleteLater();
        if (!m_running.contains(id))
            return;
        Running& r = m_running[id];
        const DestinationResult& there = reply->result();
        const QByteArray expected =
            r.job.sentSha256.isEmpty() ? r.job.contentSha256 : r.job.sentSha256;
        if (r.stopping || there.error.kind == ErrorClass::Cancelled) {
            finishJob(id, JobState::Pending, {.maybeSent = true},
                      QStringLiteral("stopped: %1").arg(r.stopReason));
            return;
        }
        if (there.error) {
            failJob(id, there.error); // a look that failed proves nothing: try again later
            return;
        }
        if (there.exists && !there.sha256.isEmpty() && there.sha256 == expected) {
            finishJob(id, JobState::Acknowledged,
                      {.error = Error{},
                       .resumeState = QByteArray(),
                       .maybeSent = false,
                       .remoteTag = there.tag,
                       .acknowledgedMs = m_clock.nowMs()},
                      QStringLiteral("already at the destination with the same content"));
            return;
        }
        const QString hash8 = QString::fromLatin1(r.job.contentSha256.toHex().left(8));
        QString path = withSuffix(r.job.remotePath, hash8);
        for (int n = 2; m_jobs->remotePathTaken(r.job.destinationId, path); ++n)
            path = withSuffix(r.job.remotePath, hash8 + QLatin1Char('-') + QString::number(n));
        finishJob(id, JobState::Pending, {.remotePath = path},
                  QStringLiteral("a different file has this name at the destination; it is sent "
                                 "as %1")
                      .arg(path));
    });
}

void Engine::fileRemoved(qint64 id, bool maybeSent)
{
    const QString path = m_running[id].job.localPath;
    const int attempts = m_running[id].job.attempts + 1;
    if (attempts > kRemovedRechecks) {
        // The scans did not find it gone (a path they do not reach): say so rather than loop.
        failJob(id, Error::permanent(QStringLiteral("The file is no longer on this computer")));
        return;
    }
    JobUpdate update{.attempts = attempts, .nextAttemptMs = m_clock.nowMs() + kRemovedRecheckMs};
    if (maybeSent)
        update.maybeSent = true; // a temporary upload may be left to clear if it comes back
    finishJob(id, JobState::Pending, update,
              QStringLiteral("the file is no longer on this computer; reading the library again"));
    rescan({path});
}

void Engine::failJob(qint64 id, const Error& error)
{
    Running& run = m_running[id];

    const int attempts = run.job.attempts + 1;
    std::uniform_real_distribution<double> jitter(0.0, 1.0);
    const RetryDecision d = m_retry.decide(error, attempts, jitter(m_random));
    if (d.retry) {
        finishJob(id, JobState::Pending,
                  {.attempts = attempts,
                   .nextAttemptMs = m_clock.nowMs() + d.delayMs,
                   .error = error,
                   .maybeSent = true},
                  QStringLiteral("%1; retrying in %2 s")
                      .arg(error.message)
                      .arg((d.delayMs + 999) / 1000));
        return;
    }
    const QString why =
        error.kind == ErrorClass::Transient
            ? QStringLiteral("%1 (gave up after %2 attempts)").arg(error.message).arg(attempts)
            : error.message;
    Error stored = error;
    stored.message = why;
    finishJob(id, JobState::Failed, {.attempts = attempts, .error = stored, .maybeSent = true},
              why);
}

void Engine::finishJob(qint64 id, JobState to, const JobUpdate& update, const QString& message)
{
    Running run = m_running.take(id);
    const std::optional<JobRow> current = m_jobs->job(id);
    const JobState from = current ? current->state : JobState::Running;
    Error error;
    if (!m_jobs->transition(id, from, to, update, message, m_clock.nowMs(), &error) &&
        error.kind == ErrorClass::Transient) {
        // Left as it was in the catalog: a running job is checked at the destination next time.
        catalogFailed(error);
        return;
    }
    jobFinished(id, to);
}

void Engine::jobFinished(qint64 id, JobState to)
{
    m_running.remove(id);
    if (m_batch) {
        m_batchFinished.append({id, to}); // its duplicates and the signals follow the commit
        return;
    }
    afterFinish(id, to);
    Q_EMIT jobsChanged();
    QMetaObject::invokeMethod(this, &Engine::schedule, Qt::QueuedConnection);
}

void Engine::afterFinish(qint64 id, JobState to)
{
    ++m_transitionsSinceCheckpoint;
    if (to == JobState::Acknowledged) {
        m_jobs->acknowledgeDuplicates(id, m_clock.nowMs());
        ++m_acknowledgedSinceBackup;
        maybeBackUpCatalog(false);
    }
}

void Engine::cancelRunning(const std::function<bool(const Running&)>& which, const QString& why)
{
    for (auto it = m_running.begin(); it != m_running.end(); ++it) {
        if (it->stopping || !which(*it))
            continue;
        it->stopping = true;
        it->stopReason = why;
        if (it->reply)
            it->reply->cancel();
    }
}

} // namespace ks
