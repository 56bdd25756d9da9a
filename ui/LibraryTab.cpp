#include "LibraryTab.h"

#include "jobs/EngineHost.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ks {

namespace {

QTableWidget* makeTable(const QStringList& headers, const QString& objectName,
                        const QString& accessibleName)
{
    auto* t = new QTableWidget(0, int(headers.size()));
    t->setObjectName(objectName);
    t->setAccessibleName(accessibleName);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionMode(QAbstractItemView::NoSelection);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

void setRow(QTableWidget* t, int row, const QStringList& cells)
{
    for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells.at(c));
        if (c > 0)
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        t->setItem(row, c, item);
    }
}

} // namespace

LibraryTab::LibraryTab(EngineHost& host, QSqlDatabase& db, QWidget* parent)
    : QWidget(parent), m_host(host), m_catalogPath(db.databaseName())
{
    auto* layout = new QVBoxLayout(this);

    auto* library = new QGroupBox(tr("In your source folders"));
    auto* libraryLayout = new QVBoxLayout(library);
    m_kinds = makeTable({tr("Kind"), tr("Files"), tr("Size")}, QStringLiteral("libraryKinds"),
                        tr("Files by kind"));
    m_kinds->setRowCount(5);
    m_problems = new QLabel;
    m_problems->setObjectName(QStringLiteral("libraryProblems"));
    m_problems->setWordWrap(true);
    libraryLayout->addWidget(m_kinds);
    libraryLayout->addWidget(m_problems);

    auto* safe = new QGroupBox(tr("Safely backed up"));
    auto* safeLayout = new QVBoxLayout(safe);
    m_destinations =
        makeTable({tr("Destination"), tr("Files"), tr("Size"), tr("Done")},
                  QStringLiteral("libraryDestinations"), tr("Backed up per destination"));
    safeLayout->addWidget(new QLabel(tr("Counted only once the destination confirmed the copy.")));
    safeLayout->addWidget(m_destinations);

    auto* why = new QGroupBox(tr("Why is a file not backed up?"));
    auto* whyLayout = new QVBoxLayout(why);
    auto* ask = new QHBoxLayout;
    m_path = new QLineEdit;
    m_path->setObjectName(QStringLiteral("whyPath"));
    m_path->setPlaceholderText(tr("Path of a file"));
    m_path->setAccessibleName(tr("File to explain"));
    m_path->setClearButtonEnabled(true);
    auto* choose = new QPushButton(tr("C&hoose file…"));
    choose->setObjectName(QStringLiteral("whyChoose"));
    m_explainButton = new QPushButton(tr("E&xplain"));
    m_explainButton->setObjectName(QStringLiteral("whyExplain"));
    ask->addWidget(m_path, 1);
    ask->addWidget(choose);
    ask->addWidget(m_explainButton);
    m_answer = new QPlainTextEdit;
    m_answer->setObjectName(QStringLiteral("whyAnswer"));
    m_answer->setAccessibleName(tr("Explanation"));
    m_answer->setReadOnly(true);
    m_answer->setPlaceholderText(
        tr("Type or choose a file to learn, per destination, whether it is backed up and, if "
           "not, what it waits for."));
    whyLayout->addLayout(ask);
    whyLayout->addWidget(m_answer);

    auto* top = new QHBoxLayout;
    top->addWidget(library, 1);
    top->addWidget(safe, 1);
    layout->addLayout(top);
    layout->addWidget(why, 1);

    connect(m_explainButton, &QPushButton::clicked, this, [this] { explain(m_path->text()); });
    connect(m_path, &QLineEdit::returnPressed, this, [this] { explain(m_path->text()); });
    connect(choose, &QPushButton::clicked, this, &LibraryTab::chooseFile);
    connect(&m_summaryWatcher, &QFutureWatcher<LibrarySummary>::finished, this,
            &LibraryTab::showSummary);
    connect(&m_explanationWatcher, &QFutureWatcher<Explanation>::finished, this,
            &LibraryTab::showExplanation);
    m_throttle.setSingleShot(true);
    m_throttle.setTimerType(Qt::PreciseTimer); // a coarse timer may fire early: "at most every 2 s"
    connect(&m_throttle, &QTimer::timeout, this, &LibraryTab::startRefresh);
    connect(&m_host, &EngineHost::jobsChanged, this, &LibraryTab::scheduleRefresh);
    startRefresh();
}

LibraryTab::~LibraryTab()
{
    // The pool tasks hold their own catalog connection; let them close it before the catalog
    // (or, in tests, its folder) goes away. They are short: one aggregate pass or a few lookups.
    m_summaryWatcher.waitForFinished();
    m_explanationWatcher.waitForFinished();
}

void LibraryTab::scheduleRefresh()
{
    if (m_summaryWatcher.isRunning()) {
        m_refreshPending = true; // one more when this one is done
        return;
    }
    if (m_throttle.isActive())
        return;
    const qint64 since = m_sinceRefresh.isValid() ? m_sinceRefresh.elapsed() : kRefreshIntervalMs;
    m_throttle.start(int(std::max<qint64>(0, kRefreshIntervalMs - since)));
}

void LibraryTab::startRefresh()
{
    m_refreshPending = false;
    m_sinceRefresh.start();
    m_summaryWatcher.setFuture(LibraryStats::summaryAsync(m_catalogPath));
}

void LibraryTab::showSummary()
{
    m_summary = m_summaryWatcher.result();
    const QLocale l;
    const LibrarySummary& s = m_summary;
    const QList<std::pair<QString, FileCount>> kinds{{tr("Photos"), s.photos},
                                                     {tr("RAW"), s.raw},
                                                     {tr("Videos"), s.videos},
                                                     {tr("Sidecars"), s.sidecars},
                                                     {tr("Total"), s.all}};
    for (int r = 0; r < kinds.size(); ++r)
        setRow(m_kinds, r,
               {kinds.at(r).first, l.toString(kinds.at(r).second.files),
                l.formattedDataSize(kinds.at(r).second.bytes)});
    m_problems->setText(!s.valid ? tr("The catalog could not be read.")
                        : s.withProblems > 0
                            ? tr("%n file(s) cannot be backed up as they are; ask why below.",
                                 nullptr, int(s.withProblems))
                            : QString());
    m_destinations->setRowCount(int(s.destinations.size()));
    for (int r = 0; r < s.destinations.size(); ++r) {
        const DestinationCoverage& d = s.destinations.at(r);
        const int percent =
            d.total.bytes > 0 ? int(d.acknowledged.bytes * 100 / d.total.bytes) : 100;
        setRow(m_destinations, r,
               {d.name,
                tr("%1 of %2").arg(l.toString(d.acknowledged.files), l.toString(d.total.files)),
                tr("%1 of %2")
                    .arg(l.formattedDataSize(d.acknowledged.bytes),
                         l.formattedDataSize(d.total.bytes)),
                d.complete() ? tr("all") : tr("%1%").arg(percent)});
    }
    Q_EMIT summaryShown();
    if (m_refreshPending)
        scheduleRefresh();
}

void LibraryTab::explain(const QString& path)
{
    const QString trimmed = path.trimmed();
    if (trimmed.isEmpty())
        return;
    if (m_path->text() != trimmed)
        m_path->setText(trimmed);
    m_answer->setPlainText(tr("Looking…"));
    // The engine's latest view of the policies, per kind of destination (a local folder is not
    // held back by an offline network); the user's own pause the explanation reads itself.
    m_explanationWatcher.setFuture(
        BackupExplanation::explainAsync(m_catalogPath, QFileInfo(trimmed).absoluteFilePath(),
                                        BackupExplanation::fromStatus(m_host.status())));
}

void LibraryTab::showExplanation()
{
    m_explanation = m_explanationWatcher.result();
    m_answer->setPlainText(m_explanation.text());
    Q_EMIT explanationShown();
}

void LibraryTab::chooseFile()
{
    const QString start = m_path->text().isEmpty()
                              ? QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)
                              : QFileInfo(m_path->text()).absolutePath();
    // The non-blocking form: no nested event loop in our code.
    auto* dialog = new QFileDialog(this, tr("Choose a file"), start);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &LibraryTab::explain);
    dialog->open();
}

} // namespace ks
