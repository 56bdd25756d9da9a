#include "FirstRunController.h"

#include "catalog/ConsentStore.h"
#include "catalog/DestinationStore.h"
#include "catalog/SettingKeys.h"
#include "catalog/SettingsStore.h"
#include "catalog/SourceStore.h"
#include "common/Clock.h"
#include "policy/ConsentScope.h"
#include "upload/DestinationFactory.h"

#include <QDir>
#include <QUrl>

namespace ks {

FirstRunController::Outcome FirstRunController::run(const QString& folder,
                                                    const QString& destinationName,
                                                    const QString& destinationUrl,
                                                    const LibraryCount& count)
{
    Outcome out;
    const qint64 now = systemClock().nowMs();
    const QString source = QDir::cleanPath(QDir(folder).absolutePath());
    QString url;
    if (!validateDestinationUrl(destinationUrl, &url, &out.error))
        return out;
    if (!SourceStore(m_db).add(source, now, &out.error))
        return out;
    DestinationStore destinations(m_db);
    if (!destinations.byName(destinationName) &&
        !destinations.add(destinationName, url, {}, now, &out.error))
        return out;
    if (url.startsWith(QLatin1String("local://")))
        QDir().mkpath(QUrl(url).path());
    ConsentStore consents(m_db);
    out.readAllowed =
        m_asker.ask(readSourceRequest(source, count.photos, count.videos, count.bytes));
    if (out.readAllowed)
        consents.grant(consent::readSource, source, QStringLiteral("dialog"), now, &out.error);
    out.uploadAllowed = m_asker.ask(
        uploadRequest(destinationName, QUrl(url).path(), count.photos, count.videos, count.bytes));
    if (out.uploadAllowed)
        consents.grant(consent::upload, destinationName, QStringLiteral("dialog"), now, &out.error);
    SettingsStore(m_db).setValue(settingkeys::firstRunDone, QStringLiteral("1"));
    return out;
}

} // namespace ks
