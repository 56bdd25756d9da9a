#include "EngineHost.h"

#include "common/PollEventDispatcher.h"

namespace ks {

namespace {
constexpr int kJobsChangedIntervalMs = 250;
}

EngineHost::EngineHost(const Profile& profile, const Engine::Options& options, QObject* parent)
    : QObject(parent), m_profile(profile), m_options(options), m_lock(profile)
{
    qRegisterMetaType<EngineStatus>();
    qRegisterMetaType<QList<qint64>>();
    m_thread.setObjectName(QStringLiteral("keepsake-engine"));
    connect(&m_control, &ControlServer::reloadRequested, this, &EngineHost::reload);
    connect(&m_control, &ControlServer::raiseRequested, this, &EngineHost::raiseRequested);
    m_jobsChangedTimer.setSingleShot(true);
    m_jobsChangedTimer.setInterval(kJobsChangedIntervalMs);
    connect(&m_jobsChangedTimer, &QTimer::timeout, this, &EngineHost::jobsChanged);
}

EngineHost::~EngineHost()
{
    stop();
}

bool EngineHost::start(Error* error)
{
    if (m_engine)
        return true;
    if (!m_lock.tryLock(error))
        return false;
    m_control.listen(m_profile);
    m_engine = new Engine(m_profile, m_options);
    m_engine->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
    connect(m_engine, &Engine::statusChanged, this, [this](const EngineStatus& s) {
        m_status = s;
        Q_EMIT statusChanged(s);
    });
    connect(m_engine, &Engine::jobsChanged, this, [this] {
        if (!m_jobsChangedTimer.isActive())
            m_jobsChangedTimer.start();
    });
    connect(m_engine, &Engine::idle, this, [this](const EngineStatus& s) {
        m_status = s;
        Q_EMIT idle(s);
    });
    connect(m_engine, &Engine::fatalError, this, &EngineHost::fatalError);
    usePollEventDispatcher(m_thread); // set for each start: a finished thread deleted its own
    m_thread.start();
    QMetaObject::invokeMethod(m_engine, &Engine::start, Qt::QueuedConnection);
    return true;
}

void EngineHost::stop()
{
    if (!m_engine)
        return;
    // The engine records every running job as pending before this returns.
    QMetaObject::invokeMethod(m_engine, &Engine::stop, Qt::BlockingQueuedConnection);
    m_thread.quit();
    // Until the engine is gone. It once waited 2 s at most; an engine still closing its catalog
    // (a WAL checkpoint after a large backup takes seconds on a busy machine) or waiting for a
    // hashing pass to see its cancel flag would then run on while the process ran its exit
    // handlers, freeing what the engine still used.
    m_thread.wait();
    m_engine = nullptr;
    m_lock.unlock();
}

void EngineHost::rescan()
{
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [e = m_engine] { e->rescan(); }, Qt::QueuedConnection);
}

void EngineHost::retry(const QList<qint64>& jobIds)
{
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [e = m_engine, jobIds] { e->retry(jobIds); }, Qt::QueuedConnection);
}

void EngineHost::retryAll()
{
    if (m_engine)
        QMetaObject::invokeMethod(m_engine, &Engine::retryAll, Qt::QueuedConnection);
}

void EngineHost::skip(const QList<qint64>& jobIds)
{
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [e = m_engine, jobIds] { e->skip(jobIds); }, Qt::QueuedConnection);
}

void EngineHost::pauseUntil(qint64 msSinceEpoch)
{
    if (m_engine)
        QMetaObject::invokeMethod(
            m_engine, [e = m_engine, msSinceEpoch] { e->pauseUntil(msSinceEpoch); },
            Qt::QueuedConnection);
}

void EngineHost::resume()
{
    if (m_engine)
        QMetaObject::invokeMethod(m_engine, &Engine::resume, Qt::QueuedConnection);
}

void EngineHost::reload()
{
    if (m_engine)
        QMetaObject::invokeMethod(m_engine, &Engine::reload, Qt::QueuedConnection);
}

} // namespace ks
