#pragma once

#include "Engine.h"
#include "EngineStatus.h"
#include "control/ControlServer.h"
#include "profile/EngineLock.h"
#include "profile/Profile.h"

#include <QObject>
#include <QThread>
#include <QTimer>

namespace ks {

// The one object a front end (the GUI or `keepsake-cli backup`) talks to. It lives on the
// caller's thread, takes the profile's engine lock, and runs the Engine on a thread of its own;
// calls are forwarded as queued calls and the engine's signals come back the same way, so the
// caller never waits on disk, hashing or the network.
class EngineHost : public QObject
{
    Q_OBJECT
public:
    explicit EngineHost(const Profile& profile, const Engine::Options& options = {},
                        QObject* parent = nullptr);
    ~EngineHost() override;

    bool start(Error* error);
    // Stops new work and records resume state; returns within 2 seconds.
    void stop();
    bool isRunning() const { return m_engine != nullptr; }
    EngineStatus status() const { return m_status; }

public Q_SLOTS:
    void rescan();
    void retry(const QList<qint64>& jobIds);
    void retryAll();
    void skip(const QList<qint64>& jobIds);
    void pauseUntil(qint64 msSinceEpoch); // -1 = indefinitely
    void resume();
    void reload();

Q_SIGNALS:
    void statusChanged(const ks::EngineStatus& status);
    // Jobs changed state; coalesced to at most one signal per 250 ms.
    void jobsChanged();
    void idle(const ks::EngineStatus& status);
    void fatalError(const QString& message);
    void raiseRequested();

private:
    Profile m_profile;
    Engine::Options m_options;
    EngineLock m_lock;
    ControlServer m_control;
    QThread m_thread;
    Engine* m_engine = nullptr;
    EngineStatus m_status;
    // The engine says "jobs changed" for every job it finishes, up to ~100 times a second; a
    // front end re-reads its lists at most this often (see docs/benchmarks.md, UI responsiveness).
    QTimer m_jobsChangedTimer;
};

} // namespace ks
