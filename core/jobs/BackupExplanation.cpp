#include "BackupExplanation.h"

#include "StatusReader.h"
#include "catalog/ConsentStore.h"
#include "catalog/Database.h"
#include "catalog/DestinationStore.h"
#include "catalog/LibraryStats.h"
#include "catalog/SourceStore.h"
#include "common/EnglishPlural.h"
#include "common/WorkPool.h"
#include "policy/ConsentScope.h"
#include "scan/MediaType.h"
#include "upload/DestinationFactory.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QtConcurrent/QtConcurrentRun>

namespace ks {

namespace {

QString when(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString whenExact(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString joinMessages(const QList<PauseReason>& reasons)
{
    QStringList parts;
    for (const PauseReason& r : reasons)
        parts << r.message;
    return parts.join(QStringLiteral("; "));
}

bool isUnder(const QString& path, const QString& folder)
{
    return path == folder ||
           path.startsWith(folder.endsWith(QLatin1Char('/')) ? folder : folder + QLatin1Char('/'));
}

// Everything the per-destination answer depends on besides the job.
struct FileContext
{
    bool sourceReadable = true;
    QString sourcePath;
    bool userPaused = false;
    qint64 pausedUntilMs = 0;
};

} // namespace

bool Explanation::backedUp() const
{
    if (destinations.isEmpty())
        return false;
    for (const DestinationAnswer& d : destinations) {
        if (d.code != QLatin1String("backed-up") && d.code != QLatin1String("duplicate"))
            return false;
    }
    return true;
}

QString Explanation::text() const
{
    QStringList lines{path};
    for (const QString& s : sentences)
        lines << QStringLiteral("  ") + s;
    for (const DestinationAnswer& d : destinations)
        lines << QStringLiteral("  %1: %2").arg(d.destination, d.sentence);
    return lines.join(QLatin1Char('\n'));
}

QJsonObject Explanation::toJson() const
{
    QJsonArray dests;
    for (const DestinationAnswer& d : destinations) {
        QJsonObject o{{QStringLiteral("destination"), d.destination},
                      {QStringLiteral("code"), d.code},
                      {QStringLiteral("sentence"), d.sentence}};
        if (!d.remotePath.isEmpty())
            o.insert(QStringLiteral("remotePath"), d.remotePath);
        if (d.acknowledgedMs > 0)
            o.insert(QStringLiteral("acknowledgedAt"),
                     QDateTime::fromMSecsSinceEpoch(d.acknowledgedMs).toString(Qt::ISODate));
        if (d.jobId > 0)
            o.insert(QStringLiteral("job"), d.jobId);
        dests.append(o);
    }
    return {{QStringLiteral("path"), path},
            {QStringLiteral("source"), source.isEmpty() ? QJsonValue() : QJsonValue(source)},
            {QStringLiteral("code"), code},
            {QStringLiteral("backedUp"), backedUp()},
            {QStringLiteral("sentences"), QJsonArray::fromStringList(sentences)},
            {QStringLiteral("destinations"), dests}};
}

BackupExplanation::BackupExplanation(QSqlDatabase& db, Clock& clock, PolicyReasons policy)
    : m_db(db), m_clock(clock), m_policy(std::move(policy))
{
}

QFuture<Explanation> BackupExplanation::explainAsync(const QString& catalogPath,
                                                     const QString& path, PolicyReasons policy)
{
    return QtConcurrent::run(workPool(), [catalogPath, path, policy] {
        Database db;
        Error error;
        if (!db.open(catalogPath, &error)) {
            Explanation e;
            e.path = path;
            e.code = QStringLiteral("catalog-error");
            e.sentences << error.message;
            return e;
        }
        return BackupExplanation(db.db(), systemClock(), policy).explain(path);
    });
}

Explanation BackupExplanation::explain(const QString& rawPath)
{
    Explanation e;
    e.path = QDir::cleanPath(QFileInfo(rawPath).absoluteFilePath());
    const qint64 now = m_clock.nowMs();
    const QFileInfo onDisk(e.path);

    // The source that holds it: by the path as given, else through symbolic links.
    const QList<Source> sources = SourceStore(m_db).list();
    std::optional<Source> source;
    QString path = e.path;
    for (const QString& candidate : {e.path, onDisk.canonicalFilePath()}) {
        for (const Source& s : sources) {
            if (!candidate.isEmpty() && isUnder(candidate, s.path) &&
                (!source || s.path.size() > source->path.size())) {
                source = s;
                path = candidate;
            }
        }
        if (source)
            break;
    }
    if (!source) {
        e.code = QStringLiteral("outside-sources");
        QStringList roots;
        for (const Source& s : sources)
            roots << s.path;
        e.sentences << (roots.isEmpty() ? tr("It is not in a source folder: Keepsake has no "
                                             "source folders yet.")
                                        : tr("It is not in a source folder, so Keepsake does not "
                                             "back it up. Source folders: %1.")
                                              .arg(roots.join(QStringLiteral(", "))));
        return e;
    }
    e.source = source->path;
    if (onDisk.isDir()) {
        e.code = QStringLiteral("folder");
        e.sentences << tr("This is a folder in %1; ask about a file in it.").arg(source->path);
        return e;
    }
    const QString relPath =
        path.mid(source->path.size() + (source->path.endsWith(QLatin1Char('/')) ? 0 : 1));

    ConsentStore consents(m_db);
    LibraryStats stats(m_db);
    FileContext ctx;
    ctx.sourcePath = source->path;
    ctx.sourceReadable = consents.isGranted(consent::readSource, source->path);
    ctx.pausedUntilMs = pausedUntil(m_db);
    ctx.userPaused = isPaused(ctx.pausedUntilMs, now);

    const std::optional<ResourceFacts> resource = stats.resource(source->id, relPath);
    if (!ctx.sourceReadable) {
        e.code = QStringLiteral("waiting-read-consent");
        e.sentences << tr("It is in %1, which waits for your consent to be read "
                          "(keepsake-cli consent grant read-source %1).")
                           .arg(source->path);
        if (!resource)
            return e; // nothing known about it, nothing more to say
    }

    if (!resource) {
        const QList<ScanProblemRow> problems = stats.problemsFor(source->id, relPath);
        for (const ScanProblemRow& p : problems) {
            if (p.path.isEmpty()) {
                e.code = QStringLiteral("source-unavailable");
                e.sentences << tr("The source folder %1 could not be read at the "
                                  "last scan: %2.")
                                   .arg(source->path, p.reason);
                return e;
            }
            if (p.path == relPath) {
                e.code = QStringLiteral("scan-problem");
                e.sentences << tr("The scan could not take it: %1.").arg(p.reason);
                return e;
            }
            e.code = QStringLiteral("scan-problem");
            e.sentences << tr("The folder %1 could not be read at the last scan: %2.")
                               .arg(source->path + QLatin1Char('/') + p.path, p.reason);
            return e;
        }
        if (!onDisk.exists()) {
            e.code = QStringLiteral("no-such-file");
            e.sentences << tr("There is no such file, and the catalog does not know "
                              "it.");
            return e;
        }
        if (source->lastScanMs == 0 ||
            onDisk.lastModified().toMSecsSinceEpoch() > source->lastScanMs) {
            e.code = QStringLiteral("not-scanned");
            e.sentences << (source->lastScanMs == 0
                                ? tr("%1 has not been scanned yet; the next scan "
                                     "will find this file.")
                                      .arg(source->path)
                                : tr("It is newer than the last scan (%1); the next "
                                     "scan will find it.")
                                      .arg(when(source->lastScanMs)));
            return e;
        }
        // The scan skips, without a word, files whose content is no photo or video: say so.
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            e.code = QStringLiteral("scan-problem");
            e.sentences << tr("It cannot be read: %1.").arg(f.errorString());
            return e;
        }
        const MediaType type =
            detectMediaType(f.read(kMediaSignatureBytes), onDisk.suffix().toLower());
        if (!type.isKnown()) {
            e.code = QStringLiteral("not-media");
            e.sentences << tr(
                "It is not a recognised photo or video: its content is none of JPEG, HEIC, "
                "PNG, WebP, GIF, TIFF, camera RAW, MP4, MOV, M4V, XMP or AAE (the content "
                "decides, not the name).");
            return e;
        }
        e.code = QStringLiteral("not-scanned");
        // One whole sentence per kind: the kind's name changes the sentence around it in German.
        e.sentences << (type.kind == MediaKind::Video
                            ? tr("It is a video the last scan did not catalogue; the next scan "
                                 "will.")
                        : type.kind == MediaKind::Sidecar
                            ? tr("It is a sidecar the last scan did not catalogue; the next scan "
                                 "will.")
                            : tr("It is a photo the last scan did not catalogue; the next scan "
                                 "will."));
        return e;
    }

    if (resource->missing) {
        e.code = QStringLiteral("missing");
        e.sentences << (onDisk.exists() ? tr("The last scan did not find it; the next scan will "
                                             "take it again.")
                                        : tr("It is gone from the source folder (moved or "
                                             "deleted since %1).")
                                              .arg(when(resource->scannedMs)));
    } else if (!resource->problem.isEmpty()) {
        e.code = QStringLiteral("cannot-back-up");
        e.sentences << tr("It cannot be backed up as it is: %1.").arg(resource->problem);
    } else if (resource->sha256.isEmpty()) {
        e.code = QStringLiteral("not-read-yet");
        e.sentences << tr("The scan found it but has not read it yet.");
    } else if (onDisk.exists() &&
               (onDisk.size() != resource->size ||
                onDisk.lastModified().toMSecsSinceEpoch() != resource->mtimeMs)) {
        e.sentences << tr("It changed since the last scan; the new version is backed "
                          "up after the next scan.");
    }
    if (resource->hasGps && !consents.isGranted(consent::location, QString()))
        e.sentences << tr("Its location (GPS) is removed from the copies sent, "
                          "since there is no consent to share it.");

    const QList<DestinationRecord> destinations = DestinationStore(m_db).list();
    if (destinations.isEmpty()) {
        if (e.code.isEmpty())
            e.code = QStringLiteral("no-destination");
        e.sentences << tr("There is no destination to back up to yet.");
        return e;
    }
    const QList<JobFacts> jobs = stats.jobs(resource->id);
    const bool canGo = !resource->missing && resource->problem.isEmpty() &&
                       !resource->sha256.isEmpty() && ctx.sourceReadable;
    for (const DestinationRecord& d : destinations) {
        DestinationAnswer a;
        a.destination = d.name;
        const bool uploadConsent = consents.isGranted(consent::upload, d.name);
        const JobFacts* job = nullptr;
        for (const JobFacts& j : jobs) {
            if (j.destinationId == d.id)
                job = &j;
        }
        auto set = [&a](const char* code, const QString& sentence) {
            a.code = QLatin1String(code);
            a.sentence = sentence;
        };
        if (!job) {
            if (!uploadConsent)
                set("waiting-upload-consent",
                    tr("Waiting for your consent to upload to %1 (keepsake-cli "
                       "consent grant upload %1).")
                        .arg(d.name));
            else if (!ctx.sourceReadable)
                set("waiting-read-consent",
                    tr("Not planned: %1 may not be read.").arg(ctx.sourcePath));
            else if (canGo)
                set("not-planned", tr("Not planned yet; the engine plans it after "
                                      "the next scan."));
            else
                set("not-planned", tr("Not backed up."));
            e.destinations.append(a);
            continue;
        }
        a.jobId = job->id;
        a.remotePath = job->remotePath;
        const bool current = job->contentSha256.isEmpty() || resource->sha256.isEmpty() ||
                             job->contentSha256 == resource->sha256;
        if (job->state == QLatin1String("acknowledged")) {
            a.acknowledgedMs = job->acknowledgedMs;
            if (!current)
                set("changed", tr("An earlier version is backed up at %1 (%2); the "
                                  "file changed since, and its new version is "
                                  "planned after the next scan.")
                                   .arg(job->remotePath, when(job->acknowledgedMs)));
            else if (job->dedupOf)
                set("duplicate", tr("Backed up as a duplicate of %1, whose identical content "
                                    "is at %2 (acknowledged %3).")
                                     .arg(job->dedupOfLocalPath, job->remotePath,
                                          whenExact(job->acknowledgedMs)));
            else
                set("backed-up",
                    job->remoteTag.isEmpty()
                        ? tr("Backed up at %1 on %2 (acknowledged by the destination).")
                              .arg(job->remotePath, whenExact(job->acknowledgedMs))
                        : tr("Backed up at %1 on %2 (acknowledged by the destination, tag %3).")
                              .arg(job->remotePath, whenExact(job->acknowledgedMs),
                                   job->remoteTag));
        } else if (job->state == QLatin1String("running")) {
            set("uploading", tr("Uploading now, to %1.").arg(job->remotePath));
        } else if (job->state == QLatin1String("succeeded")) {
            set("verifying", tr("Sent to %1; waiting for the destination to confirm "
                                "the copy.")
                                 .arg(job->remotePath));
        } else if (job->state == QLatin1String("failed")) {
            set("failed", tr("Failed: %1. It waits for you to retry: the Failures "
                             "tab, or keepsake-cli retry %2.")
                              .arg(job->errorMessage, QString::number(job->id)));
        } else if (job->state == QLatin1String("cancelled")) {
            set("skipped",
                tr("Skipped by you. To back it up: keepsake-cli retry %1.").arg(job->id));
        } else if (job->state == QLatin1String("registered")) {
            set("registered", tr("Registered; it will be queued."));
        } else { // pending
            const bool needsNetwork = destinationNeedsNetwork(d.url);
            const QList<PauseReason> policy =
                m_policy ? m_policy(needsNetwork) : QList<PauseReason>();
            if (!uploadConsent)
                set("waiting-upload-consent",
                    tr("Waiting for your consent to upload to %1 (keepsake-cli "
                       "consent grant upload %1).")
                        .arg(d.name));
            else if (!ctx.sourceReadable)
                set("waiting-read-consent",
                    tr("Waiting for your consent to read %1.").arg(ctx.sourcePath));
            else if (job->dedupOf)
                set("duplicate-waiting",
                    tr("Identical content (%1) is on its way to %2 (%3); this file "
                       "counts as backed up when that copy is acknowledged.")
                        .arg(job->dedupOfLocalPath, job->remotePath, job->dedupOfState));
            else if (ctx.userPaused)
                set("paused-user",
                    ctx.pausedUntilMs == -1
                        ? tr("Queued, but paused by you until you "
                             "resume.")
                        : tr("Queued, but paused by you until %1.").arg(when(ctx.pausedUntilMs)));
            else if (!policy.isEmpty())
                set("paused-policy",
                    tr("Queued, but paused by policy: %1.").arg(joinMessages(policy)));
            else if (job->attempts > 0 && job->nextAttemptMs > now)
                set("waiting-retry",
                    englishPlural(tr("Failed (%n attempt(s) so far): %1. Next try at %2.", nullptr,
                                     job->attempts),
                                  job->attempts)
                        .arg(job->errorMessage, whenExact(job->nextAttemptMs)));
            else if (job->nextAttemptMs > now)
                set("waiting", tr("Queued; waits until %1.").arg(whenExact(job->nextAttemptMs)));
            else if (!job->waitReason.isEmpty())
                set("waiting", tr("Queued; waiting: %1.").arg(job->waitReason));
            else {
                const qint64 position = stats.queuePosition(job->id);
                set("queued",
                    (job->maybeSent ? tr("Queued as %1, number %2 in line (an earlier attempt may "
                                         "have sent it: the destination is checked first).")
                                    : tr("Queued as %1, number %2 in line."))
                        .arg(job->remotePath, QString::number(position)));
            }
        }
        e.destinations.append(a);
    }
    if (e.code.isEmpty())
        e.code = e.backedUp() ? QStringLiteral("backed-up") : QStringLiteral("per-destination");
    return e;
}

BackupExplanation::PolicyReasons BackupExplanation::fromStatus(const EngineStatus& status)
{
    return [local = status.localBlockers, network = status.networkBlockers](bool needsNetwork) {
        return needsNetwork ? network : local;
    };
}

} // namespace ks
