// The engine: its lifecycle (start, stop, reload), the schedule that starts jobs, the blocked
// destinations and sources, the clock, status and idle. One job's run is in EngineJobRun.cpp.
#include "Engine.h"

#include "DestinationPool.h"
#include "LeftoverSweep.h"
#include "Planner.h"
#include "StatusReader.h"
#include "UserPause.h"
#include "catalog/CatalogBackup.h"
#include "catalog/CatalogCheckpoint.h"
#include "catalog/CatalogFailure.h"
#include "catalog/ConsentStore.h"
#include "catalog/DestinationStore.h"
#include "catalog/SettingKeys.h"
#include "catalog/SettingsStore.h"
#include "catalog/SourceStore.h"
#include "common/ThreadPriority.h"
#include "common/WorkPool.h"
#include "policy/ConsentScope.h"
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
#include <QtConcurrent/QtConcurrentRun>
#include <cstdlib>

namespace ks {

namespace {
constexpr int kWindow = 64;
// The engine's connection checkpoints only past this many WAL pages (128 MiB): a net for a work
// pool that cannot keep up; checkpointInBackground() copies the log about once a second.
constexpr int kEngineCheckpointPages = 32'000;
constexpr int kCheckpointEveryMs = 1'000;
constexpr qint64 kCatalogBackupEveryMs = 10 * 60'000;
constexpr qint64 kIdleHorizonMs = 60'000; // retries due sooner than this keep a backup waiting
// Wall clock vs monotonic drift that counts as a jump.
constexpr qint64 kClockJumpMs = 5'000;
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
    m_checkpointTimer.setParent(this);
    m_checkpointTimer.setInterval(kCheckpointEveryMs);
    connect(&m_checkpointTimer, &QTimer::timeout, this, &Engine::checkpointInBackground);
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
    m_db.setAutoCheckpointPages(kEngineCheckpointPages);
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
    // Uploads start from what the scan committed while it goes on: each batch's jobs are planned
    // on the scan's thread, with its connection, right after the batch's commit; this thread
    // only starts them. Planning was a fifth of this thread's instructions in a small-file backup
    // (docs/benchmarks.md), and each plan held up its event loop for up to 150 ms.
    m_scanner->setAfterBatch([clock = &m_clock](QSqlDatabase& db, qint64 fromAssetId, Error* e) {
        return Planner(db, *clock).planFrom(fromAssetId, e) >= 0 && !*e;
    });
    connect(m_scanner.get(), &LibraryScanner::progress, this, &Engine::onScanBatch);
    if (m_options.watchSources) {
        m_watcher = std::make_unique<LibraryWatcher>();
        connect(m_watcher.get(), &LibraryWatcher::changed, this, &Engine::rescan);
    }
    m_started = true;
    m_scanner->start(); // before reload(): "idle" must not be reported before the first scan
    reload();
    m_statusTimer.start();
    m_pollTimer.start();
    m_checkpointTimer.start();
}

void Engine::stop()
{
    if (!m_started || m_stopping)
        return;
    m_stopping = true;
    m_wakeTimer.stop();
    m_pollTimer.stop();
    m_checkpointTimer.stop();
    m_sourceTimer.stop();
    m_statusTimer.stop();
    if (m_scanner)
        m_scanner->cancel();
    // Confirmed jobs not yet recorded go first.
    writeAcknowledgements();
    commitBatch();
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
    // A checkpoint's connection must be closed before the process may exit (Qt's connection
    // list is torn down then); it takes a few seconds at most (its busy timeout is 2 s).
    m_checkpoint.waitForFinished();
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

void Engine::onScanBatch()
{
    if (!m_started || m_stopping || m_catalogFailed)
        return;
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
    // One commit (EngineBatch.cpp) for the acknowledgements that came in and the starts below.
    writeAcknowledgements();
    if (isPaused(m_pausedUntil, now)) {
        if (!commitBatch())
            return;
        if (m_pausedUntil > 0)
            m_wakeTimer.start(int(std::min<qint64>(m_pausedUntil - now + 10, 3600'000)));
        checkIdle();
        return;
    }
    while (m_running.size() < m_maxTransfers && !m_catalogFailed) {
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
    if (!commitBatch())
        return;
    // With every slot busy, the next finished job calls this again: a retry's due time only
    // matters when a slot is free.
    if (m_running.size() < m_maxTransfers) {
        if (const qint64 due = m_jobs->nextDueMs(now); due > 0)
            m_wakeTimer.start(int(std::clamp<qint64>(due - now + 5, 5, 3600'000)));
    }
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
    if (m_idleReported || !m_running.isEmpty() || !m_acknowledgements.isEmpty() ||
        (m_scanner && m_scanner->isRunning()) || m_destinations->anyLoading() || m_sweep->busy())
        return;
    const qint64 now = m_clock.nowMs();
    const qint64 due = m_jobs->nextDueMs(now);
    if (!isPaused(m_pausedUntil, now) && due > 0 && due - now < kIdleHorizonMs)
        return;
    if (!isPaused(m_pausedUntil, now) &&
        !m_jobs->runnable(now, {}, m_blockedDestinations, m_blockedSources, 1).isEmpty())
        return;
    m_idleReported = true;
    m_destinations->passEnded();
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
    if (!due || m_batch) // VACUUM INTO cannot run inside a transaction: after the commit
        return;
    Error error;
    m_catalogBackupMs = now; // a failed attempt waits its turn too (a full disk stays full)
    if (!backup.write(m_db.db(), &error)) {
        qWarning("keepsake: %s", qPrintable(error.message));
        return;
    }
    m_acknowledgedSinceBackup = 0;
}

void Engine::checkpointInBackground()
{
    if (!m_checkpoint.isFinished() || m_transitionsSinceCheckpoint == 0 || m_stopping)
        return;
    m_transitionsSinceCheckpoint = 0;
    m_checkpoint = QtConcurrent::run(workPool(), [path = m_profile.catalogPath()] {
        lowerCurrentThreadPriority();
        QString error;
        if (!checkpointCatalog(path, &error))
            qWarning("keepsake: catalog checkpoint: %s", qPrintable(error));
    });
}

} // namespace ks
