#include "EngineStatus.h"

#include "common/EnglishPlural.h"

#include <QJsonArray>
#include <QLocale>

namespace ks {

namespace {
QString ago(qint64 ms)
{
    const qint64 minutes = ms / 60000;
    if (minutes < 1)
        return EngineStatus::tr("just now");
    if (minutes < 60)
        return englishPlural(EngineStatus::tr("%n minute(s) ago", nullptr, int(minutes)), minutes);
    const qint64 hours = minutes / 60;
    if (hours < 24)
        return englishPlural(EngineStatus::tr("%n hour(s) ago", nullptr, int(hours)), hours);
    const qint64 days = hours / 24;
    return englishPlural(EngineStatus::tr("%n day(s) ago", nullptr, int(days)), days);
}

QString capitalized(QString s)
{
    if (!s.isEmpty())
        s[0] = s.at(0).toUpper();
    return s;
}
} // namespace

QString EngineStatus::headline(qint64 nowMs) const
{
    const QLocale locale;
    if (!pauseReasons.isEmpty() && filesDone < filesTotal)
        return capitalized(pauseReasons.first().message);
    if (running || (!transfers.isEmpty())) {
        const QString done = locale.toString(std::min(filesDone + 1, filesTotal));
        // Uploads start while the scan still finds files: the total is not the library's yet.
        if (scanning)
            return tr("Backing up %1 of %2 found so far").arg(done, locale.toString(filesTotal));
        return tr("Backing up %1 of %2").arg(done, locale.toString(filesTotal));
    }
    if (failures > 0)
        return englishPlural(tr("Needs attention: %n failure(s)", nullptr, int(failures)),
                             failures);
    if (!waitingForConsent.isEmpty())
        return tr("Waiting for your consent: %1").arg(waitingForConsent.first());
    if (scanning)
        return tr("Looking for new photos");
    if (waitingRetry > 0)
        return englishPlural(tr("Waiting to retry %n file(s)", nullptr, int(waitingRetry)),
                             waitingRetry);
    if (filesTotal == 0)
        return tr("Nothing to back up yet");
    if (lastCheckedMs > 0)
        return tr("Up to date, last checked %1").arg(ago(nowMs - lastCheckedMs));
    return tr("Up to date");
}

QJsonObject EngineStatus::toJson() const
{
    QJsonObject counts;
    for (auto it = countsByState.cbegin(); it != countsByState.cend(); ++it)
        counts.insert(it.key(), it.value());
    QJsonArray reasons;
    for (const PauseReason& r : pauseReasons)
        reasons.append(
            QJsonObject{{QStringLiteral("code"), r.code}, {QStringLiteral("message"), r.message}});
    QJsonArray active;
    for (const TransferProgress& t : transfers)
        active.append(QJsonObject{{QStringLiteral("job"), t.jobId},
                                  {QStringLiteral("localPath"), t.localPath},
                                  {QStringLiteral("remotePath"), t.remotePath},
                                  {QStringLiteral("destination"), t.destination},
                                  {QStringLiteral("bytesDone"), t.bytesDone},
                                  {QStringLiteral("bytesTotal"), t.bytesTotal}});
    return {
        {QStringLiteral("counts"), counts},
        {QStringLiteral("filesDone"), filesDone},
        {QStringLiteral("filesTotal"), filesTotal},
        {QStringLiteral("bytesDone"), bytesDone},
        {QStringLiteral("bytesTotal"), bytesTotal},
        {QStringLiteral("bytesPerSecond"), bytesPerSecond},
        {QStringLiteral("etaSeconds"), etaSeconds},
        {QStringLiteral("pauseReasons"), reasons},
        {QStringLiteral("waitingForConsent"), QJsonArray::fromStringList(waitingForConsent)},
        {QStringLiteral("transfers"), active},
        {QStringLiteral("failures"), failures},
        {QStringLiteral("scanning"), scanning},
        {QStringLiteral("running"), running},
    };
}

} // namespace ks
