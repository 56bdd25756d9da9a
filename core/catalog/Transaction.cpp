#include "Transaction.h"

#include "StatementCache.h"

#include <QSqlError>
#include <QSqlQuery>

namespace ks {

namespace {
const QLatin1String kPrefix("Catalog error: "); // StatementCache's
} // namespace

Transaction::Transaction(QSqlDatabase& db) : m_db(db)
{
    m_active = exec(QStringLiteral("BEGIN IMMEDIATE"));
}

Transaction::Transaction(QSqlDatabase& db, StatementCache& statements)
    : m_db(db), m_statements(&statements)
{
    m_active = exec(QStringLiteral("BEGIN IMMEDIATE"));
}

Transaction::~Transaction()
{
    if (m_active)
        rollback();
}

bool Transaction::exec(const QString& statement)
{
    if (m_statements) {
        Error error;
        if (m_statements->run(statement, {}, &error))
            return true;
        // SQLite's text, as below: callers say "Catalog error: " themselves.
        m_errorText = error.message;
        m_errorText.remove(0, m_errorText.startsWith(kPrefix) ? kPrefix.size() : 0);
        return false;
    }
    QSqlQuery q(m_db);
    if (q.exec(statement))
        return true;
    m_errorText = q.lastError().text();
    return false;
}

bool Transaction::commit()
{
    if (!m_active || !exec(QStringLiteral("COMMIT")))
        return false;
    m_active = false;
    return true;
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    exec(QStringLiteral("ROLLBACK"));
    m_active = false;
}

} // namespace ks
