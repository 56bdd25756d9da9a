#include "KeychainCall.h"

#include <QThread>
#include <qt6keychain/keychain.h>

namespace ks {

namespace {
class KeychainThread
{
public:
    KeychainThread() : m_thread(new QThread)
    {
        m_thread->setObjectName(QStringLiteral("keepsake-keychain"));
        m_thread->start();
    }
    ~KeychainThread()
    {
        // At exit. A thread stuck in a keychain call is left to the process's end: destroying a
        // running QThread would abort.
        m_thread->quit();
        if (m_thread->wait(2000))
            delete m_thread;
    }
    QThread* thread() const { return m_thread; }

private:
    QThread* m_thread;
};

Q_GLOBAL_STATIC(KeychainThread, keychainThread)
} // namespace

KeychainCall::KeychainCall(std::function<QKeychain::Job*()> makeJob) : m_makeJob(std::move(makeJob))
{
}

void KeychainCall::start()
{
    moveToThread(keychainThread()->thread());
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_job = m_makeJob();
            m_job->setAutoDelete(false);
            m_job->setParent(this);
            connect(m_job, &QKeychain::Job::finished, this, &KeychainCall::onJobFinished);
            m_job->start();
        },
        Qt::QueuedConnection);
}

void KeychainCall::onJobFinished()
{
    QByteArray data;
    if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(m_job))
        data = read->binaryData();
    Q_EMIT finished(int(m_job->error()), m_job->errorString(), data);
    deleteLater();
}

} // namespace ks
