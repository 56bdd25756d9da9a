// consent list | grant SCOPE [TARGET] | revoke SCOPE [TARGET]
#include "Cli.h"
#include "catalog/ConsentStore.h"
#include "catalog/DestinationStore.h"
#include "catalog/SourceStore.h"
#include "common/Clock.h"
#include "control/ControlServer.h"
#include "policy/ConsentScope.h"

#include <QJsonArray>
#include <QJsonObject>

namespace ks::cli {
namespace {

struct ScopeAndTarget
{
    QString scope;
    QString target;
};

// Validates the scope name and normalises the target (absolute path for read-source).
std::optional<ScopeAndTarget> parseScope(Context& ctx, int* exitCode)
{
    const QStringList& a = ctx.args();
    if (a.isEmpty() || a.size() > 2) {
        *exitCode = ctx.usage(QStringLiteral("expected SCOPE [TARGET]; scopes: ") +
                              consent::allScopes().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    ScopeAndTarget st{a.at(0), a.size() > 1 ? a.at(1) : QString()};
    if (!consent::allScopes().contains(st.scope)) {
        *exitCode = ctx.usage(QStringLiteral("unknown consent scope \"%1\"; scopes: %2")
                                  .arg(st.scope, consent::allScopes().join(QStringLiteral(", "))));
        return std::nullopt;
    }
    if (consent::needsTarget(st.scope) && st.target.isEmpty()) {
        *exitCode = ctx.usage(QStringLiteral("%1 needs a target (%2)")
                                  .arg(st.scope, st.scope == consent::readSource
                                                     ? QStringLiteral("a source folder")
                                                     : QStringLiteral("a destination name")));
        return std::nullopt;
    }
    if (!consent::needsTarget(st.scope) && !st.target.isEmpty()) {
        *exitCode = ctx.usage(QStringLiteral("%1 takes no target").arg(st.scope));
        return std::nullopt;
    }
    if (st.scope == consent::readSource)
        st.target = absolutePath(st.target);
    return st;
}

int consentGrant(Context& ctx)
{
    int code = 0;
    const auto st = parseScope(ctx, &code);
    if (!st)
        return code;
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    if (st->scope == consent::readSource && !SourceStore(db->db()).find(st->target))
        return ctx.fail(QStringLiteral("%1 is not a source folder; add it first with "
                                       "keepsake-cli source add")
                            .arg(st->target));
    if (st->scope == consent::upload && !DestinationStore(db->db()).byName(st->target))
        return ctx.fail(QStringLiteral("No destination named \"%1\"").arg(st->target));
    Error error;
    if (!ConsentStore(db->db()).grant(st->scope, st->target, QStringLiteral("cli"),
                                      systemClock().nowMs(), &error))
        return ctx.fail(error.message);
    ctx.out() << "Granted " << (st->scope + QLatin1Char(' ') + st->target).trimmed() << Qt::endl;
    control::nudge(*ctx.profile());
    return exitcode::Success;
}

int consentRevoke(Context& ctx)
{
    int code = 0;
    const auto st = parseScope(ctx, &code);
    if (!st)
        return code;
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    Error error;
    if (!ConsentStore(db->db()).revoke(st->scope, st->target, systemClock().nowMs(), &error))
        return ctx.fail(error.message);
    ctx.out() << "Revoked " << (st->scope + QLatin1Char(' ') + st->target).trimmed() << Qt::endl;
    control::nudge(*ctx.profile());
    return exitcode::Success;
}

int consentList(Context& ctx)
{
    const bool all = ctx.takeFlag(QStringLiteral("--all"));
    if (!ctx.args().isEmpty())
        return ctx.usage(QStringLiteral("consent list takes only --all"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    Error error;
    const QList<ConsentRecord> records = ConsentStore(db->db()).list(all, &error);
    if (error)
        return ctx.fail(error.message);
    if (ctx.json()) {
        QJsonArray arr;
        for (const ConsentRecord& r : records)
            arr.append(QJsonObject{
                {QStringLiteral("scope"), r.scope},
                {QStringLiteral("target"), r.target},
                {QStringLiteral("grantedAt"), formatTime(r.grantedMs)},
                {QStringLiteral("grantedBy"), r.grantedBy},
                {QStringLiteral("revokedAt"),
                 r.active() ? QJsonValue() : QJsonValue(formatTime(r.revokedMs))},
            });
        ctx.printJson(QJsonDocument(QJsonObject{{QStringLiteral("consents"), arr}}));
        return exitcode::Success;
    }
    if (records.isEmpty())
        ctx.out() << "No consent given yet." << Qt::endl;
    for (const ConsentRecord& r : records) {
        ctx.out() << (r.scope + QLatin1Char(' ') + r.target).trimmed() << "  granted "
                  << formatTime(r.grantedMs) << " by " << r.grantedBy;
        if (!r.active())
            ctx.out() << ", revoked " << formatTime(r.revokedMs);
        ctx.out() << Qt::endl;
    }
    return exitcode::Success;
}

const CommandRegistration registration({
    {QStringLiteral("consent list"), QStringLiteral("[--all]"),
     QStringLiteral("consents in force (--all: with revoked ones)"), consentList},
    {QStringLiteral("consent grant"), QStringLiteral("SCOPE [TARGET]"),
     QStringLiteral("allow: read-source PATH, upload DEST, metered-network, background, location"),
     consentGrant},
    {QStringLiteral("consent revoke"), QStringLiteral("SCOPE [TARGET]"),
     QStringLiteral("withdraw a consent; running work of that scope stops"), consentRevoke},
});

} // namespace
} // namespace ks::cli
