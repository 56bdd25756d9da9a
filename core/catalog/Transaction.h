#pragma once

#include <QSqlDatabase>
#include <QString>

namespace ks {

// Scoped transaction: rolls back unless commit() succeeded. Uses BEGIN IMMEDIATE so a writer
// takes the write lock up front (and waits on busy_timeout) instead of failing mid-way.
class Transaction
{
public:
    explicit Transaction(QSqlDatabase& db);
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
    QSqlDatabase& m_db;
    bool m_active = false;
    QString m_errorText;
};

} // namespace ks
