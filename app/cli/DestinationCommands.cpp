// destination add | list | remove
#include "Cli.h"
#include "SecretCommands.h"
#include "catalog/ConsentStore.h"
#include "catalog/DestinationStore.h"
#include "common/Clock.h"
#include "policy/ConsentScope.h"
#include "upload/DestinationFactory.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace ks::cli {
namespace {

int destinationAdd(Context& ctx)
{
    const bool passwordStdin = ctx.takeFlag(QStringLiteral("--password-stdin"));
    const QString user = ctx.takeOption(QStringLiteral("--user"));
    if (ctx.args().size() != 2)
        return ctx.usage(QStringLiteral("destination add needs NAME URL"));
    const QString name = ctx.args().at(0);
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (!validName.match(name).hasMatch())
        return ctx.usage(QStringLiteral("a destination name is 1 to 64 letters, digits, '.', '_' "
                                        "or '-', starting with a letter or digit"));
    QString typed = ctx.args().at(1);
    if (!user.isEmpty()) {
        QUrl withUser(typed);
        if (!withUser.isValid() || withUser.scheme().isEmpty() || withUser.host().isEmpty())
            return ctx.usage(QStringLiteral("--user needs a server URL, e.g. webdavs://host/path"));
        withUser.setUserName(user);
        typed = withUser.toString();
    }
    QString url;
    Error error;
    if (!validateDestinationUrl(typed, &url, &error))
        return ctx.fail(error.message, exitcode::Usage);
    if (QUrlQuery(QUrl(url)).queryItemValue(QStringLiteral("insecure")) == QLatin1String("1"))
        ctx.err() << "Warning: " << name
                  << " uses plain HTTP: photos and password cross the network unencrypted"
                  << Qt::endl;
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    if (!DestinationStore(db->db()).add(name, url, {}, systemClock().nowMs(), &error))
        return ctx.fail(error.message);
    ctx.out() << "Added destination " << name << " (" << url << ")" << Qt::endl;
    if (passwordStdin) {
        const int code = storeSecret(
            ctx, name, readSecretFromStdin(ctx, QStringLiteral("Password or secret key: ")));
        if (code != exitcode::Success)
            return code;
    }
    if (!ConsentStore(db->db()).isGranted(consent::upload, name))
        ctx.out() << "Keepsake will send copies there once you allow it: keepsake-cli consent "
                     "grant "
                  << consent::upload << " " << name << Qt::endl;
    return exitcode::Success;
}

int destinationRemove(Context& ctx)
{
    if (ctx.args().size() != 1)
        return ctx.usage(QStringLiteral("destination remove needs NAME"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    Error error;
    const auto record = DestinationStore(db->db()).byName(ctx.args().constFirst());
    if (!DestinationStore(db->db()).remove(ctx.args().constFirst(), &error))
        return ctx.fail(error.message);
    if (record && destinationNeedsSecret(record->url))
        forgetSecret(ctx, record->name);
    ctx.out() << "Removed destination " << ctx.args().constFirst()
              << " (files already there are left as they are)" << Qt::endl;
    return exitcode::Success;
}

int destinationList(Context& ctx)
{
    if (!ctx.args().isEmpty())
        return ctx.usage(QStringLiteral("destination list takes no arguments"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    Error error;
    const QList<DestinationRecord> list = DestinationStore(db->db()).list(&error);
    if (error)
        return ctx.fail(error.message);
    ConsentStore consents(db->db());
    if (ctx.json()) {
        QJsonArray arr;
        for (const DestinationRecord& d : list)
            arr.append(QJsonObject{
                {QStringLiteral("name"), d.name},
                {QStringLiteral("url"), d.url},
                {QStringLiteral("options"), d.options},
                {QStringLiteral("pinnedCertificateSha256"),
                 d.pinnedCertSha256.isEmpty() ? QJsonValue() : QJsonValue(d.pinnedCertSha256)},
                {QStringLiteral("uploadConsent"), consents.isGranted(consent::upload, d.name)},
            });
        ctx.printJson(QJsonDocument(QJsonObject{{QStringLiteral("destinations"), arr}}));
        return exitcode::Success;
    }
    if (list.isEmpty())
        ctx.out() << "No destinations. Add one with: keepsake-cli destination add NAME "
                     "local:///path/to/folder"
                  << Qt::endl;
    for (const DestinationRecord& d : list)
        ctx.out() << d.name << "  " << d.url
                  << (consents.isGranted(consent::upload, d.name)
                          ? QString()
                          : QStringLiteral("  (waiting for upload consent)"))
                  << Qt::endl;
    return exitcode::Success;
}

const CommandRegistration registration({
    {QStringLiteral("destination add"), QStringLiteral("NAME URL [--user U] [--password-stdin]"),
     QStringLiteral("add a place to back up to (local:///path, webdavs://..., s3://...)"),
     destinationAdd},
    {QStringLiteral("destination list"), QString(), QStringLiteral("list the destinations"),
     destinationList},
    {QStringLiteral("destination remove"), QStringLiteral("NAME"),
     QStringLiteral("forget a destination (its files stay)"), destinationRemove},
});

} // namespace
} // namespace ks::cli
