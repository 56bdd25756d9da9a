#include "Engine.h"

#include "DestinationPool.h"
#include "LeftoverSweep.h"
#include "Planner.h"
#include "RemotePathTemplate.h"
#include "ScanFeed.h"
#include "StatusReader.h"
#include "UserPause.h"
#include "catalog/AssetStore.h"
#include "catalog/CatalogBackup.h"
#include "catalog/CatalogFailure.h"
#include "catalog/ConsentStore.h"
#include "catalog/DestinationStore.h"
#include "catalog/SettingKeys.h"
#include "catalog/SettingsStore.h"
#include "catalog/SourceStore.h"
#include "common/ThreadPriority.h"
#include "common/WorkPool.h"
#include "policy/ConsentScope.h"
#include "policy/LocationStripper.h"
#include "policy/PolicyGate.h"
#include "policy/QtNetworkStateSource.h"
#include "policy/UPowerStateSource.h"
#include "scan/LibraryScanner.h"
#include "scan/LibraryWatcher.h"
#include "scan/SourceRoot.h"
#include "upload/Destination.h"
#include "upload/DestinationFactory.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <cstdlib>

namespace ks {

namespace {
constexpr int kWindow = 64;
constexpr qint64 kCatalogBackupEveryMs = 10 * 60'000;
constexpr qint64 kIdleHorizonMs = 60'000; // retries due sooner than this keep a backup waiting
// Wall clock vs monotonic drift that counts as a jump.
constexpr qint64 kClockJumpMs = 5'000;
// A removed file's job waits this long for the rescan to mark it missing (and the planner to
// cancel it); the rescan of one path is quicker.
constexpr qint64 kRemovedRecheckMs = 2'000;
constexpr int kRemovedRechecks = 3;
} // namespace

Engine::Engine(const Profile& profile, const Options& options)
    : m_profile(profile), m_options(options),
      m_clock(options.clock ? *options.clock : systemClock()), m_limiter(m_clock)
{
    qRegisterMetaType<EngineStatus>();
    // Parented, so they move to the engine thread with us.
    m_wakeTimer.setParent(this);
    m_statusTimer.setParent(this);
    m_pollTimer.setParent(this);
    m_sourceTimer.setParent(this);
    m_sourceTimer.setInterval(3000);
    connect(&m_sourceTimer, &QTimer::timeout, this, &Engine::checkSourcesBack);
    m_wakeTimer.setSingleShot(true);
    connect(&m_wakeTimer, &QTimer::timeout, this, &Engine::schedule);
    m_statusTimer.setInterval(statusEveryMs(0));
    connect(&m_statusTimer, &QTimer::timeout, this, &Engine::publishStatus);
    // Consent, pause and settings may be changed by another process (keepsake-cli): polling a
    // cheap stamp keeps enforcement within a second even if no nudge arrives.
    m_pollTimer.setInterval(400);
    connect(&m_pollTimer, &QTimer::timeout, this, [this] {
        checkClock();
        if (ConsentStore(m_db.db()).changeStamp() != m_consentStamp ||
            pausedUntil(m_db.db()) != m_pausedUntil)
            reload();
    });
}

Engine::~Engine()
{
    stop();
}

void Engine::start()
{
    lowerCurrentThreadPriority(); // threads started from here on inherit it
    Error error;
    if (!m_db.open(m_profile.catalogPath(), &error)) {
        Q_EMIT fatalError(error.message);
        return;
    }
    // A damaged catalog is refused before anything writes to it (it may still be restored).
    if (!CatalogBackup::check(m_db.db(), m_profile.catalogPath(), &error)) {
        m_db.close();
        Q_EMIT fatalError(error.message);
        return;
    }
    // With no copy yet, the first is written at the end of this run or ten minutes into it, not
    // at its first acknowledged file: there the copy's integrity check and VACUUM INTO (about a
    // megabyte of SQLite's memory) came on top of the scan's and the first transfers' and set a
    // small-file backup's peak memory (docs/benchmarks.md), for a catalog that held one file.
    m_catalogBackupMs = CatalogBackup(m_profile.catalogPath()).writtenMs();
    if (m_catalogBackupMs == 0)
        m_catalogBackupMs = QDateTime::currentMSecsSinceEpoch();
    m_jobs = std::make_unique<JobStore>(m_db.db());
    m_jobs->recoverInterrupted(m_clock.nowMs());
    // The clock may have been set back while no engine ran.
    m_jobs->rebaseBackoffs(m_clock.nowMs());
    rebasePause(m_db.db(), m_clock.nowMs());
    m_monotonic.start();
    m_lastClockMs = m_clock.nowMs();
    m_destinations = std::make_unique<DestinationPool>(m_db.db(), m_profile.dir(), &m_limiter);
    connect(m_destinations.get(), &DestinationPool::secretRead, this, [this] {
        if (!m_started || m_stopping)
            return;
        computeBlocked();
        m_sweep->sweep(m_blockedDestinations);
        schedule();
    });
    m_sweep = new LeftoverSweep(*m_jobs, *m_destinations, this);
    connect(m_sweep, &LeftoverSweep::settled, this, &Engine::checkIdle);
    // The real network and power sources are opened by attachStateSources() when a job would
    // run: Qt's network information loads its plugins (GLib, GIO, D-Bus), about 3 MiB of a
    // process that has nothing to send. Until then nothing is waiting on them.
    m_gate = std::make_unique<PolicyGate>(m_options.network, m_options.power, m_clock);
    connect(m_gate.get(), &PolicyGate::changed, this, [this] {
        computeBlocked();
        cancelRunning(
            [this](const Running& r) {
                return m_blockedDestinations.contains(r.job.destinationId);
            },
            QStringLiteral("paused by a policy"));
        schedule();
    });
    m_scanner = std::make_unique<LibraryScanner>(m_profile.catalogPath());
    connect(m_scanner.get(), &LibraryScanner::finished, this, &Engine::onScanFinished);
    // Uploads start from what the scan committed while it goes on (see ScanFeed.h).
    m_feed = new ScanFeed(
        [this] {
            if (m_stopping || m_catalogFailed || !planJobs())
                return false;
            Q_EMIT jobsChanged();
            schedule();
            return true;
        },
        this);
    connect(m_scanner.get(), &LibraryScanner::progress, m_feed, &ScanFeed::batchCommitted);
    if (m_options.watchSources) {
        m_watcher = std::make_unique<LibraryWatcher>();
        connect(m_watcher.get(), &LibraryWatcher::changed, this, &Engine::rescan);
    }
    m_started = true;
    m_scanner->start(); // before reload(): "idle" must not be reported before the first scan
    reload();
    m_statusTimer.start();
    m_pollTimer.start();
}

void Engine::stop()
{
    if (!m_started || m_stopping)
        return;
    m_stopping = true;
    m_wakeTimer.stop();
    m_pollTimer.stop();
    m_sourceTimer.stop();
    m_statusTimer.stop();
    if (m_scanner)
        m_scanner->cancel();
    if (m_feed)
        m_feed->stop();
    // Record the stop first: the catalog must be right even if we are killed a moment later.
    const QList<qint64> ids = m_running.keys();
    for (qint64 id : ids) {
        Running& r = m_running[id];
        m_jobs->transition(id, JobState::Running, JobState::Pending, {.maybeSent = true},
                           QStringLiteral("stopped: Keepsake is quitting"), m_clock.nowMs());
        if (r.reply)
            r.reply->cancel();
        if (!r.tempCopy.isEmpty())
            QFile::remove(r.tempCopy);
    }
    m_running.clear();
    // Pool work (copies, hashing) sees the cancel flag within one block.
    workPool()->waitForDone(1500);
    m_inhibitor.setActive(false);
    m_scanner.reset();
    m_sweep->stop();
    m_destinations->clear();
}

void Engine::rescan(const QStringList& paths)
{
    if (!m_started || m_stopping)
        return;
    m_idleReported = false;
    m_scanner->start(paths);
    publishStatus();
}

void Engine::onScanFinished(const ScanSummary& summary)
{
    if (m_stopping)
        return;
    m_feed->stop();
    // The scan fails only when the catalog cannot take what it found.
    if (summary.error) {
        catalogFailed(summary.error);
        return;
    }
    if (!planJobs())
        return;
    SettingsStore(m_db.db()).setValue(settingkeys::lastCheckedMs, QString::number(m_clock.nowMs()));
    if (m_watcher) {
        QStringList roots;
        ConsentStore consents(m_db.db());
        for (const Source& s : SourceStore(m_db.db()).list()) {
            if (consents.isGranted(consent::readSource, s.path))
                roots << s.path;
        }
        if (roots != m_watcher->watchedDirectories().mid(0, roots.size()))
            m_watcher->watch(roots);
    }
    Q_EMIT jobsChanged();
    schedule();
}

void Engine::reload()
{
    if (!m_started || m_stopping)
        return;
    SettingsStore settings(m_db.db());
    ConsentStore consents(m_db.db());
    m_consentStamp = consents.changeStamp();
    m_maxTransfers =
        int(std::clamp<qint64>(settings.intValue(settingkeys::maxTransfers, 4), 1, 32));
    m_retry = RetryPolicy(
        int(std::clamp<qint64>(settings.intValue(settingkeys::maxAttempts, 8), 1, 100)), 2000,
        std::clamp<qint64>(settings.intValue(settingkeys::maxRetryDelaySeconds, 3600), 5, 86400) *
            1000);
    m_pausedUntil = pausedUntil(m_db.db());
    m_locationConsent = consents.isGranted(consent::location, QString());
    const PolicySettings policy = PolicySettings::load(m_db.db());
    m_limiter.setRate(policy.bandwidthBytesPerSec);
    m_gate->blockSignals(true);
    m_gate->setSettings(policy);
    m_gate->blockSignals(false);
    refreshDestinations();
    computeBlocked();
    const bool paused = isPaused(m_pausedUntil, m_clock.nowMs());
    cancelRunning(
        [this, paused](const Running& r) {
            return paused || m_blockedDestinations.contains(r.job.destinationId) ||
                   m_blockedSources.contains(r.job.sourceId) ||
                   (r.job.hasGps && !m_locationConsent && r.tempCopy.isEmpty());
        },
        paused ? QStringLiteral("paused by you") : QStringLiteral("consent or policy changed"));
    if (!planJobs())
        return;
    m_window.clear();
    m_idleReported = false;
    Q_EMIT jobsChanged();
    schedule();
}

bool Engine::planJobs()
{
    Error error;
    if (Planner(m_db.db(), m_clock).plan(&error) < 0 || error) {
        catalogFailed(error ? error : Error::transient(QStringLiteral("jobs not written")));
        return false;
    }
    // Planning is what cancels the jobs of removed files: what they left goes now.
    m_sweep->sweep(m_blockedDestinations);
    return true;
}

void Engine::refreshDestinations()
{
    // A destination that changed (address, certificate, secret) deserves another try of its
    // failures.
    for (qint64 id : m_destinations->refresh())
        m_jobs->retryDestination(id, m_clock.nowMs());
}

void Engine::computeBlocked()
{
    m_blockedDestinations.clear();
    m_blockedSources.clear();
    ConsentStore consents(m_db.db());
    for (const DestinationRecord& d : DestinationStore(m_db.db()).list()) {
        if (!consents.isGranted(consent::upload, d.name) || m_destinations->isLoading(d.id) ||
            !m_gate->blockers(destinationNeedsNetwork(d.url)).isEmpty())
            m_blockedDestinations.insert(d.id);
    }
    m_unavailableSources.clear();
    SourceStore sources(m_db.db());
    for (const Source& s : sources.list()) {
        QString why;
        if (!consents.isGranted(consent::readSource, s.path)) {
            m_blockedSources.insert(s.id);
        } else if (!sourceRootAvailable(s.path, sources.hasPresentFiles(s.id), &why)) {
            m_blockedSources.insert(s.id);
            m_unavailableSources.insert(s.id, why);
        }
    }
    if (m_unavailableSources.isEmpty())
        m_sourceTimer.stop();
    else if (!m_sourceTimer.isActive())
        m_sourceTimer.start();
}

bool Engine::waitForSource(const JobRow job)
{
    const std::optional<Source> source = SourceStore(m_db.db()).byId(job.sourceId);
    QString why;
    if (!source || sourceRootAvailable(source->path, true, &why))
        return false;
    m_unavailableSources.insert(job.sourceId, why);
    m_blockedSources.insert(job.sourceId);
    m_window.clear(); // it may hold more jobs of this source
    if (!m_sourceTimer.isActive())
        m_sourceTimer.start();
    // maybe_sent: an attempt cut short may have left a temporary file to clear first.
    finishJob(job.id, JobState::Pending, {.waitReason = why, .maybeSent = true},
              QStringLiteral("waiting: ") + why);
    return true;
}

void Engine::checkSourcesBack()
{
    if (!m_started || m_stopping)
        return;
    SourceStore sources(m_db.db());
    for (auto it = m_unavailableSources.cbegin(); it != m_unavailableSources.cend(); ++it) {
        const std::optional<Source> source = sources.byId(it.key());
        if (source && sourceRootAvailable(source->path, true, nullptr)) {
            // Back: read it again (files may have changed meanwhile), then its jobs run.
            computeBlocked();
            m_window.clear();
            rescan();
            schedule();
            return;
        }
    }
}

void Engine::schedule()
{
    if (!m_started || m_stopping || m_catalogFailed)
        return;
    const qint64 now = m_clock.nowMs();
    if (isPaused(m_pausedUntil, now)) {
        if (m_pausedUntil > 0)
            m_wakeTimer.start(int(std::min<qint64>(m_pausedUntil - now + 10, 3600'000)));
        checkIdle();
        return;
    }
    while (m_running.size() < m_maxTransfers) {
        if (m_window.empty()) {
            QSet<qint64> exclude(m_running.keyBegin(), m_running.keyEnd());
            for (const JobRow& j :
                 m_jobs->runnable(now, exclude, m_blockedDestinations, m_blockedSources, kWindow))
                m_window.push_back(j);
            if (m_window.empty())
                break;
            if (attachStateSources()) { // the network or power may hold these jobs back
                computeBlocked();
                m_window.clear();
                continue;
            }
        }
        const JobRow job = m_window.front();
        m_window.pop_front();
        if (!m_running.contains(job.id))
            startJob(job);
    }
    if (m_feed && m_running.size() < m_maxTransfers && m_window.empty())
        m_feed->hungry();
    const qint64 due = m_jobs->nextDueMs(now);
    if (due > 0)
        m_wakeTimer.start(int(std::clamp<qint64>(due - now + 5, 5, 3600'000)));
    const qint64 windowOpens = m_gate->msUntilWindowOpens();
    if (windowOpens > 0 && (!m_wakeTimer.isActive() || m_wakeTimer.remainingTime() > windowOpens))
        m_wakeTimer.start(int(std::min<qint64>(windowOpens + 10, 3600'000)));
    m_inhibitor.setActive(!m_running.isEmpty());
    checkIdle();
}

bool Engine::attachStateSources()
{
    if (m_stateSourcesAttached)
        return false;
    m_stateSourcesAttached = true;
    if (!m_options.network) {
        m_ownNetwork = std::make_unique<QtNetworkStateSource>();
        m_gate->setNetwork(m_ownNetwork.get());
    }
    if (!m_options.power) {
        m_ownPower = std::make_unique<UPowerStateSource>();
        m_gate->setPower(m_ownPower.get());
    }
    return m_ownNetwork || m_ownPower;
}

void Engine::checkClock()
{
    const qint64 clockMs = m_clock.nowMs();
    const qint64 monotonicMs = m_monotonic.elapsed();
    const qint64 drift = (clockMs - m_lastClockMs) - (monotonicMs - m_lastMonotonicMs);
    m_lastClockMs = clockMs;
    m_lastMonotonicMs = monotonicMs;
    if (std::abs(drift) < kClockJumpMs)
        return;
    // Backoffs, the user's pause and the schedule window were timed by the old reading. Back:
    // retries and the pause would last the jump on top. Forward: the pause would end at once.
    // Either way: the window's edge timer is wrong.
    if (drift < 0)
        m_jobs->rebaseBackoffs(clockMs);
    // The user's pause is a length of time: it moves with the clock, either way.
    if (shiftPause(m_db.db(), drift))
        m_pausedUntil = pausedUntil(m_db.db());
    m_window.clear();
    m_gate->clockJumped(); // re-evaluates the policies and schedules
}

bool Engine::localFileChanged(const JobRow& job) const
{
    const QFileInfo fi(job.localPath);
    return !fi.exists() || fi.size() != job.bytesTotal ||
           fi.lastModified().toMSecsSinceEpoch() != job.mtimeMs;
}

void Engine::startJob(const JobRow& job)
{
    Destination* dest = m_destinations->get(job.destinationId);
    const qint64 now = m_clock.nowMs();
    Error error;
    if (!m_jobs->transition(job.id, JobState::Pending, JobState::Running, {.waitReason = QString()},
                            QStringLiteral("started"), now, &error)) {
        if (error.kind == ErrorClass::Transient) // the catalog refused the write
            catalogFailed(error);
        return;
    }
    m_idleReported = false;
    Running run;
    run.job = job;
    run.job.state = JobState::Running;
    m_running.insert(job.id, run);
    Q_EMIT jobsChanged();
    if (!dest) {
        Error why = m_destinations->error(job.destinationId);
        if (!why)
            why = Error::permanent(QStringLiteral("The destination \"%1\" cannot be used: its "
                                                  "address is not supported")
                                       .arg(job.destinationName));
        failJob(job.id, why);
        return;
    }
    if (!QFileInfo::exists(job.localPath)) {
        if (waitForSource(job))
            return;
        fileRemoved(job.id, false);
        return;
    }
    if (localFileChanged(job)) {
        // Back to the scanner: a new version gets its own job content and remote name.
        finishJob(job.id, JobState::Pending, {.nextAttemptMs = now + 2000},
                  QStringLiteral("the file changed since it was scanned; scanning it again"));
        rescan({job.localPath});
        return;
    }
    checkThenUpload(m_running[job.id]);
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
            finishJob(id, JobState::Acknowledged,
                      {.error = Error{},
                       .maybeSent = false,
                       .remoteTag = res.tag,
                       .acknowledgedMs = m_clock.nowMs()},
                      QStringLiteral("found complete at the destination after an interruption"));
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
        // Both steps are recorded: all bytes sent, then confirmed by the destination. They
        // happened at the same moment, so one transaction holds both (one commit per job less).
        const JobUpdate sent{.remotePath = run.job.remotePath, .sentSha256 = run.job.sentSha256};
        const JobUpdate confirmed{.error = Error{},
                                  .resumeState = QByteArray(),
                                  .maybeSent = false,
                                  .remoteTag = res.tag,
                                  .acknowledgedMs = now};
        const QString confirmedWhy =
            QStringLiteral("confirmed by the destination (%1)").arg(res.tag);
        if (m_jobs->transitions(
                id,
                {{JobState::Running, JobState::Succeeded, sent, QStringLiteral("all bytes sent")},
                 {JobState::Succeeded, JobState::Acknowledged, confirmed, confirmedWhy}},
                now)) {
            jobFinished(id, JobState::Acknowledged);
            return;
        }
        // Not recorded (the job is no longer running in the catalog, or the write failed): one
        // step at a time, from whatever state the catalog holds, as before.
        m_jobs->transition(id, JobState::Running, JobState::Succeeded, sent,
                           QStringLiteral("all bytes sent"), now);
        finishJob(id, JobState::Acknowledged, confirmed, confirmedWhy);
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
    } else if (localFileChanged(run.job)) {
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
    if (to == JobState::Acknowledged) {
        m_jobs->acknowledgeDuplicates(id, m_clock.nowMs());
        ++m_acknowledgedSinceBackup;
        maybeBackUpCatalog(false);
    }
    Q_EMIT jobsChanged();
    QMetaObject::invokeMethod(this, &Engine::schedule, Qt::QueuedConnection);
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

void Engine::retry(const QList<qint64>& jobIds)
{
    m_jobs->retry(jobIds, m_clock.nowMs());
    m_window.clear();
    Q_EMIT jobsChanged();
    schedule();
}

void Engine::retryAll()
{
    m_jobs->retryAll(m_clock.nowMs());
    m_window.clear();
    Q_EMIT jobsChanged();
    schedule();
}

void Engine::skip(const QList<qint64>& jobIds)
{
    m_jobs->skip(jobIds, m_clock.nowMs());
    m_window.clear();
    Q_EMIT jobsChanged();
    schedule();
}

void Engine::pauseUntil(qint64 msSinceEpoch)
{
    setPausedUntil(m_db.db(), msSinceEpoch, m_clock.nowMs());
    reload();
}

void Engine::resume()
{
    setPausedUntil(m_db.db(), 0, m_clock.nowMs());
    reload();
}

void Engine::publishStatus()
{
    if (!m_started || m_stopping)
        return;
    const qint64 now = m_clock.nowMs();
    QElapsedTimer cost;
    cost.start();
    EngineStatus s = readStatus(m_db.db(), now, m_gate.get());
    if (const int every = statusEveryMs(cost.elapsed()); every != m_statusTimer.interval())
        m_statusTimer.setInterval(every);
    s.scanning = m_scanner && m_scanner->isRunning();
    s.running = !m_running.isEmpty();
    for (const Running& r : std::as_const(m_running))
        s.transfers.append({r.job.id, r.job.localPath, r.job.remotePath, r.job.destinationName,
                            r.bytesDone, r.job.bytesTotal});
    m_rateSamples.push_back({now, m_bytesMoved});
    while (m_rateSamples.size() > 2 && now - m_rateSamples.front().first > 5000)
        m_rateSamples.pop_front();
    const auto& first = m_rateSamples.front();
    if (now > first.first)
        s.bytesPerSecond = double(m_bytesMoved - first.second) * 1000.0 / double(now - first.first);
    // While the scan runs the totals still grow: no time left can be told yet.
    if (s.bytesPerSecond > 1 && !s.scanning)
        s.etaSeconds =
            qint64(double(std::max<qint64>(0, s.bytesTotal - s.bytesDone)) / s.bytesPerSecond);
    s.waitingRetry = m_jobs->nextDueMs(now) > 0 ? 1 : 0;
    for (const QString& why : std::as_const(m_unavailableSources))
        s.pauseReasons.append({QStringLiteral("source-unavailable"), why});
    m_lastStatus = s;
    Q_EMIT statusChanged(s);
}

void Engine::checkIdle()
{
    if (m_idleReported || !m_running.isEmpty() || (m_scanner && m_scanner->isRunning()) ||
        m_destinations->anyLoading() || m_sweep->busy())
        return;
    const qint64 now = m_clock.nowMs();
    const qint64 due = m_jobs->nextDueMs(now);
    if (!isPaused(m_pausedUntil, now) && due > 0 && due - now < kIdleHorizonMs)
        return;
    if (!isPaused(m_pausedUntil, now) &&
        !m_jobs->runnable(now, {}, m_blockedDestinations, m_blockedSources, 1).isEmpty())
        return;
    m_idleReported = true;
    maybeBackUpCatalog(true);
    publishStatus();
    Q_EMIT idle(m_lastStatus);
}

void Engine::catalogFailed(const Error& error)
{
    if (m_catalogFailed)
        return;
    m_catalogFailed = true;
    m_wakeTimer.stop();
    cancelRunning([](const Running&) { return true; },
                  QStringLiteral("the catalog cannot be written"));
    Q_EMIT fatalError(catalogWriteFailure(m_profile.catalogPath(), error.message));
}

void Engine::maybeBackUpCatalog(bool endOfRun)
{
    const CatalogBackup backup(m_profile.catalogPath());
    const qint64 now = QDateTime::currentMSecsSinceEpoch(); // compared with the file's mtime
    const bool due = m_acknowledgedSinceBackup > 0 &&
                     (endOfRun || now - m_catalogBackupMs >= kCatalogBackupEveryMs);
    if (!due)
        return;
    Error error;
    m_catalogBackupMs = now; // a failed attempt waits its turn too (a full disk stays full)
    if (!backup.write(m_db.db(), &error)) {
        qWarning("keepsake: %s", qPrintable(error.message));
        return;
    }
    m_acknowledgedSinceBackup = 0;
}

} // namespace ks
