// source add | list | remove
#include "Cli.h"
#include "catalog/ConsentStore.h"
#include "catalog/SourceStore.h"
#include "common/Clock.h"
#include "policy/ConsentScope.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

namespace ks::cli {
namespace {

int sourceAdd(Context& ctx)
{
    if (ctx.args().size() != 1)
        return ctx.usage(QStringLiteral("source add needs exactly one PATH"));
    const QString path = absolutePath(ctx.args().constFirst());
    const QFileInfo info(path);
    if (!info.exists())
        return ctx.fail(QStringLiteral("%1 does not exist").arg(path));
    if (!info.isDir())
        return ctx.fail(QStringLiteral("%1 is not a folder").arg(path));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    Error error;
    SourceStore sources(db->db());
    if (!sources.add(path, systemClock().nowMs(), &error))
        return ctx.fail(error.message);
    ctx.out() << "Added source " << path << Qt::endl;
    if (!ConsentStore(db->db()).isGranted(consent::readSource, path))
        ctx.out() << "Keepsake will read it once you allow it: keepsake-cli consent grant "
                  << consent::readSource << " " << path << Qt::endl;
    return exitcode::Success;
}

int sourceRemove(Context& ctx)
{
    if (ctx.args().size() != 1)
        return ctx.usage(QStringLiteral("source remove needs exactly one PATH"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    const QString path = absolutePath(ctx.args().constFirst());
    Error error;
    if (!SourceStore(db->db()).remove(path, &error))
        return ctx.fail(error.message);
    ctx.out() << "Removed source " << path << " (nothing already backed up is deleted anywhere)"
              << Qt::endl;
    return exitcode::Success;
}

int sourceList(Context& ctx)
{
    if (!ctx.args().isEmpty())
        return ctx.usage(QStringLiteral("source list takes no arguments"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    Error error;
    const QList<Source> list = SourceStore(db->db()).list(&error);
    if (error)
        return ctx.fail(error.message);
    ConsentStore consents(db->db());
    if (ctx.json()) {
        QJsonArray arr;
        for (const Source& s : list)
            arr.append(QJsonObject{
                {QStringLiteral("path"), s.path},
                {QStringLiteral("addedAt"), formatTime(s.addedMs)},
                {QStringLiteral("lastScanAt"),
                 s.lastScanMs ? QJsonValue(formatTime(s.lastScanMs)) : QJsonValue()},
                {QStringLiteral("readConsent"), consents.isGranted(consent::readSource, s.path)},
            });
        ctx.printJson(QJsonDocument(QJsonObject{{QStringLiteral("sources"), arr}}));
        return exitcode::Success;
    }
    if (list.isEmpty())
        ctx.out() << "No source folders. Add one with: keepsake-cli source add PATH" << Qt::endl;
    for (const Source& s : list)
        ctx.out() << s.path << "  (last scan: " << formatTime(s.lastScanMs)
                  << (consents.isGranted(consent::readSource, s.path)
                          ? QStringLiteral(")")
                          : QStringLiteral(", waiting for read consent)"))
                  << Qt::endl;
    return exitcode::Success;
}

const CommandRegistration registration({
    {QStringLiteral("source add"), QStringLiteral("PATH"),
     QStringLiteral("add a folder to back up"), sourceAdd},
    {QStringLiteral("source list"), QString(), QStringLiteral("list the source folders"),
     sourceList},
    {QStringLiteral("source remove"), QStringLiteral("PATH"),
     QStringLiteral("stop backing up a folder"), sourceRemove},
});

} // namespace
} // namespace ks::cli
