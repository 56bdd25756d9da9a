#include "ChaosAudit.h"

#include "BackupFixture.h"
#include "catalog/Database.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace ks::test {

namespace {

QByteArray hexOf(const QVariant& v)
{
    const QByteArray b = v.toByteArray();
    return b.size() == 32 ? b.toHex() : b.toLower();
}

} // namespace

QString AuditReport::text() const
{
    QString out =
        QStringLiteral("%1 source files, %2 acknowledged").arg(sourceFiles).arg(acknowledged);
    const int shown = std::min<int>(problems.size(), 40);
    for (int i = 0; i < shown; ++i)
        out += QStringLiteral("\n  - ") + problems.at(i);
    if (problems.size() > shown)
        out += QStringLiteral("\n  ... and %1 more").arg(problems.size() - shown);
    return out;
}

AuditReport auditBackup(const BackupFixture& fx, const QString& destinationName,
                        const Holdings& held, const AuditOptions& options)
{
    AuditReport report;
    QStringList& bad = report.problems;

    QMap<QString, QByteArray> onDisk = BackupFixture::hashesUnder(fx.library);
    for (const QString& rel : options.notBackedUp)
        onDisk.remove(rel);
    report.sourceFiles = int(onDisk.size());

    Database db;
    Error error;
    if (!db.open(fx.profile + QStringLiteral("/catalog.sqlite"), &error)) {
        bad << QStringLiteral("catalog does not open: ") + error.message;
        return report;
    }
    QSqlQuery q(db.db());
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")) || !q.next() ||
        q.value(0).toString() != QLatin1String("ok"))
        bad << QStringLiteral("catalog integrity check: ") + q.value(0).toString();

    // Every file on disk: its resource, its job, its bytes at the destination.
    q.prepare(QStringLiteral(
        "SELECT r.rel_path, r.sha256, r.missing, j.id, j.state, j.content_sha256, j.remote_path, "
        "j.dedup_of FROM resources r JOIN sources s ON s.id = r.source_id "
        "LEFT JOIN jobs j ON j.resource_id = r.id AND j.destination_id = "
        "(SELECT id FROM destinations WHERE name = ?) WHERE s.path = ?"));
    q.addBindValue(destinationName);
    q.addBindValue(QDir(fx.library).absolutePath());
    if (!q.exec())
        bad << QStringLiteral("catalog query failed");
    QSet<QString> inCatalog;
    QSet<QString> expectedKeys;
    while (q.next()) {
        const QString rel = q.value(0).toString();
        if (q.value(2).toBool())
            continue; // gone from disk: not the audit's business
        inCatalog.insert(rel);
        const auto disk = onDisk.constFind(rel);
        if (disk == onDisk.cend()) {
            if (!options.notBackedUp.contains(rel))
                bad << QStringLiteral("%1: in the catalog but not on disk").arg(rel);
            continue;
        }
        if (hexOf(q.value(1)) != disk.value())
            bad << QStringLiteral("%1: catalog hash differs from the bytes on disk").arg(rel);
        if (q.value(3).isNull()) {
            bad << QStringLiteral("%1: no job for %2").arg(rel, destinationName);
            continue;
        }
        if (q.value(4).toString() != QLatin1String("acknowledged")) {
            bad << QStringLiteral("%1: job is %2, not acknowledged")
                       .arg(rel, q.value(4).toString());
            continue;
        }
        ++report.acknowledged;
        if (hexOf(q.value(5)) != disk.value())
            bad << QStringLiteral("%1: acknowledged with a hash that is not its content").arg(rel);
        const QString remote = q.value(6).toString();
        if (q.value(7).isNull())
            expectedKeys.insert(remote);
        const auto there = held.constFind(remote);
        if (there == held.cend())
            bad << QStringLiteral("%1: acknowledged but %2 is not at the destination")
                       .arg(rel, remote);
        else if (there.value() != disk.value())
            bad << QStringLiteral("%1: %2 at the destination has other bytes").arg(rel, remote);
    }
    for (auto it = onDisk.cbegin(); it != onDisk.cend(); ++it)
        if (!inCatalog.contains(it.key()))
            bad << QStringLiteral("%1: on disk but not in the catalog").arg(it.key());

    // Nothing else at the destination: no duplicates, no temporaries, no half-written files.
    for (auto it = held.cbegin(); it != held.cend(); ++it)
        if (!expectedKeys.contains(it.key()))
            bad << QStringLiteral("%1: at the destination but no job put it there").arg(it.key());

    if (!options.allowResend) {
        QSqlQuery twice(db.db());
        twice.exec(QStringLiteral("SELECT job_id, count(*) FROM job_events WHERE to_state = "
                                  "'succeeded' GROUP BY job_id HAVING count(*) > 1"));
        while (twice.next())
            bad << QStringLiteral("job %1 was sent %2 times")
                       .arg(twice.value(0).toLongLong())
                       .arg(twice.value(1).toInt());
    }

    const QStringList leftovers =
        QDir(fx.profile + QStringLiteral("/tmp")).entryList(QDir::Files | QDir::Hidden);
    if (!leftovers.isEmpty())
        bad << QStringLiteral("profile tmp holds %1").arg(leftovers.join(QStringLiteral(", ")));
    return report;
}

bool chaosLong()
{
    return qEnvironmentVariableIntValue("KEEPSAKE_CHAOS_LONG") == 1;
}

int chaosRounds(int ciRounds, int longRounds)
{
    return chaosLong() ? longRounds : ciRounds;
}

void recordFigures(const QString& scenario, const QMap<QString, qint64>& figures)
{
    QJsonObject o{{QStringLiteral("scenario"), scenario}, {QStringLiteral("long"), chaosLong()}};
    QString line = QStringLiteral("CHAOS %1").arg(scenario);
    for (auto it = figures.cbegin(); it != figures.cend(); ++it) {
        o.insert(it.key(), double(it.value()));
        line += QStringLiteral(" %1=%2").arg(it.key()).arg(it.value());
    }
    qInfo().noquote() << line;
    const QString log = qEnvironmentVariable("KEEPSAKE_CHAOS_LOG");
    if (log.isEmpty())
        return;
    QFile f(log);
    if (f.open(QIODevice::Append))
        f.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
}

} // namespace ks::test
