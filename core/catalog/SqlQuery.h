#pragma once

#include "NamedPlaceholders.h"
#include "common/Error.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <initializer_list>

namespace ks::sql {

// Prepares and runs a statement with positional bindings (`?`, bound by name: NamedPlaceholders.h).
// Returns false and fills *error with a plain message when it fails. A query that already holds
// this statement is not prepared again (SQLite's parser is a large part of a scan's cost). Only for
// use inside catalog/.
inline bool exec(QSqlQuery& q, const QString& statement, std::initializer_list<QVariant> binds,
                 Error* error = nullptr)
{
    const bool prepared = isNamedForm(q.lastQuery(), statement);
    if (!prepared)
        q.setForwardOnly(true);
    if (!prepared && !q.prepare(namedPlaceholders(statement))) {
        if (error)
            *error = Error::permanent(QStringLiteral("Catalog error: ") + q.lastError().text());
        return false;
    }
    int i = 0;
    for (const QVariant& v : binds)
        bindAt(q, i++, v); // by name (NamedPlaceholders.h)
    if (!q.exec()) {
        if (error)
            *error = Error::transient(QStringLiteral("Catalog error: ") + q.lastError().text());
        return false;
    }
    return true;
}

} // namespace ks::sql
