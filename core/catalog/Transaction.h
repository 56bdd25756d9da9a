#pragma once

#include <QSqlDatabase>

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

private:
    QSqlDatabase& m_db;
    bool m_active = false;
};

} // namespace ks
