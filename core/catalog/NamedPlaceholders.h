#pragma once

#include <QString>

class QSqlQuery;
class QVariant;

namespace ks::sql {

// Statements are written with `?` and prepared with each `?` renamed `:p1`, `:p2`, ..., then
// bound by those names. Qt 6.4 builds a placeholder's name with QString::arg at every
// positional bind (QSqlResult::bindValue(int) via fieldSerial): with small files that was 12%
// of the engine's instructions, more than all its HTTP work. A bind by name is a hash lookup.

// `statement` with every `?` outside quotes and comments renamed, in order.
QString namedPlaceholders(const QString& statement);
// Whether `named` is namedPlaceholders(statement), without building it: a query that already
// holds the statement is not prepared again.
bool isNamedForm(const QString& named, const QString& statement);
// Binds `value` to the `index`th (from 0) placeholder of a statement prepared named.
void bindAt(QSqlQuery& q, int index, const QVariant& value);

} // namespace ks::sql
