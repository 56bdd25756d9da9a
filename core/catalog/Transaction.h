#pragma once

#include <QSqlDatabase>
#include <QString>

namespace ks {

class StatementCache;

// Scoped transaction: rolls back unless commit() succeeded. Uses BEGIN IMMEDIATE so a writer
// takes the write lock up front (and waits on busy_timeout) instead of failing mid-way.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase& db);
    // BEGIN, COMMIT and ROLLBACK prepared once in `statements`: the engine opens two
    // transactions per file, and parsing BEGIN IMMEDIATE each time was 5% of its CPU with small
    // files (docs/benchmarks.md).
    Transaction(QSqlDatabase& db, StatementCache& statements);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    bool isActive() const { return m_active; }
    bool commit();
    void rollback();
    // Why BEGIN or COMMIT failed (SQLite's text), empty if they did not. In WAL mode a full
    // disk shows at COMMIT, when the pages go to the WAL.
    QString errorText() const { return m_errorText; }

private:
    bool exec(const QString& statement);

    QSqlDatabase& m_db;
    StatementCache* m_statements = nullptr;
    bool m_active = false;
    QString m_errorText;
};

} // namespace ks
