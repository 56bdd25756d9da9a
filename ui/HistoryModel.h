#pragma once

#include "catalog/EventStore.h"

#include <QAbstractTableModel>

namespace ks {

// The history, newest first, fetched a page at a time as the view scrolls (canFetchMore /
// fetchMore), so 100,000 rows cost only what is on screen.
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { When, Outcome, File, Destination, RemotePath, Message, ColumnCount };
    explicit HistoryModel(QSqlDatabase& db, QObject* parent = nullptr);

    void setFilter(const EventFilter& filter);
    const EventFilter& filter() const { return m_filter; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // Writes every row matching the filter (not only the fetched ones) as CSV.
    bool exportCsv(const QString& path, QString* error) const;

public Q_SLOTS:
    void refresh();

private:
    QSqlDatabase& m_db;
    EventFilter m_filter;
    QList<EventRow> m_rows;
    bool m_atEnd = false;
    static constexpr int kPage = 200;
};

} // namespace ks
