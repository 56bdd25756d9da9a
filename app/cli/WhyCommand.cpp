// why PATH: "why is this file not backed up?"
#include "Cli.h"
#include "catalog/SettingsStore.h"
#include "jobs/BackupExplanation.h"
#include "policy/PolicyGate.h"
#include "policy/QtNetworkStateSource.h"
#include "policy/UPowerStateSource.h"

namespace ks::cli {
namespace {

int why(Context& ctx)
{
    if (ctx.args().size() != 1)
        return ctx.usage(QStringLiteral("why takes one PATH (and --json)"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    // The same gate as `status`: what holds transfers back now, per kind of destination.
    QtNetworkStateSource network;
    UPowerStateSource power;
    PolicyGate gate(&network, &power);
    gate.setSettings(PolicySettings::load(db->db()));
    const Explanation e = BackupExplanation(db->db(), systemClock(), [&gate](bool needsNetwork) {
                              return gate.blockers(needsNetwork);
                          }).explain(absolutePath(ctx.args().first()));
    if (ctx.json())
        ctx.printJson(QJsonDocument(e.toJson()));
    else
        ctx.out() << e.text() << Qt::endl;
    return exitcode::Success;
}

const CommandRegistration registration({
    {QStringLiteral("why"), QStringLiteral("PATH [--json]"),
     QStringLiteral("why a file is or is not backed up, per destination"), why},
});

} // namespace
} // namespace ks::cli
