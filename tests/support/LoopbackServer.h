#pragma once

#include <QProcess>
#include <QString>

namespace ks::test {

// What the real servers the tests start (Apache, nginx, s3rver) have in common.

// A new self-signed certificate for 127.0.0.1: DIR/server.crt and DIR/server.key.
bool makeSelfSignedCertificate(const QString& dir, QString* error);
// SHA-256 of DIR/server.crt as `openssl x509 -fingerprint -sha256` prints it (AB:CD:...).
QString certificateFingerprint(const QString& dir);
// An htpasswd file with one user (Basic auth for Apache and nginx).
bool writeHtpasswd(const QString& path, const QString& user, const QString& password);
// Waits until something accepts connections on 127.0.0.1:port; false if `process` ended first
// or nothing answered within `ms`.
bool waitForPort(quint16 port, const QProcess& process, int ms = 5000);
// Terminates the server, then kills it if it does not go within 5 s.
void stopProcess(QProcess& process);

} // namespace ks::test
