#pragma once

#include <QString>

class QNetworkReply;
class QSslCertificate;

namespace ks::tls {

// TLS verification is always on. The one way past a certificate the system does not trust (a
// home NAS with a self-signed certificate) is the user pinning that exact certificate by its
// SHA-256 fingerprint (`keepsake-cli destination trust NAME FINGERPRINT`): errors are then ignored
// only while the server presents that very certificate, never for any other.

// Lower-case hex SHA-256 of the certificate's DER bytes.
QString fingerprint(const QSslCertificate& certificate);

// Accepts "AB:CD:..." (as `openssl x509 -fingerprint -sha256` prints it) or plain hex; returns
// lower-case hex, or an empty string when the text is not a SHA-256 fingerprint.
QString normalizeFingerprint(const QString& text);

// Watches one reply's TLS handshake: errors are ignored only when the peer's certificate matches
// `pinnedSha256Hex`; otherwise the fingerprint of the refused certificate is kept on the reply for
// the error message (see untrustedFingerprint()).
void guard(QNetworkReply* reply, const QString& pinnedSha256Hex);

// The fingerprint of the certificate refused during this reply's handshake, if any.
QString untrustedFingerprint(const QNetworkReply* reply);
// The pin the refused certificate did not match (empty when none was pinned): a certificate that
// changed since the user trusted it is explained as such.
QString refusedPin(const QNetworkReply* reply);

} // namespace ks::tls
