// scan [--json] | assets [--json] | catalog backup | catalog restore [--force]
#include "Cli.h"
#include "catalog/AssetStore.h"
#include "catalog/CatalogBackup.h"
#include "profile/EngineLock.h"
#include "scan/ScanRun.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimeZone>
#include <cstdio>
#include <unistd.h>

namespace ks::cli {
namespace {

QJsonObject summaryJson(const ScanSummary& s)
{
    return {
        {QStringLiteral("filesSeen"), s.filesSeen},
        {QStringLiteral("filesHashed"), s.filesHashed},
        {QStringLiteral("filesUnchanged"), s.filesUnchanged},
        {QStringLiteral("filesNew"), s.filesNew},
        {QStringLiteral("filesChanged"), s.filesChanged},
        {QStringLiteral("filesMoved"), s.filesMoved},
        {QStringLiteral("filesMissing"), s.filesMissing},
        {QStringLiteral("problems"), s.problems},
        {QStringLiteral("bytesHashed"), s.bytesHashed},
        {QStringLiteral("sourcesWaitingForConsent"),
         QJsonArray::fromStringList(s.sourcesWaitingForConsent)},
        {QStringLiteral("cancelled"), s.cancelled},
    };
}

int scan(Context& ctx)
{
    if (!ctx.args().isEmpty())
        return ctx.usage(QStringLiteral("scan takes only --json"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    const bool tty = isatty(fileno(stderr));
    std::atomic_bool cancel(false);
    const ScanSummary s = runScan(db->path(), {}, cancel, [&](const ScanProgress& p) {
        if (tty)
            ctx.err() << "\rScanning: " << p.filesSeen << " files, " << p.filesHashed << " read"
                      << Qt::flush;
    });
    if (tty)
        ctx.err() << "\r" << QString(60, QLatin1Char(' ')) << "\r" << Qt::flush;
    if (s.error)
        return ctx.fail(s.error.message);
    if (ctx.json()) {
        ctx.printJson(QJsonDocument(summaryJson(s)));
    } else {
        ctx.out() << "Scanned " << s.filesSeen << " files: " << s.filesNew << " new, "
                  << s.filesChanged << " changed, " << s.filesMoved << " moved, " << s.filesMissing
                  << " missing, " << s.filesUnchanged << " unchanged (" << s.filesHashed
                  << " read, " << formatBytes(s.bytesHashed) << ")." << Qt::endl;
        if (s.problems)
            ctx.out() << s.problems << " problem(s): see keepsake-cli assets" << Qt::endl;
        for (const QString& p : s.sourcesWaitingForConsent)
            ctx.out() << "Not read (waiting for consent): " << p
                      << "  -> keepsake-cli consent grant read-source " << p << Qt::endl;
    }
    return s.sourcesWaitingForConsent.isEmpty() ? exitcode::Success : exitcode::WaitingConsent;
}

QString captureText(const AssetRow& a)
{
    if (!a.captureWallMs)
        return {};
    QDateTime t = QDateTime::fromMSecsSinceEpoch(a.captureWallMs, QTimeZone::utc());
    if (!a.hasOffset)
        return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    t = QDateTime(t.date(), t.time(), QTimeZone(a.offsetSeconds));
    return t.toString(Qt::ISODate);
}

int assets(Context& ctx)
{
    if (!ctx.args().isEmpty())
        return ctx.usage(QStringLiteral("assets takes only --json"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    AssetStore store(db->db());
    Error error;
    const QList<AssetRow> rows = store.assets(&error);
    const QList<ScanProblemRow> problems = store.scanProblems(&error);
    if (error)
        return ctx.fail(error.message);
    if (ctx.json()) {
        QJsonArray arr;
        for (const AssetRow& a : rows) {
            QJsonArray resources;
            QJsonArray assetProblems;
            qint64 size = 0;
            for (const ResourceRow& r : a.resources) {
                size += r.size;
                resources.append(QJsonObject{
                    {QStringLiteral("role"), r.role},
                    {QStringLiteral("path"), r.path},
                    {QStringLiteral("mediaType"), r.mediaType},
                    {QStringLiteral("size"), r.size},
                    {QStringLiteral("sha256"), QString::fromLatin1(r.sha256.toHex())},
                    {QStringLiteral("hasLocation"), r.hasGps},
                    {QStringLiteral("missing"), r.missing},
                    {QStringLiteral("problem"), r.problem.isEmpty() ? QJsonValue() : r.problem},
                });
                if (!r.problem.isEmpty())
                    assetProblems.append(r.path + QStringLiteral(": ") + r.problem);
            }
            const ResourceRow& main = a.resources.constFirst();
            arr.append(QJsonObject{
                {QStringLiteral("path"), main.path},
                {QStringLiteral("kind"), a.kind},
                {QStringLiteral("mediaType"), main.mediaType},
                {QStringLiteral("captureTime"), captureText(a)},
                {QStringLiteral("captureTimeSource"), a.captureOrigin},
                {QStringLiteral("size"), size},
                {QStringLiteral("sha256"), QString::fromLatin1(main.sha256.toHex())},
                {QStringLiteral("resources"), resources},
                {QStringLiteral("problems"), assetProblems},
            });
        }
        QJsonArray probs;
        for (const ScanProblemRow& p : problems)
            probs.append(QJsonObject{
                {QStringLiteral("path"),
                 p.path.isEmpty() ? p.source : p.source + QLatin1Char('/') + p.path},
                {QStringLiteral("reason"), p.reason},
            });
        ctx.printJson(QJsonDocument(
            QJsonObject{{QStringLiteral("assets"), arr}, {QStringLiteral("problems"), probs}}));
        return exitcode::Success;
    }
    for (const AssetRow& a : rows) {
        const ResourceRow& main = a.resources.constFirst();
        ctx.out() << main.path << "  " << a.kind << " " << main.mediaType << "  " << captureText(a)
                  << " (" << a.captureOrigin << ")" << Qt::endl;
        for (const ResourceRow& r : a.resources) {
            ctx.out() << "    " << r.role.leftJustified(10) << " " << r.path << "  "
                      << formatBytes(r.size) << "  " << r.sha256.toHex().left(16)
                      << (r.missing ? "  MISSING" : "")
                      << (r.problem.isEmpty() ? QString()
                                              : QStringLiteral("  problem: ") + r.problem)
                      << Qt::endl;
        }
    }
    if (!problems.isEmpty())
        ctx.out() << "\nProblems:" << Qt::endl;
    for (const ScanProblemRow& p : problems)
        ctx.out() << "  " << (p.path.isEmpty() ? p.source : p.source + QLatin1Char('/') + p.path)
                  << ": " << p.reason << Qt::endl;
    return exitcode::Success;
}

int catalogBackup(Context& ctx)
{
    if (!ctx.args().isEmpty())
        return ctx.usage(QStringLiteral("catalog backup takes no arguments"));
    Database* db = ctx.database();
    if (!db)
        return exitcode::ProfileError;
    const CatalogBackup backup(db->path());
    Error error;
    if (!backup.write(db->db(), &error))
        return ctx.fail(error.message);
    ctx.out() << "Wrote a copy of the catalog to " << backup.backupPath() << Qt::endl;
    return exitcode::Success;
}

int catalogRestore(Context& ctx)
{
    const bool force = ctx.takeFlag(QStringLiteral("--force"));
    if (!ctx.args().isEmpty())
        return ctx.usage(QStringLiteral("catalog restore takes only --force"));
    Profile* profile = ctx.profile();
    if (!profile)
        return exitcode::ProfileError;
    // The catalog is replaced under the engine's feet otherwise.
    EngineLock lock(*profile);
    Error error;
    if (!lock.tryLock(&error))
        return ctx.fail(error.message, exitcode::EngineBusy);
    const CatalogBackup backup(profile->catalogPath());
    const qint64 written = backup.writtenMs();
    if (!force) {
        // A healthy catalog is not rolled back by accident: it would forget recent backups.
        Database db;
        if (db.open(profile->catalogPath(), nullptr) &&
            CatalogBackup::check(db.db(), profile->catalogPath(), nullptr))
            return ctx.fail(QStringLiteral("The catalog is not damaged. Restoring the copy of %1 "
                                           "would forget what happened since; pass --force to "
                                           "restore it anyway.")
                                .arg(formatTime(written)));
    }
    QString aside;
    if (!backup.restore(&aside, &error))
        return ctx.fail(error.message, exitcode::ProfileError);
    ctx.out() << "Restored the catalog from its copy of " << formatTime(written) << "." << Qt::endl;
    if (!aside.isEmpty())
        ctx.out() << "The damaged catalog was kept as " << aside << Qt::endl;
    ctx.out() << "Files backed up since then are looked for at the destination by the next "
                 "backup, not sent again."
              << Qt::endl;
    return exitcode::Success;
}

const CommandRegistration registration({
    {QStringLiteral("scan"), QStringLiteral("[--json]"),
     QStringLiteral("scan the source folders that may be read"), scan},
    {QStringLiteral("assets"), QStringLiteral("[--json]"),
     QStringLiteral("list photos and videos found, with their files and problems"), assets},
    {QStringLiteral("catalog backup"), QString(),
     QStringLiteral("write a copy of the catalog now (the engine keeps one after each backup)"),
     catalogBackup},
    {QStringLiteral("catalog restore"), QStringLiteral("[--force]"),
     QStringLiteral("put the copy of the catalog back (the damaged one is kept aside)"),
     catalogRestore},
});

} // namespace
} // namespace ks::cli
