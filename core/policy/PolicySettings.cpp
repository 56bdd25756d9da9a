#include "PolicySettings.h"

#include "ConsentScope.h"
#include "catalog/ConsentStore.h"
#include "catalog/SettingKeys.h"
#include "catalog/SettingsStore.h"

namespace ks {

PolicySettings PolicySettings::load(QSqlDatabase& db)
{
    SettingsStore settings(db);
    PolicySettings p;
    p.meteredConsent = ConsentStore(db).isGranted(consent::meteredNetwork, QString());
    p.allowOnBattery =
        settings.value(settingkeys::allowOnBattery, QStringLiteral("1")) == QLatin1String("1");
    p.minBatteryPercent = int(settings.intValue(settingkeys::minBatteryPercent, 20));
    p.windowStart =
        QTime::fromString(settings.value(settingkeys::scheduleStart), QStringLiteral("HH:mm"));
    p.windowEnd =
        QTime::fromString(settings.value(settingkeys::scheduleEnd), QStringLiteral("HH:mm"));
    p.bandwidthBytesPerSec = settings.intValue(settingkeys::bandwidthLimitKBps, 0) * 1024;
    return p;
}

} // namespace ks
