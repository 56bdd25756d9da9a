// The engine's thread runs Qt's own poll() event dispatcher (common/PollEventDispatcher.h), not
// the GLib one: on Linux the build must have it (a build without Qt's private headers would
// quietly lose it), and what the engine needs of its loop works there: queued calls, timers,
// a loopback connection's socket notifiers, and a second start after the thread ended.
#include "common/PollEventDispatcher.h"

#include <QAbstractEventDispatcher>
#include <QEventLoop>
#include <QSemaphore>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace ks;

namespace {
struct Seen
{
    QString what;
    QSemaphore done;
};

// Runs on the thread: a timer, then a loopback exchange; tells `seen` what it saw and on which
// dispatcher.
class Probe : public QObject
{
public:
    explicit Probe(Seen& seen) : m_seen(seen) {}

    void run()
    {
        QTimer::singleShot(5, this, [this] {
            auto* server = new QTcpServer(this);
            if (!server->listen(QHostAddress::LocalHost)) {
                finish(QStringLiteral("listen failed"));
                return;
            }
            auto* client = new QTcpSocket(this);
            connect(server, &QTcpServer::newConnection, this, [this, server] {
                QTcpSocket* peer = server->nextPendingConnection();
                connect(peer, &QTcpSocket::readyRead, this, [this, peer] {
                    if (peer->bytesAvailable() >= 4)
                        finish(QString::fromLatin1(peer->readAll()));
                });
            });
            connect(client, &QTcpSocket::connected, this,
                    [client] { client->write(QByteArrayLiteral("ping")); });
            client->connectToHost(QHostAddress::LocalHost, server->serverPort());
        });
    }

private:
    void finish(const QString& what)
    {
        const QAbstractEventDispatcher* d = QThread::currentThread()->eventDispatcher();
        m_seen.what = QString::fromLatin1(d->metaObject()->className()) + QLatin1Char(' ') + what;
        m_seen.done.release();
    }

    Seen& m_seen;
};
} // namespace

class TestEngineThread : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theEngineThreadPollsWithQtsDispatcher()
    {
        QThread thread;
        for (int start = 0; start < 2; ++start) {
#ifdef Q_OS_LINUX
            QVERIFY2(usePollEventDispatcher(thread), "built without Qt's private headers?");
#else
            usePollEventDispatcher(thread);
#endif
            thread.start();
            QVERIFY(!usePollEventDispatcher(thread)); // too late once it runs
            Seen seen;
            auto* probe = new Probe(seen);
            probe->moveToThread(&thread);
            // Deleted on its thread as that ends, with its sockets.
            connect(&thread, &QThread::finished, probe, &QObject::deleteLater);
            QMetaObject::invokeMethod(probe, &Probe::run, Qt::QueuedConnection);
            const bool done = seen.done.tryAcquire(1, 20'000);
            thread.quit();
            QVERIFY(thread.wait(20'000));
            QVERIFY(done);
#ifdef Q_OS_LINUX
            QCOMPARE(seen.what, QStringLiteral("QEventDispatcherUNIX ping"));
#else
            QVERIFY(seen.what.endsWith(QStringLiteral(" ping")));
#endif
        }
    }
};

QTEST_GUILESS_MAIN(TestEngineThread)
#include "tst_engine_thread.moc"
