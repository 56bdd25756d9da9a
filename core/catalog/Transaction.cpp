#include "Transaction.h"

#include "StatementCache.h"

#include <QHash>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

namespace ks {

namespace {
const QLatin1String kPrefix("Catalog error: "); // StatementCache's

// Open transactions per connection (its driver). A connection is used by one thread only.
struct Open
{
    int depth = 0;
    bool failed = false; // a joined transaction rolled back: the outermost cannot commit
};
thread_local QHash<const QSqlDriver*, Open> t_open;
} // namespace

Transaction::Transaction(QSqlDatabase& db) : m_db(db)
{
    begin();
}

Transaction::Transaction(QSqlDatabase& db, StatementCache& statements, Nesting nesting)
    : m_db(db), m_statements(&statements)
{
    if (nesting == Nesting::Join) {
        if (const auto it = t_open.find(m_db.driver()); it != t_open.end()) {
            m_depth = ++it->depth;
            m_joined = true;
            m_active = true;
            return;
        }
    }
    begin();
}

Transaction::~Transaction()
{
    if (m_active)
        rollback();
}

void Transaction::begin()
{
    Open& open = t_open[m_db.driver()];
    const int depth = open.depth + 1;
    if (depth == 1)
        m_turn.emplace(m_db.databaseName());
    if (!exec(depth == 1 ? QStringLiteral("BEGIN IMMEDIATE")
                         : QStringLiteral("SAVEPOINT ks%1").arg(depth))) {
        if (depth == 1)
            t_open.remove(m_db.driver());
        m_turn.reset();
        return;
    }
    open.depth = depth;
    m_depth = depth;
    m_active = true;
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
    if (!m_active)
        return false;
    if (m_joined) {
        m_active = false;
        --t_open[m_db.driver()].depth;
        return true;
    }
    if (m_depth == 1 && t_open.value(m_db.driver()).failed) {
        rollback();
        m_errorText = QStringLiteral("a write inside the transaction failed; nothing of it was "
                                     "kept");
        return false;
    }
    if (!exec(m_depth == 1 ? QStringLiteral("COMMIT")
                           : QStringLiteral("RELEASE ks%1").arg(m_depth)))
        return false; // still open: the destructor rolls back
    m_active = false;
    if (m_depth == 1) {
        t_open.remove(m_db.driver());
        m_turn.reset();
    } else
        --t_open[m_db.driver()].depth;
    return true;
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    if (m_depth == 1) {
        exec(QStringLiteral("ROLLBACK"));
        t_open.remove(m_db.driver());
        m_turn.reset();
    } else if (m_joined) {
        Open& open = t_open[m_db.driver()];
        --open.depth;
        open.failed = true;
    } else {
        // ROLLBACK TO keeps the savepoint open: RELEASE ends it, with nothing left to keep.
        exec(QStringLiteral("ROLLBACK TO ks%1").arg(m_depth));
        exec(QStringLiteral("RELEASE ks%1").arg(m_depth));
        --t_open[m_db.driver()].depth;
    }
    m_active = false;
}

} // namespace ks
