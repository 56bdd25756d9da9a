#pragma once

#include <QRegularExpression>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

namespace ks {

// A server certificate the system does not trust, with what a person needs to decide: which
// server, and the certificate's SHA-256 fingerprint to compare with the one the server shows.
struct TrustRequest
{
    QString destinationName; // empty while a destination is still being set up
    QString host;            // "host" or "host:port"
    QString sha256Hex;       // lower-case hex, 64 digits

    // "AB:CD:…", the way browsers, NAS admin pages and `openssl x509 -fingerprint` print it.
    QString displayFingerprint() const
    {
        QStringList pairs;
        for (qsizetype i = 0; i + 1 < sha256Hex.size(); i += 2)
            pairs << sha256Hex.mid(i, 2).toUpper();
        return pairs.join(QLatin1Char(':'));
    }
};

// Core never trusts a certificate on its own (see TlsTrust.h); it reports the refusal and a
// front end decides how to ask (the Nextcloud-desktop pattern): the desktop app shows a dialog,
// tests answer in code, the CLI prints the `destination trust` command instead.
class TrustHandler
{
public:
    virtual ~TrustHandler() = default;
    // True when the user recognises the certificate and wants it trusted for this destination.
    virtual bool trust(const TrustRequest& request) = 0;
};

// The fingerprint of the refused certificate named in a destination's error message (see
// errorForReply), or an empty string when the error is not about an untrusted certificate.
inline QString untrustedFingerprintIn(const QString& errorMessage)
{
    static const QRegularExpression pattern(
        QStringLiteral("certificate is not trusted.*\\b([0-9a-f]{64})\\b"),
        QRegularExpression::DotMatchesEverythingOption);
    return pattern.match(errorMessage).captured(1);
}

// The server a destination URL talks to, as "host" or "host:port" (S3: its endpoint).
inline QString destinationHost(const QString& destinationUrl)
{
    QUrl url(destinationUrl);
    if (url.scheme() == QLatin1String("s3")) {
        const QString endpoint =
            QUrlQuery(url).queryItemValue(QStringLiteral("endpoint"), QUrl::FullyDecoded);
        url =
            endpoint.isEmpty() ? QUrl(QStringLiteral("https://s3.amazonaws.com")) : QUrl(endpoint);
    }
    return url.port() > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
}

} // namespace ks
