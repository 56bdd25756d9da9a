#include "TlsTrust.h"

#include <QCryptographicHash>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslError>

namespace ks::tls {

namespace {
constexpr const char* kRefusedProperty = "keepsake.untrustedCertificateSha256";
constexpr const char* kPinProperty = "keepsake.pinnedCertificateSha256";
} // namespace

QString fingerprint(const QSslCertificate& certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex());
}

QString normalizeFingerprint(const QString& text)
{
    QString hex = text.trimmed().toLower();
    hex.remove(QLatin1Char(':'));
    if (hex.startsWith(QLatin1String("sha256")))
        hex = hex.mid(6).remove(QLatin1Char('=')).trimmed();
    static const QRegularExpression sha256Hex(QStringLiteral("^[0-9a-f]{64}$"));
    return sha256Hex.match(hex).hasMatch() ? hex : QString();
}

void guard(QNetworkReply* reply, const QString& pinnedSha256Hex)
{
    reply->setProperty(kPinProperty, pinnedSha256Hex);
#ifndef QT_NO_SSL
    QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                     [reply, pin = pinnedSha256Hex](const QList<QSslError>& errors) {
                         const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
                         const QString seen = fingerprint(peer);
                         if (!pin.isEmpty() && !peer.isNull() && seen == pin) {
                             reply->ignoreSslErrors(errors);
                             return;
                         }
                         reply->setProperty(kRefusedProperty, seen);
                     });
#else
    Q_UNUSED(reply);
    Q_UNUSED(pinnedSha256Hex);
#endif
}

QString untrustedFingerprint(const QNetworkReply* reply)
{
    const QString refused = reply->property(kRefusedProperty).toString();
    if (!refused.isEmpty())
        return refused;
#ifndef QT_NO_SSL
    // Over HTTP/1.1, requests waiting for a connection whose handshake failed fail with it
    // without a sslErrors() of their own; the certificate is still in their configuration.
    const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
    if (!peer.isNull() && fingerprint(peer) != refusedPin(reply))
        return fingerprint(peer);
#endif
    return {};
}

QString refusedPin(const QNetworkReply* reply)
{
    return reply->property(kPinProperty).toString();
}

} // namespace ks::tls
