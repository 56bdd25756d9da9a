#pragma once

#include "common/Error.h"

#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace ks {

struct DestinationRecord
{
    qint64 id = 0;
    QString name;
    QString url;              // never contains a secret; secrets live in the OS keychain
    QJsonObject options;      // e.g. {"user": "...", "allowInsecureHttp": true}
    QString pinnedCertSha256; // hex, empty when none
    qint64 addedMs = 0;
};

class DestinationStore
{
public:
    explicit DestinationStore(QSqlDatabase& db) : m_db(db) {}

    std::optional<DestinationRecord> add(const QString& name, const QString& url,
                                         const QJsonObject& options, qint64 nowMs, Error* error);
    bool remove(const QString& name, Error* error);
    QList<DestinationRecord> list(Error* error = nullptr);
    std::optional<DestinationRecord> byName(const QString& name);
    std::optional<DestinationRecord> byId(qint64 id);
    bool setPinnedCertificate(const QString& name, const QString& sha256Hex, Error* error);
    bool setOptions(const QString& name, const QJsonObject& options, Error* error);

private:
    std::optional<DestinationRecord> one(const QString& where, const QVariant& value);
    QSqlDatabase& m_db;
};

} // namespace ks
