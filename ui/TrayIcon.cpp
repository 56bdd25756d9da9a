#include "TrayIcon.h"

#include <QAction>
#include <QDateTime>
#include <QMenu>

namespace ks {

TrayIcon::TrayIcon(QObject* parent) : QObject(parent), m_menu(new QMenu)
{
    QAction* open = m_menu->addAction(tr("Open Keepsake"));
    m_pause = m_menu->addAction(tr("Pause"));
    m_resume = m_menu->addAction(tr("Resume"));
    m_menu->addSeparator();
    QAction* quit = m_menu->addAction(tr("Quit"));
    connect(open, &QAction::triggered, this, &TrayIcon::openRequested);
    connect(m_pause, &QAction::triggered, this, &TrayIcon::pauseRequested);
    connect(m_resume, &QAction::triggered, this, &TrayIcon::resumeRequested);
    connect(quit, &QAction::triggered, this, &TrayIcon::quitRequested);
    connect(&m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason r) {
                if (r == QSystemTrayIcon::Trigger || r == QSystemTrayIcon::DoubleClick)
                    Q_EMIT openRequested();
            });
    m_tray.setContextMenu(m_menu);
    updateStatus({});
    m_tray.show();
}

TrayIcon::~TrayIcon()
{
    delete m_menu;
}

bool TrayIcon::isAvailable() const
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::showMessage(const QString& title, const QString& text)
{
    m_tray.showMessage(title, text, QIcon(QStringLiteral(":/icons/keepsake.svg")));
}

void TrayIcon::updateStatus(const EngineStatus& s)
{
    const bool userPaused =
        !s.pauseReasons.isEmpty() && s.pauseReasons.first().code == QLatin1String("user");
    QString state = QStringLiteral("idle");
    if (s.failures > 0)
        state = QStringLiteral("attention");
    else if (!s.pauseReasons.isEmpty() && s.filesDone < s.filesTotal)
        state = QStringLiteral("paused");
    else if (s.running || s.scanning)
        state = QStringLiteral("busy");
    if (state != m_state) {
        m_state = state;
        m_tray.setIcon(QIcon(QStringLiteral(":/icons/keepsake-%1.svg").arg(state)));
    }
    m_tray.setToolTip(QStringLiteral("Keepsake: ") +
                      s.headline(QDateTime::currentMSecsSinceEpoch()));
    m_pause->setVisible(!userPaused);
    m_resume->setVisible(userPaused);
    const std::optional<Notice> notice = m_notifications.update(s);
    if (!notice)
        return;
    const QString failed =
        tr("%n file(s) could not be backed up.", nullptr, int(notice->newFailures));
    if (!notice->complete) {
        showMessage(tr("Some files need attention"),
                    failed + QLatin1Char(' ') + tr("Open Keepsake to see why."));
        return;
    }
    QString text = tr("%n file(s) backed up.", nullptr, int(notice->uploaded));
    if (notice->newFailures > 0)
        text += QLatin1Char(' ') + failed;
    else if (notice->allBackedUp)
        text += QLatin1Char(' ') + tr("Everything is backed up.");
    showMessage(notice->newFailures > 0 ? tr("Backup finished with problems")
                                        : tr("Backup complete"),
                text);
}

} // namespace ks
