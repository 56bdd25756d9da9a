#include "FailuresModel.h"

#include <QDateTime>
#include <QFileInfo>

namespace ks {

FailuresModel::FailuresModel(QSqlDatabase& db, QObject* parent)
    : QAbstractTableModel(parent), m_db(db)
{
    refresh();
}

void FailuresModel::refresh()
{
    beginResetModel();
    m_rows = JobStore(m_db).failures(1000);
    endResetModel();
}

int FailuresModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FailuresModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FailuresModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const JobRow& j = m_rows.at(index.row());
    if (role == Qt::ToolTipRole)
        return j.localPath;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case File:
        return QFileInfo(j.localPath).fileName();
    case Destination:
        return j.destinationName;
    case Reason:
        return j.errorMessage;
    case Attempts:
        return j.attempts;
    case NextTry:
        return j.state == JobState::Pending && j.nextAttemptMs > 0
                   ? QDateTime::fromMSecsSinceEpoch(j.nextAttemptMs)
                         .toString(QStringLiteral("HH:mm:ss"))
                   : tr("when you retry");
    }
    return {};
}

QVariant FailuresModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case File:
        return tr("File");
    case Destination:
        return tr("Destination");
    case Reason:
        return tr("Reason");
    case Attempts:
        return tr("Attempts");
    case NextTry:
        return tr("Next try");
    }
    return {};
}

} // namespace ks
