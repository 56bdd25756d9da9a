#pragma once

#include "common/Error.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <initializer_list>
#include <memory>
#include <utility>

namespace ks {

// Prepared statements of one connection, kept by their text. The engine runs the same dozen
// statements for every job; preparing them again each time (SQLite's parser and planner) was
// the largest part of its per-file cost with small files. Statements whose text carries values
// (id lists) should not come here: the cache is emptied when it grows past a bound.
class StatementCache
{
public:
    // A run statement, reset when it goes out of scope: a reset statement holds no read
    // snapshot, so the connection sees what others commit and WAL checkpoints are not held up.
    class Statement
    {
    public:
        explicit Statement(QSqlQuery* q) : m_q(q) {}
        ~Statement()
        {
            if (m_q)
                m_q->finish();
        }
        Statement(Statement&& other) noexcept : m_q(std::exchange(other.m_q, nullptr)) {}
        Statement(const Statement&) = delete;
        Statement& operator=(const Statement&) = delete;
        Statement& operator=(Statement&&) = delete;

        explicit operator bool() const { return m_q != nullptr; }
        QSqlQuery* operator->() const { return m_q; }
        QSqlQuery& operator*() const { return *m_q; }

    private:
        QSqlQuery* m_q;
    };

    explicit StatementCache(QSqlDatabase& db) : m_db(db) {}

    // Prepares `statement` once, binds and runs it. Empty (and *error filled) when it failed.
    Statement run(const QString& statement, std::initializer_list<QVariant> binds,
                  Error* error = nullptr);
    // As above with the bindings in a list (statements assembled from optional parts).
    Statement run(const QString& statement, const QVariantList& binds, Error* error = nullptr);

private:
    QSqlQuery* prepared(const QString& statement, Error* error);

    QSqlDatabase& m_db;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
};

} // namespace ks
