#pragma once

#include "catalog/JobStore.h"

#include <QAbstractTableModel>

namespace ks {

// Failed jobs, and those waiting to retry after a transient error, with their reasons.
class FailuresModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { File, Destination, Reason, Attempts, NextTry, ColumnCount };
    explicit FailuresModel(QSqlDatabase& db, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

    qint64 jobId(int row) const { return m_rows.value(row).id; }
    QString localPath(int row) const { return m_rows.value(row).localPath; }

public Q_SLOTS:
    void refresh();

private:
    QSqlDatabase& m_db;
    QList<JobRow> m_rows;
};

} // namespace ks
