#include "MainWindow.h"

#include "FailuresModel.h"
#include "HistoryModel.h"
#include "LibraryTab.h"
#include "catalog/ConsentStore.h"
#include "catalog/SettingKeys.h"
#include "catalog/SettingsStore.h"
#include "common/Clock.h"
#include "control/ControlServer.h"
#include "jobs/EngineHost.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace ks {

MainWindow::MainWindow(EngineHost& host, QSqlDatabase& db, QWidget* parent)
    : QMainWindow(parent), m_host(host), m_db(db)
{
    setWindowTitle(tr("Keepsake"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/keepsake.svg")));
    auto* central = new QWidget;
    auto* layout = new QVBoxLayout(central);

    m_status = new QLabel(tr("Starting…"));
    m_status->setObjectName(QStringLiteral("status"));
    QFont big = m_status->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_status->setFont(big);
    m_status->setAccessibleName(tr("Backup status"));
    m_detail = new QLabel;
    m_progress = new QProgressBar;
    m_progress->setAccessibleName(tr("Overall progress"));

    m_pauseButton = new QPushButton(tr("&Pause"));
    m_pauseButton->setObjectName(QStringLiteral("pause"));
    auto* pauseMenu = new QMenu(m_pauseButton);
    const qint64 hour = 3600 * 1000;
    pauseMenu->addAction(tr("For an hour"), this,
                         [this, hour] { m_host.pauseUntil(systemClock().nowMs() + hour); });
    pauseMenu->addAction(tr("Until tomorrow"), this, [this] {
        m_host.pauseUntil(
            QDateTime(QDate::currentDate().addDays(1), QTime(6, 0)).toMSecsSinceEpoch());
    });
    QAction* forever =
        pauseMenu->addAction(tr("Until I resume"), this, [this] { m_host.pauseUntil(-1); });
    forever->setObjectName(QStringLiteral("pauseIndefinitely"));
    m_pauseButton->setMenu(pauseMenu);
    m_resumeButton = new QPushButton(tr("&Resume"));
    m_resumeButton->setObjectName(QStringLiteral("resume"));
    connect(m_resumeButton, &QPushButton::clicked, &m_host, &EngineHost::resume);
    auto* top = new QHBoxLayout;
    auto* texts = new QVBoxLayout;
    texts->addWidget(m_status);
    texts->addWidget(m_detail);
    top->addLayout(texts, 1);
    top->addWidget(m_pauseButton);
    top->addWidget(m_resumeButton);
    // The app opens the Settings window: it needs the keychain, the askers and the engine.
    auto* settingsButton = new QPushButton(tr("Settin&gs…"));
    settingsButton->setObjectName(QStringLiteral("settings"));
    connect(settingsButton, &QPushButton::clicked, this, &MainWindow::settingsRequested);
    top->addWidget(settingsButton);
    layout->addLayout(top);
    layout->addWidget(m_progress);

    m_tabs = new QTabWidget;
    m_tabs->addTab(makeNowTab(), tr("&Now"));
    m_tabs->addTab(makeFailuresTab(), tr("&Failures"));
    m_historyTab = makeHistoryTab();
    m_tabs->addTab(m_historyTab, tr("&History"));
    m_tabs->addTab(makeConsentsTab(), tr("&Consents"));
    m_library = new LibraryTab(m_host, m_db);
    m_tabs->addTab(m_library, tr("&Library"));
    layout->addWidget(m_tabs, 1);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_historyStale && m_tabs->currentWidget() == m_historyTab) {
            m_historyStale = false;
            m_history->refresh();
        }
    });
    setCentralWidget(central);
    resize(860, 560);

    connect(&m_host, &EngineHost::statusChanged, this, &MainWindow::showStatus);
    connect(&m_host, &EngineHost::jobsChanged, this, &MainWindow::refreshModels);
}

QWidget* MainWindow::makeNowTab()
{
    m_transfers = new QListWidget;
    m_transfers->setObjectName(QStringLiteral("transfers"));
    m_transfers->setAccessibleName(tr("Current transfers"));
    return m_transfers;
}

QWidget* MainWindow::makeFailuresTab()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_failures = new FailuresModel(m_db, this);
    m_failuresView = new QTableView;
    m_failuresView->setObjectName(QStringLiteral("failuresView"));
    m_failuresView->setModel(m_failures);
    m_failuresView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_failuresView->horizontalHeader()->setSectionResizeMode(FailuresModel::Reason,
                                                             QHeaderView::Stretch);
    m_failuresView->verticalHeader()->hide();
    auto* buttons = new QHBoxLayout;
    auto* retry = new QPushButton(tr("&Retry"));
    retry->setObjectName(QStringLiteral("retry"));
    auto* retryAll = new QPushButton(tr("Retry &all"));
    retryAll->setObjectName(QStringLiteral("retryAll"));
    auto* skip = new QPushButton(tr("&Skip"));
    auto* show = new QPushButton(tr("Show in &folder"));
    for (QPushButton* b : {retry, retryAll, skip, show})
        buttons->addWidget(b);
    buttons->addStretch();
    connect(retry, &QPushButton::clicked, this, [this] {
        const QList<qint64> ids = selectedFailures();
        if (!ids.isEmpty())
            m_host.retry(ids);
    });
    connect(retryAll, &QPushButton::clicked, &m_host, &EngineHost::retryAll);
    connect(skip, &QPushButton::clicked, this, [this] { m_host.skip(selectedFailures()); });
    connect(show, &QPushButton::clicked, this, [this] {
        const QModelIndexList rows = m_failuresView->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(
                QFileInfo(m_failures->localPath(rows.first().row())).absolutePath()));
    });
    layout->addWidget(m_failuresView);
    layout->addLayout(buttons);
    return page;
}

QWidget* MainWindow::makeHistoryTab()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_history = new HistoryModel(m_db, this);
    auto* filters = new QHBoxLayout;
    m_historySearch = new QLineEdit;
    m_historySearch->setPlaceholderText(tr("Search file names"));
    m_historySearch->setAccessibleName(tr("Search history"));
    m_historyOutcome = new QComboBox;
    m_historyOutcome->addItem(tr("All events"), QString());
    m_historyOutcome->addItem(tr("Backed up"), QStringLiteral("acknowledged"));
    m_historyOutcome->addItem(tr("Failed"), QStringLiteral("failed"));
    m_historyOutcome->addItem(tr("Retried"), QStringLiteral("pending"));
    auto* exportButton = new QPushButton(tr("&Export CSV…"));
    filters->addWidget(m_historySearch, 1);
    filters->addWidget(m_historyOutcome);
    filters->addWidget(exportButton);
    connect(m_historySearch, &QLineEdit::textChanged, this, &MainWindow::applyHistoryFilter);
    connect(m_historyOutcome, &QComboBox::currentIndexChanged, this,
            &MainWindow::applyHistoryFilter);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export history"),
                                                          QStringLiteral("keepsake-history.csv"),
                                                          tr("CSV files (*.csv)"));
        QString error;
        if (!path.isEmpty() && !m_history->exportCsv(path, &error))
            QMessageBox::warning(this, tr("Export failed"), error);
    });
    auto* view = new QTableView;
    view->setObjectName(QStringLiteral("historyView"));
    view->setModel(m_history);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setSectionResizeMode(HistoryModel::Message, QHeaderView::Stretch);
    layout->addLayout(filters);
    layout->addWidget(view);
    return page;
}

QWidget* MainWindow::makeConsentsTab()
{
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_consents = new QListWidget;
    m_consents->setAccessibleName(tr("Consents in force"));
    auto* revoke = new QPushButton(tr("Re&voke"));
    connect(revoke, &QPushButton::clicked, this, [this] {
        QListWidgetItem* item = m_consents->currentItem();
        if (!item)
            return;
        Error error;
        ConsentStore(m_db).revoke(item->data(Qt::UserRole).toString(),
                                  item->data(Qt::UserRole + 1).toString(), systemClock().nowMs(),
                                  &error);
        m_host.reload();
        refreshConsents();
    });
    layout->addWidget(
        new QLabel(tr("What you allowed Keepsake to do. Revoking stops that work at once.")));
    layout->addWidget(m_consents);
    layout->addWidget(revoke, 0, Qt::AlignLeft);
    refreshConsents();
    return page;
}

void MainWindow::refreshConsents()
{
    m_consents->clear();
    for (const ConsentRecord& c : ConsentStore(m_db).list(false)) {
        auto* item =
            new QListWidgetItem(tr("%1 %2 — since %3")
                                    .arg(c.scope, c.target,
                                         QDateTime::fromMSecsSinceEpoch(c.grantedMs)
                                             .toString(QStringLiteral("yyyy-MM-dd HH:mm"))));
        item->setData(Qt::UserRole, c.scope);
        item->setData(Qt::UserRole + 1, c.target);
        m_consents->addItem(item);
    }
}

QList<qint64> MainWindow::selectedFailures() const
{
    QList<qint64> ids;
    for (const QModelIndex& i : m_failuresView->selectionModel()->selectedRows())
        ids << m_failures->jobId(i.row());
    return ids;
}

void MainWindow::applyHistoryFilter()
{
    EventFilter f;
    f.text = m_historySearch->text().trimmed();
    f.toState = m_historyOutcome->currentData().toString();
    m_history->setFilter(f);
}

void MainWindow::refreshModels()
{
    m_failures->refresh(); // its count is on the tab title
    // The history grows with every job: it is read again only while someone looks at it.
    if (m_tabs->currentWidget() == m_historyTab)
        m_history->refresh();
    else
        m_historyStale = true;
    m_tabs->setTabText(1, m_failures->rowCount() ? tr("&Failures (%1)").arg(m_failures->rowCount())
                                                 : tr("&Failures"));
}

void MainWindow::showStatus(const EngineStatus& s)
{
    const QLocale l;
    m_status->setText(s.headline(systemClock().nowMs()));
    QStringList detail;
    if (s.filesTotal > 0)
        detail << tr("%1 of %2 files, %3 of %4")
                      .arg(l.toString(s.filesDone), l.toString(s.filesTotal),
                           l.formattedDataSize(s.bytesDone), l.formattedDataSize(s.bytesTotal));
    if (s.bytesPerSecond > 1)
        detail << tr("%1/s").arg(l.formattedDataSize(qint64(s.bytesPerSecond)));
    if (s.etaSeconds > 0 && s.running)
        detail << tr("about %1 min left").arg((s.etaSeconds + 59) / 60);
    for (const PauseReason& r : s.pauseReasons)
        detail << r.message;
    m_detail->setText(detail.join(QStringLiteral(" · ")));
    m_progress->setMaximum(100);
    m_progress->setValue(s.bytesTotal > 0 ? int(s.bytesDone * 100 / s.bytesTotal) : 0);
    const bool userPaused =
        !s.pauseReasons.isEmpty() && s.pauseReasons.first().code == QLatin1String("user");
    m_pauseButton->setVisible(!userPaused);
    m_resumeButton->setVisible(userPaused);
    m_transfers->clear();
    if (s.transfers.isEmpty())
        m_transfers->addItem(s.scanning ? tr("Looking for new and changed photos…")
                                        : tr("Nothing is being sent right now."));
    for (const TransferProgress& t : s.transfers)
        m_transfers->addItem(tr("%1 → %2  %3%")
                                 .arg(QFileInfo(t.localPath).fileName(), t.destination)
                                 .arg(t.bytesTotal > 0 ? t.bytesDone * 100 / t.bytesTotal : 0));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_closeToTray) {
        event->accept();
        return;
    }
    event->ignore();
    hide();
    SettingsStore settings(m_db);
    if (settings.value(settingkeys::trayNoticeShown).isEmpty()) {
        settings.setValue(settingkeys::trayNoticeShown, QStringLiteral("1"));
        Q_EMIT hiddenToTray();
    }
}

} // namespace ks
