#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <functional>

namespace QKeychain {
class Job;
}

namespace ks {

// One QtKeychain job, run on the one thread all of Keepsake's keychain jobs run on, its outcome
// delivered by a queued signal to whoever asked (dropped if the receiver is gone by then).
//
// Why a thread of its own: QtKeychain runs jobs one at a time through a process-wide executor, a
// QObject made by the first job ever started and living in that job's thread, told of each job's
// end by a signal. When that thread ends (an engine stopped while the process goes on: a test
// starting engines one after another, a GUI restarting its engine), the signal is queued to a
// thread that no longer runs: the executor believes a job still runs and never starts another,
// so the next engine waits for its destination's secret for ever and starts no job. Its queue
// is not thread-safe either, and jobs from several threads shared it. The keychain thread
// starts with the first call and lives as long as the process.
class KeychainCall : public QObject
{
    Q_OBJECT
public:
    // `makeJob` makes the configured job; it runs on the keychain thread, so the job and the
    // objects QtKeychain makes for it (D-Bus watchers) live there. Connect to finished(), then
    // start().
    explicit KeychainCall(std::function<QKeychain::Job*()> makeJob);
    void start();

Q_SIGNALS:
    // `error` is a QKeychain::Error; `data` what a read job found.
    void finished(int error, const QString& errorString, const QByteArray& data);

private:
    void onJobFinished();

    std::function<QKeychain::Job*()> m_makeJob;
    QKeychain::Job* m_job = nullptr;
};

} // namespace ks
