#pragma once

#include "NotificationPolicy.h"
#include "jobs/EngineStatus.h"

#include <QObject>
#include <QSystemTrayIcon>

class QAction;
class QMenu;

namespace ks {

// The tray icon: its look says the state (idle, busy, paused, needs attention); its menu opens
// the window, pauses or resumes, and quits. Notifies "backup complete" and new failures when
// NotificationPolicy says so (once per batch, at most once a minute).
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    explicit TrayIcon(QObject* parent = nullptr);
    ~TrayIcon() override;
    bool isAvailable() const;
    void showMessage(const QString& title, const QString& text);
    QString stateName() const { return m_state; }
    NotificationPolicy& notificationPolicy() { return m_notifications; }

public Q_SLOTS:
    void updateStatus(const ks::EngineStatus& status);

Q_SIGNALS:
    void openRequested();
    void pauseRequested();
    void resumeRequested();
    void quitRequested();

private:
    QSystemTrayIcon m_tray;
    QMenu* m_menu;
    QAction* m_pause;
    QAction* m_resume;
    QString m_state;
    NotificationPolicy m_notifications;
};

} // namespace ks
