#pragma once

#include "catalog/LibraryStats.h"
#include "jobs/BackupExplanation.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QSqlDatabase>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace ks {

class EngineHost;

// The Library tab: what the sources hold by kind, how much of it each destination holds safely
// (acknowledged), and "why is this file not backed up?". The numbers come from LibraryStats and
// the answers from BackupExplanation, both on a pool thread with their own catalog connection;
// this widget only presents them.
class LibraryTab : public QWidget
{
    Q_OBJECT
public:
    // At most one recount per this interval, however often the jobs change.
    static constexpr int kRefreshIntervalMs = 2000;

    LibraryTab(EngineHost& host, QSqlDatabase& db, QWidget* parent = nullptr);
    ~LibraryTab() override;

    const LibrarySummary& summary() const { return m_summary; }
    const Explanation& explanation() const { return m_explanation; }
    QTableWidget* kindsTable() const { return m_kinds; }
    QTableWidget* destinationsTable() const { return m_destinations; }
    QPlainTextEdit* answerView() const { return m_answer; }

public Q_SLOTS:
    // Asks for a recount; coalesced and throttled to one per kRefreshIntervalMs.
    void scheduleRefresh();
    void explain(const QString& path);

Q_SIGNALS:
    void summaryShown();
    void explanationShown();

private:
    void startRefresh();
    void showSummary();
    void showExplanation();
    void chooseFile();

    EngineHost& m_host;
    QString m_catalogPath;
    QTableWidget* m_kinds;
    QLabel* m_problems;
    QTableWidget* m_destinations;
    QLineEdit* m_path;
    QPushButton* m_explainButton;
    QPlainTextEdit* m_answer;
    QFutureWatcher<LibrarySummary> m_summaryWatcher;
    QFutureWatcher<Explanation> m_explanationWatcher;
    QTimer m_throttle;
    QElapsedTimer m_sinceRefresh;
    bool m_refreshPending = false;
    LibrarySummary m_summary;
    Explanation m_explanation;
};

} // namespace ks
