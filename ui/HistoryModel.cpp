#include "HistoryModel.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>

namespace ks {

HistoryModel::HistoryModel(QSqlDatabase& db, QObject* parent)
    : QAbstractTableModel(parent), m_db(db)
{
    refresh();
}

void HistoryModel::setFilter(const EventFilter& filter)
{
    m_filter = filter;
    refresh();
}

void HistoryModel::refresh()
{
    beginResetModel();
    m_rows = EventStore(m_db).page(m_filter, 0, kPage);
    m_atEnd = m_rows.size() < kPage;
    endResetModel();
}

bool HistoryModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_atEnd;
}

void HistoryModel::fetchMore(const QModelIndex& parent)
{
    if (parent.isValid() || m_atEnd)
        return;
    const QList<EventRow> more =
        EventStore(m_db).page(m_filter, m_rows.isEmpty() ? 0 : m_rows.last().id, kPage);
    m_atEnd = more.size() < kPage;
    if (more.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + more.size() - 1));
    m_rows += more;
    endInsertRows();
}

int HistoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HistoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const EventRow& e = m_rows.at(index.row());
    if (role == Qt::ToolTipRole)
        return e.localPath;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case When:
        return QDateTime::fromMSecsSinceEpoch(e.atMs).toString(
            QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Outcome:
        return e.toState;
    case File:
        return QFileInfo(e.localPath).fileName();
    case Destination:
        return e.destination;
    case RemotePath:
        return e.remotePath;
    case Message:
        return e.message;
    }
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* const names[] = {QT_TR_NOOP("When"),      QT_TR_NOOP("Outcome"),
                                        QT_TR_NOOP("File"),      QT_TR_NOOP("Destination"),
                                        QT_TR_NOOP("Stored as"), QT_TR_NOOP("Details")};
    return section < ColumnCount ? tr(names[section]) : QVariant();
}

bool HistoryModel::exportCsv(const QString& path, QString* error) const
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        *error = f.errorString();
        return false;
    }
    QTextStream out(&f);
    auto cell = [](QString s) {
        s.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + s + QLatin1Char('"');
    };
    out << "time,outcome,file,destination,remote_path,remote_tag,bytes,details\n";
    EventStore store(m_db);
    qint64 before = 0;
    for (;;) {
        const QList<EventRow> page = store.page(m_filter, before, 1000);
        for (const EventRow& e : page)
            out << cell(QDateTime::fromMSecsSinceEpoch(e.atMs).toString(Qt::ISODate)) << ','
                << cell(e.toState) << ',' << cell(e.localPath) << ',' << cell(e.destination) << ','
                << cell(e.remotePath) << ',' << cell(e.remoteTag) << ',' << e.bytes << ','
                << cell(e.message) << '\n';
        if (page.size() < 1000)
            break;
        before = page.last().id;
    }
    return true;
}

} // namespace ks
