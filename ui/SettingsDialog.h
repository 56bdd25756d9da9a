#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTimeEdit;

namespace ks {

class ConnectionTester;
class SettingsController;

// Settings: the folders to back up, the destinations (add, change the password, test, trust or
// forget a certificate, remove), the policies and the advanced knobs. Sources and destinations
// change at once, each through its own action; Policies and Advanced are saved with OK or Apply.
// Only presents: every decision and write is the SettingsController's.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(SettingsController& controller, QWidget* parent = nullptr);

    QTabWidget* tabs() const { return m_tabs; }
    // Saves Policies and Advanced; false (with the reason shown) when something was refused.
    bool apply();
    void accept() override;

private:
    QWidget* makeSourcesPage();
    QWidget* makeDestinationsPage();
    QWidget* makePoliciesPage();
    QWidget* makeAdvancedPage();
    void refreshSources();
    void refreshDestinations();
    void loadPolicies();
    void loadAdvanced();
    void showMessage(const QString& text);
    QString selectedDestination() const;

    SettingsController& m_controller;
    QTabWidget* m_tabs;
    QLabel* m_message;
    QListWidget* m_sources;
    QListWidget* m_destinations;
    QPushButton* m_forgetCertificate;
    ConnectionTester* m_tester;
    QLabel* m_testOutcome;
    QCheckBox* m_metered;
    QCheckBox* m_onBattery;
    QSpinBox* m_minBattery;
    QCheckBox* m_schedule;
    QTimeEdit* m_scheduleStart;
    QTimeEdit* m_scheduleEnd;
    QSpinBox* m_bandwidth;
    QSpinBox* m_maxTransfers;
    QLineEdit* m_template;
    QCheckBox* m_notifications;
};

} // namespace ks
