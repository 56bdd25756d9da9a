#include "StorageChecks.h"

#include "BackupFixture.h"
#include "catalog/Database.h"

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

QStringList checkAcknowledgedOnly(const BackupFixture& fx, const QString& destinationName,
                                  const Holdings& held)
{
    QStringList bad;
    Database db;
    Error error;
    if (!db.open(fx.profile + QStringLiteral("/catalog.sqlite"), &error))
        return {QStringLiteral("catalog does not open: ") + error.message};
    QSqlQuery q(db.db());
    q.prepare(QStringLiteral(
        "SELECT j.remote_path, coalesce(j.sent_sha256, j.content_sha256) FROM jobs j "
        "JOIN destinations d ON d.id = j.destination_id WHERE d.name = ? AND "
        "j.state = 'acknowledged' AND j.dedup_of IS NULL"));
    q.addBindValue(destinationName);
    if (!q.exec())
        return {QStringLiteral("catalog query failed")};
    QSet<QString> acknowledged;
    while (q.next()) {
        const QString remote = q.value(0).toString();
        acknowledged.insert(remote);
        const auto there = held.constFind(remote);
        if (there == held.cend())
            bad << QStringLiteral("%1 is acknowledged but not at the destination").arg(remote);
        else if (there.value() != hexOf(q.value(1)))
            bad << QStringLiteral("%1 is acknowledged but holds other bytes").arg(remote);
    }
    for (auto it = held.cbegin(); it != held.cend(); ++it)
        if (!acknowledged.contains(it.key()))
            bad << QStringLiteral("%1 is at the destination but not acknowledged (half-written?)")
                       .arg(it.key());
    return bad;
}

QMap<QString, int> jobStates(const BackupFixture& fx)
{
    QMap<QString, int> out;
    Database db;
    Error error;
    if (!db.open(fx.profile + QStringLiteral("/catalog.sqlite"), &error))
        return out;
    QSqlQuery q(db.db());
    q.exec(QStringLiteral("SELECT state, count(*) FROM jobs GROUP BY state"));
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toInt());
    return out;
}

int missingResources(const BackupFixture& fx)
{
    Database db;
    Error error;
    if (!db.open(fx.profile + QStringLiteral("/catalog.sqlite"), &error))
        return -1;
    QSqlQuery q(db.db());
    if (q.exec(QStringLiteral("SELECT count(*) FROM resources WHERE missing = 1")) && q.next())
        return q.value(0).toInt();
    return -1;
}

QJsonArray failures(const BackupFixture& fx)
{
    const CliResult r = fx.cli({QStringLiteral("--json"), QStringLiteral("failures")});
    return QJsonDocument::fromJson(r.out).object().value(QStringLiteral("failures")).toArray();
}

} // namespace ks::test
