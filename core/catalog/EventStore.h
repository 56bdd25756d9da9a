#pragma once

#include <QList>
#include <QSqlDatabase>
#include <QString>

namespace ks {

struct EventRow
{
    qint64 id = 0;
    qint64 jobId = 0;
    qint64 atMs = 0;
    QString fromState;
    QString toState;
    QString destination;
    QString localPath;
    QString remotePath;
    QString remoteTag;
    qint64 bytes = 0;
    QString message;
};

struct EventFilter
{
    QString text;      // matched against local and remote paths and the message
    qint64 fromMs = 0; // inclusive, 0 = no bound
    qint64 toMs = 0;   // exclusive, 0 = no bound
    QString toState;   // e.g. "acknowledged", "failed"; empty = all
};

// The history: every job transition and notable event, newest first. Pages are fetched by
// (before id, limit) so a view over 100,000 rows only ever reads what it shows.
class EventStore
{
public:
    explicit EventStore(QSqlDatabase& db) : m_db(db) {}

    QList<EventRow> page(const EventFilter& filter, qint64 beforeId, int limit);
    qint64 count(const EventFilter& filter);

private:
    QString where(const EventFilter& filter, QVariantList* binds) const;
    QSqlDatabase& m_db;
};

} // namespace ks
