#include "DestinationFactory.h"

#include "LocalDestination.h"

#include <QDir>
#include <QUrl>
#include <QUrlQuery>

namespace ks {

namespace {
bool isLocal(const QUrl& url)
{
    return url.scheme() == QLatin1String("local") || url.scheme() == QLatin1String("file");
}
} // namespace

bool validateDestinationUrl(const QString& text, QString* normalized, Error* error)
{
    if (QDir::isAbsolutePath(text) && !text.contains(QStringLiteral("://"))) {
        *normalized = QStringLiteral("local://") + QDir::cleanPath(text);
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
        if (!url.host().isEmpty() || !QDir::isAbsolutePath(path)) {
            *error = Error::permanent(QStringLiteral("A local destination needs an absolute path: "
                                                     "local:///path/to/folder"));
            return false;
        }
        *normalized = QStringLiteral("local://") + QDir::cleanPath(path);
        return true;
    }
    *error = Error::permanent(
        QStringLiteral("This version of Keepsake cannot send to \"%1\" destinations yet")
            .arg(url.scheme()));
    return false;
}

bool destinationNeedsNetwork(const QString& url)
{
    return !isLocal(QUrl(url));
}

std::unique_ptr<Destination> createDestination(const DestinationRecord& record,
                                               const DestinationContext& context, Error* error)
{
    Q_UNUSED(context);
    const QUrl url(record.url);
    if (isLocal(url))
        return std::make_unique<LocalDestination>(url.path());
    *error = Error::permanent(QStringLiteral("Destination \"%1\" has an unsupported URL %2")
                                  .arg(record.name, record.url));
    return nullptr;
}

} // namespace ks
