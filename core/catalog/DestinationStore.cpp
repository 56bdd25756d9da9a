#include "DestinationStore.h"

#include "SqlQuery.h"

#include <QJsonDocument>

namespace ks {

namespace {
const char kColumns[] = "id, name, url, options, coalesce(pinned_cert_sha256, ''), added_at";

DestinationRecord readDestination(const QSqlQuery& q)
{
    DestinationRecord d;
    d.id = q.value(0).toLongLong();
    d.name = q.value(1).toString();
    d.url = q.value(2).toString();
    d.options = QJsonDocument::fromJson(q.value(3).toByteArray()).object();
    d.pinnedCertSha256 = q.value(4).toString();
    d.addedMs = q.value(5).toLongLong();
    return d;
}

QString toJson(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

bool requireRow(const QSqlQuery& q, const QString& name, Error* error)
{
    if (q.numRowsAffected() > 0)
        return true;
    if (error)
        *error = Error::permanent(QStringLiteral("No destination named \"%1\"").arg(name));
    return false;
}
} // namespace

std::optional<DestinationRecord> DestinationStore::add(const QString& name, const QString& url,
                                                       const QJsonObject& options, qint64 nowMs,
                                                       Error* error)
{
    if (byName(name)) {
        if (error)
            *error = Error::permanent(
                QStringLiteral("A destination named \"%1\" already exists").arg(name));
        return std::nullopt;
    }
    QSqlQuery q(m_db);
    if (!sql::exec(q,
                   QStringLiteral("INSERT INTO destinations (name, url, options, added_at) "
                                  "VALUES (?, ?, ?, ?)"),
                   {name, url, toJson(options), nowMs}, error))
        return std::nullopt;
    return byName(name);
}

bool DestinationStore::remove(const QString& name, Error* error)
{
    QSqlQuery q(m_db);
    return sql::exec(q, QStringLiteral("DELETE FROM destinations WHERE name = ?"), {name}, error) &&
           requireRow(q, name, error);
}

QList<DestinationRecord> DestinationStore::list(Error* error)
{
    QList<DestinationRecord> out;
    QSqlQuery q(m_db);
    if (!sql::exec(q,
                   QStringLiteral("SELECT %1 FROM destinations ORDER BY name")
                       .arg(QLatin1String(kColumns)),
                   {}, error))
        return out;
    while (q.next())
        out.append(readDestination(q));
    return out;
}

std::optional<DestinationRecord> DestinationStore::one(const QString& where, const QVariant& value)
{
    QSqlQuery q(m_db);
    if (!sql::exec(q,
                   QStringLiteral("SELECT %1 FROM destinations WHERE %2 = ?")
                       .arg(QLatin1String(kColumns), where),
                   {value}) ||
        !q.next())
        return std::nullopt;
    return readDestination(q);
}

std::optional<DestinationRecord> DestinationStore::byName(const QString& name)
{
    return one(QStringLiteral("name"), name);
}

std::optional<DestinationRecord> DestinationStore::byId(qint64 id)
{
    return one(QStringLiteral("id"), id);
}

bool DestinationStore::setPinnedCertificate(const QString& name, const QString& sha256Hex,
                                            Error* error)
{
    QSqlQuery q(m_db);
    return sql::exec(
               q, QStringLiteral("UPDATE destinations SET pinned_cert_sha256 = ? WHERE name = ?"),
               {sha256Hex.isEmpty() ? QVariant() : QVariant(sha256Hex), name}, error) &&
           requireRow(q, name, error);
}

bool DestinationStore::setOptions(const QString& name, const QJsonObject& options, Error* error)
{
    QSqlQuery q(m_db);
    return sql::exec(q, QStringLiteral("UPDATE destinations SET options = ? WHERE name = ?"),
                     {toJson(options), name}, error) &&
           requireRow(q, name, error);
}

} // namespace ks
