#pragma once

#include "common/Error.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <initializer_list>

namespace ks::sql {

// Prepares and runs a statement with positional bindings. Returns false and fills *error with
// a plain message when it fails. A query that already holds this statement is not prepared
// again (SQLite's parser is a large part of a scan's cost). Only for use inside catalog/.
inline bool exec(QSqlQuery& q, const QString& statement, std::initializer_list<QVariant> binds,
                 Error* error = nullptr)
{
    const bool prepared = q.lastQuery() == statement && !statement.isEmpty();
    if (!prepared)
        q.setForwardOnly(true);
    if (!prepared && !q.prepare(statement)) {
        if (error)
            *error = Error::permanent(QStringLiteral("Catalog error: ") + q.lastError().text());
        return false;
    }
    for (const QVariant& v : binds)
        q.addBindValue(v);
    if (!q.exec()) {
        if (error)
            *error = Error::transient(QStringLiteral("Catalog error: ") + q.lastError().text());
        return false;
    }
    return true;
}

} // namespace ks::sql
