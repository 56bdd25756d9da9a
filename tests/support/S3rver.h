#pragma once

#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace ks::test {

// A real s3rver (npm, tests/servers) on 127.0.0.1, storing into its own folder, with one bucket,
// stopped when this object goes. s3rver 3.7 lacks four things Keepsake relies on; a small
// launcher script adds them around the unmodified server:
//  - it accepts any SigV4 signature: the launcher checks signatures itself (an independent
//    implementation in Node's crypto) with the access key and secret given here;
//  - ListParts and AbortMultipartUpload, over s3rver's own storage of unfinished uploads
//    (ListParts pages 3 parts at a time, so clients must follow NextPartNumberMarker);
//  - a PUT whose body did not arrive whole stores nothing (as in S3), and with
//    checkPayloadHash() neither does one whose body's SHA-256 is not the signed
//    x-amz-content-sha256 (400 XAmzContentSHA256Mismatch, as in S3; s3rver stores it);
//  - log lines per request, "KS-BEGIN <method> <url>" when it arrives and "KS-REQ <method> <url>
//    <status> md5=<Content-MD5 or ->" when it is answered, so tests can count requests, see what
//    they carried and how many ran at once.
class S3rver
{
public:
    S3rver(const QString& dir, const QString& accessKey, const QString& secret,
           const QString& bucket = QStringLiteral("photos"));
    ~S3rver();
    // Serve HTTPS with a new self-signed certificate for 127.0.0.1 (call before start()).
    void enableTls() { m_tls = true; }
    // Refuse bodies whose SHA-256 is not the signed one, as S3 does (call before start()).
    void checkPayloadHash() { m_checkPayloadHash = true; }
    bool start(QString* error);
    // SHA-256 of the certificate, as `openssl x509 -fingerprint -sha256` prints it (AB:CD:...).
    QString certificateFingerprint() const;

    quint16 port() const { return m_port; }
    QString endpoint() const;
    // s3://KEY@bucket/prefix?endpoint=http://127.0.0.1:port plus `extraQuery` ("a=1&b=2").
    QString url(const QString& prefix, const QString& extraQuery = {}) const;
    QString storageDir() const { return m_dir + QStringLiteral("/data"); }

    // Key (relative to `prefix`) -> SHA-256 hex of every object below it, read from storage.
    QMap<QString, QByteArray> objectHashes(const QString& prefix) const;
    // Multipart uploads started and not yet completed or aborted.
    int unfinishedUploads() const;
    // "METHOD url status md5=..." for every request so far.
    QStringList requests() const;
    // "METHOD url" for every request that has arrived so far, answered or not (a PUT shows here
    // once its headers came, while its body is still streaming).
    QStringList requestsBegun() const;
    // The most requests whose "METHOD url" matches `pattern` that were in progress at once.
    int maxConcurrent(const QString& pattern) const;

private:
    // The log's lines that start with `tag`, without it.
    QStringList logLines(const QByteArray& tag) const;

    QString m_dir;
    QString m_accessKey;
    QString m_secret;
    QString m_bucket;
    quint16 m_port = 0;
    bool m_tls = false;
    bool m_checkPayloadHash = false;
    QProcess m_process;
};

} // namespace ks::test
