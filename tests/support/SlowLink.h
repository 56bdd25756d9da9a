#pragma once

#include <QThread>

class QTcpServer;

namespace ks::test {

// A TCP relay on 127.0.0.1 in front of a real server whose client-to-server direction moves at
// most `bytesPerSecond` (answers pass at once): a slow uplink, for tests of what a client holds
// in memory while its bytes drain. It relays bytes, not requests, so TLS and HTTP/2 pass
// through. It runs on its own thread, because the tests block in QProcess::waitForFinished
// while keepsake-cli talks through it.
class SlowLink
{
public:
    SlowLink(quint16 targetPort, qint64 bytesPerSecond);
    ~SlowLink();
    bool start();
    quint16 port() const { return m_port; }

private:
    quint16 m_targetPort;
    qint64 m_rate;
    quint16 m_port = 0;
    QThread m_thread;
    QTcpServer* m_server = nullptr; // lives on m_thread
};

} // namespace ks::test
