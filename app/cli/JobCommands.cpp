// status | failures | retry | history | pause | resume
#include "Cli.h"
#include "catalog/EventStore.h"
#include "catalog/JobStore.h"
#include "common/Clock.h"
#include "control/ControlServer.h"
#include "jobs/StatusReader.h"
#include "policy/PolicyGate.h"
#include "policy/QtNetworkStateSource.h"
#include "policy/UPowerStateSource.h"
#include "profile/EngineLock.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

namespace ks::cli {
namespace {

void nudgeEngine(Context& ctx)
{
    if (control::nudge(*ctx.profile()))
        ctx.out() << "The running Keepsake picked this up." << Qt::endl;
}

int status(Context& ctx)
{
    if (!ctx.args().isEmpty())
        return ctx.usage(QStringLiteral("status takes only --json"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    QtNetworkStateSource network;
    UPowerStateSource power;
    PolicyGate gate(&network, &power);
    gate.setSettings(PolicySettings::load(db->db()));
    const qint64 now = systemClock().nowMs();
    EngineStatus s = readStatus(db->db(), now, &gate);
    qint64 pid = 0;
    const bool engineRunning = EngineLock::isHeld(*ctx.profile(), &pid);
    if (ctx.json()) {
        QJsonObject o = s.toJson();
        o.insert(QStringLiteral("headline"), s.headline(now));
        o.insert(QStringLiteral("engineRunning"), engineRunning);
        ctx.printJson(QJsonDocument(o));
        return exitcode::Success;
    }
    ctx.out() << s.headline(now) << Qt::endl;
    ctx.out() << "Files: " << s.filesDone << " of " << s.filesTotal << " backed up ("
              << formatBytes(s.bytesDone) << " of " << formatBytes(s.bytesTotal) << ")" << Qt::endl;
    for (auto it = s.countsByState.cbegin(); it != s.countsByState.cend(); ++it)
        ctx.out() << "  " << it.key().leftJustified(13) << it.value() << Qt::endl;
    for (const PauseReason& r : s.pauseReasons)
        ctx.out() << "Waiting: " << r.message << Qt::endl;
    for (const QString& c : s.waitingForConsent)
        ctx.out() << "Waiting for consent: " << c << Qt::endl;
    ctx.out() << (engineRunning ? QStringLiteral("Engine: running (process %1)").arg(pid)
                                : QStringLiteral("Engine: not running"))
              << Qt::endl;
    return exitcode::Success;
}

int failures(Context& ctx)
{
    if (!ctx.args().isEmpty())
        return ctx.usage(QStringLiteral("failures takes only --json"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    const QList<JobRow> rows = JobStore(db->db()).failures();
    if (ctx.json()) {
        QJsonArray arr;
        for (const JobRow& j : rows)
            arr.append(QJsonObject{
                {QStringLiteral("id"), j.id},
                {QStringLiteral("state"), jobStateName(j.state)},
                {QStringLiteral("localPath"), j.localPath},
                {QStringLiteral("destination"), j.destinationName},
                {QStringLiteral("remotePath"), j.remotePath},
                {QStringLiteral("errorClass"), errorClassName(j.errorClass)},
                {QStringLiteral("reason"), j.errorMessage},
                {QStringLiteral("httpStatus"), j.httpStatus},
                {QStringLiteral("attempts"), j.attempts},
                {QStringLiteral("nextAttempt"), j.state == JobState::Pending
                                                    ? QJsonValue(formatTime(j.nextAttemptMs))
                                                    : QJsonValue()},
            });
        ctx.printJson(QJsonDocument(QJsonObject{{QStringLiteral("failures"), arr}}));
        return exitcode::Success;
    }
    if (rows.isEmpty())
        ctx.out() << "No failures." << Qt::endl;
    for (const JobRow& j : rows)
        ctx.out() << j.id << "  " << j.localPath << " -> " << j.destinationName << "\n    "
                  << j.errorMessage << " (" << errorClassName(j.errorClass) << ", " << j.attempts
                  << " attempt(s)"
                  << (j.state == JobState::Pending
                          ? QStringLiteral(", next try %1").arg(formatTime(j.nextAttemptMs))
                          : QString())
                  << ")" << Qt::endl;
    return exitcode::Success;
}

int retry(Context& ctx)
{
    const bool all = ctx.takeFlag(QStringLiteral("--all"));
    QList<qint64> ids;
    for (const QString& a : ctx.args()) {
        bool ok = false;
        ids << a.toLongLong(&ok);
        if (!ok)
            return ctx.usage(QStringLiteral("retry takes --all or job IDs (see keepsake-cli "
                                            "failures)"));
    }
    if (all == !ids.isEmpty())
        return ctx.usage(QStringLiteral("retry takes either --all or job IDs"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    JobStore jobs(db->db());
    const int n =
        all ? jobs.retryAll(systemClock().nowMs()) : jobs.retry(ids, systemClock().nowMs());
    ctx.out() << n << " job(s) queued again." << Qt::endl;
    nudgeEngine(ctx);
    return n > 0 || all ? exitcode::Success : exitcode::Failure;
}

int history(Context& ctx)
{
    bool ok = true;
    const int limit = ctx.takeOption(QStringLiteral("--limit"), QStringLiteral("50")).toInt(&ok);
    if (!ok || limit <= 0 || !ctx.args().isEmpty())
        return ctx.usage(QStringLiteral("history takes --json and --limit N"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    const QList<EventRow> rows = EventStore(db->db()).page({}, 0, limit);
    if (ctx.json()) {
        QJsonArray arr;
        for (const EventRow& e : rows)
            arr.append(QJsonObject{
                {QStringLiteral("id"), e.id},
                {QStringLiteral("job"), e.jobId},
                {QStringLiteral("at"), formatTime(e.atMs)},
                {QStringLiteral("from"), e.fromState},
                {QStringLiteral("to"), e.toState},
                {QStringLiteral("destination"), e.destination},
                {QStringLiteral("localPath"), e.localPath},
                {QStringLiteral("remotePath"), e.remotePath},
                {QStringLiteral("remoteTag"), e.remoteTag},
                {QStringLiteral("bytes"), e.bytes},
                {QStringLiteral("message"), e.message},
            });
        ctx.printJson(QJsonDocument(QJsonObject{{QStringLiteral("events"), arr}}));
        return exitcode::Success;
    }
    for (const EventRow& e : rows)
        ctx.out() << formatTime(e.atMs) << "  " << e.toState.leftJustified(12) << " " << e.localPath
                  << " -> " << e.destination << ":" << e.remotePath << "  " << e.message
                  << Qt::endl;
    return exitcode::Success;
}

int pause(Context& ctx)
{
    qint64 until = -1;
    const QString minutes = ctx.takeOption(QStringLiteral("--for"));
    const bool tomorrow = ctx.takeFlag(QStringLiteral("--until-tomorrow"));
    if (!ctx.args().isEmpty() || (tomorrow && !minutes.isEmpty()))
        return ctx.usage(QStringLiteral("pause takes --for MINUTES or --until-tomorrow"));
    if (!minutes.isEmpty()) {
        bool ok = false;
        const qint64 m = minutes.toLongLong(&ok);
        if (!ok || m <= 0)
            return ctx.usage(QStringLiteral("--for needs a number of minutes"));
        until = systemClock().nowMs() + m * 60000;
    } else if (tomorrow) {
        until = QDateTime(QDate::currentDate().addDays(1), QTime(6, 0)).toMSecsSinceEpoch();
    }
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    setPausedUntil(db->db(), until, systemClock().nowMs());
    ctx.out() << (until == -1 ? QStringLiteral("Paused until you resume.")
                              : QStringLiteral("Paused until %1.").arg(formatTime(until)))
              << Qt::endl;
    nudgeEngine(ctx);
    return exitcode::Success;
}

int resume(Context& ctx)
{
    if (!ctx.args().isEmpty())
        return ctx.usage(QStringLiteral("resume takes no arguments"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    setPausedUntil(db->db(), 0, systemClock().nowMs());
    ctx.out() << "Resumed." << Qt::endl;
    nudgeEngine(ctx);
    return exitcode::Success;
}

const CommandRegistration registration({
    {QStringLiteral("status"), QStringLiteral("[--json]"),
     QStringLiteral("what is backed up, what waits and why"), status},
    {QStringLiteral("failures"), QStringLiteral("[--json]"),
     QStringLiteral("files that could not be backed up, with the reason"), failures},
    {QStringLiteral("retry"), QStringLiteral("--all | ID..."),
     QStringLiteral("try failed files again"), retry},
    {QStringLiteral("history"), QStringLiteral("[--json] [--limit N]"),
     QStringLiteral("recent uploads and other events"), history},
    {QStringLiteral("pause"), QStringLiteral("[--for MINUTES | --until-tomorrow]"),
     QStringLiteral("pause backing up"), pause},
    {QStringLiteral("resume"), QString(), QStringLiteral("resume backing up"), resume},
});

} // namespace
} // namespace ks::cli
