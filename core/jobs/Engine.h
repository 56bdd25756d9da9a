#pragma once

#include "EngineStatus.h"
#include "JobState.h"
#include "RetryPolicy.h"
#include "catalog/Database.h"
#include "catalog/DestinationStore.h"
#include "catalog/JobStore.h"
#include "catalog/Transaction.h"
#include "common/Clock.h"
#include "policy/BandwidthLimiter.h"
#include "policy/SleepInhibitor.h"
#include "profile/Profile.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <deque>
#include <memory>
#include <optional>
#include <random>

namespace ks {

class Destination;
class DestinationPool;
class DestinationReply;
struct FileStamp;
class LeftoverSweep;
class LibraryScanner;
class LibraryWatcher;
class NetworkStateSource;
class PolicyGate;
class PowerStateSource;
struct ScanSummary;

// Moves jobs through their states (see JobState.h). Lives on its own thread (EngineHost makes
// it), with its own catalog connection; destinations do their I/O asynchronously on this
// thread's event loop or on the pool. Only a bounded window of jobs is in memory: the catalog
// is the queue.
class Engine : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool watchSources = false;             // the GUI watches folders; a CLI backup scans once
        Clock* clock = nullptr;                // default: systemClock()
        NetworkStateSource* network = nullptr; // default: QNetworkInformation
        PowerStateSource* power = nullptr;     // default: UPower
    };

    Engine(const Profile& profile, const Options& options);
    ~Engine() override;

public Q_SLOTS:
    void start();
    // Stops new work, returns running jobs to pending (resume state kept) and cancels
    // transfers. The catalog is consistent when this returns.
    void stop();
    void rescan(const QStringList& paths = {});
    void reload();
    void retry(const QList<qint64>& jobIds);
    void retryAll();
    void skip(const QList<qint64>& jobIds);
    void pauseUntil(qint64 msSinceEpoch);
    void resume();

Q_SIGNALS:
    void statusChanged(const ks::EngineStatus& status);
    void jobsChanged();
    void idle(const ks::EngineStatus& status);
    void fatalError(const QString& message);

private:
    struct Running
    {
        JobRow job;
        QPointer<DestinationReply> reply;
        qint64 bytesDone = 0;
        QString tempCopy; // GPS-stripped copy to delete afterwards
        bool stopping = false;
        QString stopReason;
    };

    void schedule();
    // Records the job as running in the open batch; its run begins once that is committed.
    void startJob(const JobRow& job);
    // A started job's run, after its start was committed: the local checks, then the transfer.
    void runJob(qint64 jobId);
    // The batch (EngineBatch.cpp): one commit for the acknowledgements that came in since the
    // last schedule() and the starts that take their places.
    void openBatch();
    void writeAcknowledgements();
    bool commitBatch();
    void checkThenUpload(Running& run);
    void prepareAndUpload(qint64 jobId);
    void upload(qint64 jobId, const QString& path, qint64 size, const QByteArray& sha256);
    void onUploadFinished(qint64 jobId);
    void finishJob(qint64 jobId, JobState to, const JobUpdate& update, const QString& message);
    // What follows a job's last transition, once it is recorded: duplicates, signals, the next
    // job. Inside a batch, what needs the commit waits for it (afterFinish).
    void jobFinished(qint64 jobId, JobState to);
    void afterFinish(qint64 jobId, JobState to);
    // The upload found its remote name taken: acknowledged if it holds this content, else renamed.
    void takenName(qint64 jobId);
    void failJob(qint64 jobId, const Error& error);
    // Its file was removed (its source is there): the rescan and the planner cancel the job.
    void fileRemoved(qint64 jobId, bool maybeSent);
    void cancelRunning(const std::function<bool(const Running&)>& which, const QString& why);
    // A batch of the running scan is in the catalog, its jobs planned (LibraryScanner's
    // afterBatch): they may start.
    void onScanBatch();
    void onScanFinished(const ScanSummary& summary);
    // Plans jobs for what the catalog holds; false (and the engine stopped) if it failed.
    bool planJobs();
    // Opens the real network and power sources on the first job that would run; true when it
    // did (the blocked destinations must be computed again).
    bool attachStateSources();
    void refreshDestinations();
    void computeBlocked();
    void publishStatus();
    void checkIdle();
    // `file` is the job's file, stat'ed by the caller.
    bool localFileChanged(const JobRow& job, const FileStamp& file) const;
    void checkClock();
    // A job's file is gone: if its whole source folder is gone with it, the job waits for the
    // disk to come back (true); a single deleted file is the caller's business (false).
    bool waitForSource(const JobRow job);
    void checkSourcesBack();
    // Refreshes catalog.sqlite.bak (CatalogBackup) when jobs were acknowledged since the last
    // copy: at the end of a run, and during a long one at most every kCatalogBackupEveryMs.
    void maybeBackUpCatalog(bool endOfRun);
    // A catalog write failed (a full disk, above all): nothing more can be recorded, so nothing
    // more is started; fatalError says why, once.
    void catalogFailed(const Error& error);
    // Starts a checkpoint of the catalog on the work pool if jobs moved since the last one and
    // none is running (CatalogCheckpoint.h): the engine's own commits do not checkpoint.
    void checkpointInBackground();

    Profile m_profile;
    Options m_options;
    Clock& m_clock;
    Database m_db;
    std::unique_ptr<JobStore> m_jobs;
    std::unique_ptr<LibraryScanner> m_scanner;
    std::unique_ptr<LibraryWatcher> m_watcher;
    LeftoverSweep* m_sweep = nullptr; // a child: moves to the engine thread with it
    bool m_stateSourcesAttached = false;
    std::unique_ptr<NetworkStateSource> m_ownNetwork;
    std::unique_ptr<PowerStateSource> m_ownPower;
    std::unique_ptr<PolicyGate> m_gate;
    BandwidthLimiter m_limiter;
    SleepInhibitor m_inhibitor;
    RetryPolicy m_retry;
    std::mt19937 m_random{std::random_device{}()};
    std::unique_ptr<DestinationPool> m_destinations;
    QHash<qint64, Running> m_running;
    std::deque<JobRow> m_window;
    QSet<qint64> m_blockedDestinations;
    QSet<qint64> m_blockedSources;
    QSet<qint64> m_noLocationConsent; // marker: empty set = consent given
    bool m_locationConsent = false;
    int m_maxTransfers = 4;
    qint64 m_pausedUntil = 0;
    qint64 m_consentStamp = -1;
    bool m_started = false;
    bool m_stopping = false;
    bool m_scanPending = false;
    bool m_idleReported = false;
    QTimer m_wakeTimer;
    QTimer m_statusTimer;
    QTimer m_pollTimer;
    QTimer m_checkpointTimer;
    int m_transitionsSinceCheckpoint = 0;
    QFuture<void> m_checkpoint; // stop() waits for it: no connection outlives the engine
    // Sources whose folder is not there (a disk not mounted): id -> the sentence. Their jobs wait
    // instead of failing, and m_sourceTimer looks every few seconds whether they came back.
    QHash<qint64, QString> m_unavailableSources;
    QTimer m_sourceTimer;
    std::deque<std::pair<qint64, qint64>> m_rateSamples; // (ms, bytes) for the speed
    qint64 m_bytesMoved = 0;
    // The injected clock against a monotonic one, to notice the wall clock jumping.
    QElapsedTimer m_monotonic;
    qint64 m_lastClockMs = 0;
    qint64 m_lastMonotonicMs = 0;
    EngineStatus m_lastStatus;
    qint64 m_catalogBackupMs = 0; // when catalog.sqlite.bak was written (wall clock)
    int m_acknowledgedSinceBackup = 0;
    bool m_catalogFailed = false;
    // A job the destination confirmed: its two steps (all bytes sent, acknowledged) are written
    // by the next schedule(), in one commit with the start of the job taking its place. A kill
    // before that leaves it running in the catalog: checked at the destination next time.
    struct Acknowledgement
    {
        qint64 jobId;
        QList<JobStore::Step> steps;
        qint64 nowMs;
    };
    QList<Acknowledgement> m_acknowledgements;
    std::optional<Transaction> m_batch; // open while schedule() writes
    QList<std::pair<qint64, JobState>> m_batchFinished;
    QList<qint64> m_batchStarted;
};

} // namespace ks
