#pragma once

#include <QFile>
#include <QIODevice>
#include <QTimer>
#include <memory>

namespace ks {

class BandwidthLimiter;
class Md5;
class Sha256;

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
    ~FileRangeDevice() override;

    // SHA-256 (raw) of the bytes read in the last complete pass from the start of the window to
    // its end, empty if no pass was complete: what was actually sent, so a file changed while
    // it was being sent is noticed even when its size and time were put back.
    QByteArray sentSha256() const { return m_sentSha256; }
    // Also an MD5 of the same pass (what S3 servers report as a plain object's or a part's
    // ETag), so an upload is checked against the server without reading the file twice. Call
    // before open().
    void enableMd5() { m_wantMd5 = true; }
    QByteArray sentMd5() const { return m_sentMd5; }
    // No SHA-256 of the pass (a multipart part: its MD5 is what the server checks). Call
    // before open().
    void skipSha256() { m_wantSha256 = false; }
    // The bytes are the version the scan hashed as `sha256` as long as the file's change time
    // is still `ctimeNs` (ns; any write moves it): when it is at open() and again at the end
    // of a pass, that pass is taken to be `sha256` without hashing it again (the CPU of a
    // whole SHA-256 pass per upload). When it is not at open(), the pass is hashed as usual;
    // when it moved during the pass, sentSha256() stays empty and changedWhileSent() is true.
    // Call before open(); ctimeNs 0 (not known) changes nothing.
    void vouchByChangeTime(qint64 ctimeNs, const QByteArray& sha256);
    // A complete pass was read while the file's change time moved (see vouchByChangeTime).
    bool changedWhileSent() const { return m_changedWhileSent; }
    // A read came up short: the file shrank while it was being sent.
    bool shrank() const { return m_shrank; }

    // Sends up to `maxSize` bytes of the window from the current position straight to a
    // connected TCP socket (FileToSocket), as if they had been read: for a pass that needs no
    // look at its bytes (vouched, no MD5) and no bandwidth limit. Returns the bytes sent; 0 with
    // `socketFull` set when the socket takes none now; -1 when it cannot be done here (then
    // read() the bytes as usual).
    qint64 sendTo(qintptr socketFd, qint64 maxSize, bool* socketFull);
    // Bytes sent by sendTo() since open(), for tests.
    qint64 sentWithoutReading() const { return m_sentWithoutReading; }

protected:
    qint64 readData(char* data, qint64 maxSize) override;
    qint64 writeData(const char* data, qint64 maxSize) override;

private:
    void restartHashes();
    void endPass(); // the last byte of the window was read in order

    QFile m_file;
    qint64 m_offset;
    qint64 m_length;
    BandwidthLimiter* m_limiter;
    QTimer m_wake;
    std::unique_ptr<Sha256> m_hash; // over [0, m_hashedUpTo) of the current pass
    qint64 m_hashedUpTo = 0;
    QByteArray m_sentSha256;
    std::unique_ptr<Md5> m_md5; // same pass as m_hash
    QByteArray m_sentMd5;
    bool m_wantMd5 = false;
    bool m_wantSha256 = true;
    qint64 m_vouchCtimeNs = 0;
    QByteArray m_vouchSha256;
    bool m_vouched = false; // this pass: the change time stood at open()
    bool m_changedWhileSent = false;
    bool m_shrank = false;
    qint64 m_sentWithoutReading = 0;
};

} // namespace ks
