#pragma once

#include "WriterTurn.h"

#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace ks {

class StatementCache;

// Scoped transaction: rolls back unless commit() succeeded. Uses BEGIN IMMEDIATE so a writer
// takes the write lock up front (and waits on busy_timeout) instead of failing mid-way. Before
// that it waits for its turn among this process's writers of the same catalog (WriterTurn.h).
//
// Opened while another Transaction is open on the same connection, it is a SAVEPOINT inside it:
// its commit() keeps its writes for the outer commit, its rollback undoes only them. The engine
// writes a finished job's acknowledgement and the next job's start in one commit this way
// (Engine::schedule), through the same JobStore calls that otherwise commit on their own.
//
// With Nesting::Join a nested one is no savepoint but part of the outer transaction: no
// statement of its own (a SAVEPOINT and a RELEASE were four of the engine's fourteen statements
// per small file). Its commit() keeps its writes; its rollback() cannot undo them alone, so it
// fails the outer transaction, whose commit() then rolls everything back and returns false.
class Transaction
{
public:
    enum class Nesting { Savepoint, Join };

    explicit Transaction(QSqlDatabase& db);
    // BEGIN, COMMIT and ROLLBACK prepared once in `statements`: the engine opens a transaction
    // per file, and parsing BEGIN IMMEDIATE each time was 5% of its CPU with small files
    // (docs/benchmarks.md).
    Transaction(QSqlDatabase& db, StatementCache& statements, Nesting nesting = Nesting::Savepoint);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    bool isActive() const { return m_active; }
    bool isNested() const { return m_depth > 1; }
    bool commit();
    void rollback();
    // Why BEGIN or COMMIT failed (SQLite's text), empty if they did not. In WAL mode a full
    // disk shows at COMMIT, when the pages go to the WAL.
    QString errorText() const { return m_errorText; }

private:
    void begin();
    bool exec(const QString& statement);

    QSqlDatabase& m_db;
    StatementCache* m_statements = nullptr;
    bool m_active = false;
    int m_depth = 0;                  // 1: the outermost (BEGIN), 2 and more: a savepoint
    bool m_joined = false;            // nested with Nesting::Join: no savepoint
    std::optional<WriterTurn> m_turn; // the outermost's, from before BEGIN to after its end
    QString m_errorText;
};

} // namespace ks
