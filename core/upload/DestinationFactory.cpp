#include "DestinationFactory.h"

#include "LocalDestination.h"
#include "S3Destination.h"
#include "WebDavDestination.h"

#include <QDir>
#include <QUrl>
#include <QUrlQuery>

namespace ks {

namespace {
bool isLocal(const QUrl& url)
{
    return url.scheme() == QLatin1String("local") || url.scheme() == QLatin1String("file");
}

// local:///path with the path encoded where it must be: a folder named "Photos #2" or "100%"
// typed as a plain path must read back as itself, not as "Photos " with a fragment (found by
// fuzzing, tests/fuzz/destination_url/regressions).
QString localUrl(const QString& path)
{
    QUrl u;
    u.setScheme(QStringLiteral("local"));
    u.setHost(QString(""));
    u.setPath(QDir::cleanPath(path));
    return u.toString(QUrl::EncodeSpaces);
}

bool isWebDav(const QUrl& url)
{
    const QString s = url.scheme();
    return s == QLatin1String("webdav") || s == QLatin1String("webdavs") ||
           ((s == QLatin1String("http") || s == QLatin1String("https")) &&
            QUrlQuery(url).queryItemValue(QStringLiteral("type")) == QLatin1String("webdav"));
}

bool isLoopback(const QString& host)
{
    return host == QLatin1String("localhost") || host.startsWith(QLatin1String("127.")) ||
           host == QLatin1String("::1");
}

// The http(s) URL a WebDAV destination talks to.
QUrl webDavHttpUrl(const QUrl& url)
{
    QUrl http = url;
    const QString s = url.scheme();
    http.setScheme(s == QLatin1String("webdavs") || s == QLatin1String("https")
                       ? QStringLiteral("https")
                       : QStringLiteral("http"));
    QUrlQuery q(url);
    q.removeAllQueryItems(QStringLiteral("type"));
    q.removeAllQueryItems(QStringLiteral("insecure"));
    http.setQuery(q);
    http.setPassword(QString());
    return http;
}

QByteArray secretVariable(const QString& name)
{
    QString key = name.toUpper();
    for (QChar& c : key) {
        if (!c.isLetterOrNumber())
            c = QLatin1Char('_');
    }
    return (QStringLiteral("KEEPSAKE_SECRET_") + key).toLatin1();
}
} // namespace

bool validateDestinationUrl(const QString& text, QString* normalized, Error* error)
{
    // Qt counts ":name" as an absolute path (a resource); no folder is called that.
    if (QDir::isAbsolutePath(text) && !text.startsWith(QLatin1Char(':')) &&
        !text.contains(QStringLiteral("://"))) {
        *normalized = localUrl(text);
        return true;
    }
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty()) {
        *error = Error::permanent(QStringLiteral("\"%1\" is not a destination URL (examples: "
                                                 "local:///mnt/backup, "
                                                 "webdavs://nas.example/photos, "
                                                 "s3://bucket/photos?endpoint=https://s3.host)")
                                      .arg(text));
        return false;
    }
    if (isLocal(url)) {
        const QString path = url.path();
        if (!url.host().isEmpty() || !QDir::isAbsolutePath(path) ||
            path.startsWith(QLatin1Char(':'))) {
            *error = Error::permanent(QStringLiteral("A local destination needs an absolute path: "
                                                     "local:///path/to/folder"));
            return false;
        }
        *normalized = localUrl(path);
        return true;
    }
    if (isWebDav(url)) {
        if (url.host().isEmpty()) {
            *error = Error::permanent(QStringLiteral("A WebDAV destination needs a server: "
                                                     "webdavs://server/path"));
            return false;
        }
        if (!url.password().isEmpty()) {
            *error = Error::permanent(QStringLiteral("Put no password in the URL: it would be "
                                                     "stored in plain text. Set it with "
                                                     "--password-stdin or KEEPSAKE_SECRET_<NAME>"));
            return false;
        }
        const bool plain = webDavHttpUrl(url).scheme() == QLatin1String("http");
        if (plain && !isLoopback(url.host()) &&
            QUrlQuery(url).queryItemValue(QStringLiteral("insecure")) != QLatin1String("1")) {
            *error = Error::permanent(QStringLiteral("Plain HTTP to %1 would send your photos and "
                                                     "password unencrypted. Use webdavs:// (or "
                                                     "add ?insecure=1 if you really mean it)")
                                          .arg(url.host()));
            return false;
        }
        *normalized = url.toString(QUrl::FullyEncoded);
        return true;
    }
    if (url.scheme() == QLatin1String("s3")) {
        // Checks bucket, endpoint, plain-http rule and tuning values; secrets are refused.
        S3Settings settings;
        if (!S3Settings::fromUrl(url, &settings, error))
            return false;
        if (url.userName().isEmpty()) {
            *error = Error::permanent(QStringLiteral("An S3 destination needs the access key id "
                                                     "as the URL's user name: "
                                                     "s3://KEYID@bucket/folder?endpoint=..."));
            return false;
        }
        *normalized = url.toString(QUrl::FullyEncoded);
        return true;
    }
    *error = Error::permanent(
        QStringLiteral("This version of Keepsake cannot send to \"%1\" destinations yet")
            .arg(url.scheme()));
    return false;
}

bool hasSecretForThisRun(const QString& destinationName)
{
    return qEnvironmentVariableIsSet(secretVariable(destinationName).constData());
}

QString secretForThisRun(const QString& destinationName)
{
    return qEnvironmentVariable(secretVariable(destinationName).constData());
}

bool destinationNeedsSecret(const QString& url)
{
    // A server without a user name is used anonymously (a WebDAV share open on the home
    // network); S3 always names its access key there.
    const QUrl u(url);
    return !isLocal(u) && !u.userName().isEmpty();
}

bool destinationNeedsNetwork(const QString& url)
{
    return !isLocal(QUrl(url));
}

std::unique_ptr<Destination> createDestination(const DestinationRecord& record,
                                               const DestinationContext& context, Error* error)
{
    const QUrl url(record.url);
    if (isLocal(url))
        return std::make_unique<LocalDestination>(url.path());
    if (isWebDav(url) && context.network) {
        QString secret = secretForThisRun(record.name);
        if (secret.isEmpty() && context.secret)
            secret = context.secret(record);
        return std::make_unique<WebDavDestination>(webDavHttpUrl(url), url.userName(), secret,
                                                   context.network, record.pinnedCertSha256);
    }
    if (url.scheme() == QLatin1String("s3") && context.network) {
        S3Settings settings;
        if (!S3Settings::fromUrl(url, &settings, error))
            return nullptr;
        QString secret = secretForThisRun(record.name);
        if (secret.isEmpty() && context.secret)
            secret = context.secret(record);
        return std::make_unique<S3Destination>(settings, secret, context.network,
                                               record.pinnedCertSha256);
    }
    *error = Error::permanent(QStringLiteral("Destination \"%1\" has an unsupported URL %2")
                                  .arg(record.name, record.url));
    return nullptr;
}

} // namespace ks
