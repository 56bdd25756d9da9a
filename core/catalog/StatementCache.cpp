#include "StatementCache.h"

#include "NamedPlaceholders.h"

#include <QSqlError>

namespace ks {

namespace {
// A bound, not a working size: the job store runs about twenty distinct statements.
constexpr int kMaxStatements = 64;
} // namespace

QSqlQuery* StatementCache::prepared(const QString& statement, Error* error)
{
    if (auto it = m_statements.constFind(statement); it != m_statements.cend())
        return it->get();
    if (m_statements.size() >= kMaxStatements)
        m_statements.clear();
    auto q = std::make_shared<QSqlQuery>(m_db);
    q->setForwardOnly(true);
    if (!q->prepare(sql::namedPlaceholders(statement))) {
        if (error)
            *error = Error::permanent(QStringLiteral("Catalog error: ") + q->lastError().text());
        return nullptr;
    }
    m_statements.insert(statement, q);
    return q.get();
}

StatementCache::Statement StatementCache::run(const QString& statement,
                                              std::initializer_list<QVariant> binds, Error* error)
{
    return run(statement, QVariantList(binds), error);
}

StatementCache::Statement StatementCache::run(const QString& statement, const QVariantList& binds,
                                              Error* error)
{
    QSqlQuery* q = prepared(statement, error);
    if (!q)
        return Statement(nullptr);
    for (int i = 0; i < binds.size(); ++i)
        sql::bindAt(*q, i, binds[i]);
    if (!q->exec()) {
        if (error)
            *error = Error::transient(QStringLiteral("Catalog error: ") + q->lastError().text());
        q->finish();
        return Statement(nullptr);
    }
    return Statement(q);
}

} // namespace ks
