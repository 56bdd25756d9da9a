#pragma once

#include <QFile>
#include <QIODevice>
#include <QTimer>

namespace ks {

class BandwidthLimiter;

// A read-only window [offset, offset + length) of a file, streamed to the network a block at a
// time: a multipart part, or the whole file for a single PUT. It is random-access with a known
// size, so QNetworkAccessManager streams it instead of buffering it, and can rewind it when a
// kept-alive connection must be retried. Reads take their budget from the shared
// BandwidthLimiter; when it is empty a read returns 0 bytes and readyRead() follows once
// budget is available again.
class FileRangeDevice : public QIODevice
{
    Q_OBJECT
public:
    FileRangeDevice(const QString& path, qint64 offset, qint64 length, BandwidthLimiter* limiter,
                    QObject* parent = nullptr);

    bool open(OpenMode mode) override;
    void close() override;
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_length; }
    bool seek(qint64 pos) override;

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 maxSize) override;

private:
    QFile m_file;
    qint64 m_offset;
    qint64 m_length;
    BandwidthLimiter* m_limiter;
    QTimer m_wake;
};

} // namespace ks
