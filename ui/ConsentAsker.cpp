#include "ConsentAsker.h"

#include "policy/ConsentScope.h"

#include <QCoreApplication>
#include <QLocale>

namespace ks {

namespace {
QString tr(const char* text)
{
    // lupdate files tr() calls in free functions under their namespace, so that is the context.
    return QCoreApplication::translate("ks", text);
}

QString counts(qint64 photos, qint64 videos, qint64 bytes)
{
    const QLocale l;
    return tr("%1 photos and %2 videos, %3")
        .arg(l.toString(photos), l.toString(videos),
             l.formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat));
}
} // namespace

ConsentRequest readSourceRequest(const QString& folder, qint64 photos, qint64 videos, qint64 bytes)
{
    return {consent::readSource, folder, tr("Read this folder?"),
            tr("Keepsake will read the photos and videos in %1 (%2) to find what needs backing up. "
               "Nothing is changed or deleted there.")
                .arg(folder, counts(photos, videos, bytes))};
}

ConsentRequest uploadRequest(const QString& destinationName, const QString& destinationWhere,
                             qint64 photos, qint64 videos, qint64 bytes)
{
    return {consent::upload, destinationName, tr("Send copies to \"%1\"?").arg(destinationName),
            tr("%1 will be copied to \"%2\" at %3. Keepsake never deletes anything there.")
                .arg(counts(photos, videos, bytes), destinationName, destinationWhere)};
}

ConsentRequest meteredRequest()
{
    return {consent::meteredNetwork, QString(), tr("Use metered networks?"),
            tr("This network may charge by the amount of data. Back up over it anyway?")};
}

ConsentRequest backgroundRequest()
{
    return {consent::background, QString(), tr("Keep backing up in the background?"),
            tr("Keepsake will keep running in the tray when its window is closed, and start when "
               "you log in.")};
}

ConsentRequest locationRequest(qint64 photosWithLocation)
{
    return {consent::location, QString(), tr("Include where photos were taken?"),
            tr("%1 photos record the place they were taken. Without your yes, Keepsake removes "
               "the location from the copies it sends.")
                .arg(QLocale().toString(photosWithLocation))};
}

} // namespace ks
