#pragma once

#include "jobs/EngineStatus.h"

#include <QMainWindow>
#include <QSqlDatabase>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableView;
class QTabWidget;

namespace ks {

class EngineHost;
class FailuresModel;
class HistoryModel;
class LibraryTab;

// The progress window: a status line that always says what is happening and why, overall
// progress, the current transfers, failures with Retry, the history, and the consents. It only
// presents; every action goes to the EngineHost or a catalog store.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(EngineHost& host, QSqlDatabase& db, QWidget* parent = nullptr);

    QLabel* statusLine() const { return m_status; }
    FailuresModel* failuresModel() const { return m_failures; }
    HistoryModel* historyModel() const { return m_history; }
    QTabWidget* tabs() const { return m_tabs; }
    LibraryTab* libraryTab() const { return m_library; }
    // Whether closing only hides the window (the tray keeps Keepsake running).
    void setCloseToTray(bool hide) { m_closeToTray = hide; }

public Q_SLOTS:
    void showStatus(const ks::EngineStatus& status);
    void refreshModels();

Q_SIGNALS:
    void hiddenToTray();
    void settingsRequested();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    QWidget* makeNowTab();
    QWidget* makeFailuresTab();
    QWidget* makeHistoryTab();
    QWidget* makeConsentsTab();
    QList<qint64> selectedFailures() const;
    void applyHistoryFilter();
    void refreshConsents();

    EngineHost& m_host;
    QSqlDatabase& m_db;
    QLabel* m_status;
    QLabel* m_detail;
    QProgressBar* m_progress;
    QPushButton* m_pauseButton;
    QPushButton* m_resumeButton;
    QTabWidget* m_tabs;
    QWidget* m_historyTab = nullptr;
    bool m_historyStale = false;
    QListWidget* m_transfers;
    FailuresModel* m_failures;
    QTableView* m_failuresView;
    HistoryModel* m_history;
    QLineEdit* m_historySearch;
    QComboBox* m_historyOutcome;
    QListWidget* m_consents;
    LibraryTab* m_library;
    bool m_closeToTray = false;
};

} // namespace ks
