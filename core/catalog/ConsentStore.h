#pragma once

#include "common/Error.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace ks {

struct ConsentRecord
{
    qint64 id = 0;
    QString scope;  // see policy/ConsentScope.h for the names
    QString target; // a source path, a destination name, or empty
    qint64 grantedMs = 0;
    QString grantedBy;    // "dialog", "cli", ...
    qint64 revokedMs = 0; // 0 while in force
    bool active() const { return revokedMs == 0; }
};

// The record of what the user said yes to. Revoking keeps the row (with its revocation time) so
// the history of consent stays visible.
class ConsentStore
{
public:
    explicit ConsentStore(QSqlDatabase& db) : m_db(db) {}

    bool grant(const QString& scope, const QString& target, const QString& by, qint64 nowMs,
               Error* error);
    // Revokes the active grant(s) for scope+target. Returns false (with error) if none was active.
    bool revoke(const QString& scope, const QString& target, qint64 nowMs, Error* error);
    bool isGranted(const QString& scope, const QString& target);
    QList<ConsentRecord> list(bool includeRevoked, Error* error = nullptr);
    // Monotonic counter of consent changes, cheap to poll from another process.
    qint64 changeStamp();

private:
    QSqlDatabase& m_db;
};

} // namespace ks
