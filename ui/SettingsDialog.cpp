#include "SettingsDialog.h"

#include "DestinationForm.h"
#include "SettingsController.h"
#include "jobs/RemotePathTemplate.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTimeEdit>
#include <QVBoxLayout>

namespace ks {

namespace {
QPushButton* button(const QString& text, const QString& objectName)
{
    auto* b = new QPushButton(text);
    b->setObjectName(objectName);
    return b;
}
} // namespace

SettingsDialog::SettingsDialog(SettingsController& controller, QWidget* parent)
    : QDialog(parent), m_controller(controller)
{
    setWindowTitle(tr("Keepsake settings"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/keepsake.svg")));
    m_tabs = new QTabWidget;
    m_tabs->addTab(makeSourcesPage(), tr("&Sources"));
    m_tabs->addTab(makeDestinationsPage(), tr("&Destinations"));
    m_tabs->addTab(makePoliciesPage(), tr("&Policies"));
    m_tabs->addTab(makeAdvancedPage(), tr("Ad&vanced"));
    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("settingsMessage"));
    m_message->setWordWrap(true);
    m_message->setAccessibleName(tr("Settings message"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply |
                                         QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Apply)->setObjectName(QStringLiteral("apply"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("ok"));
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &SettingsDialog::apply);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(&m_controller, &SettingsController::message, this, &SettingsDialog::showMessage);
    connect(&m_controller, &SettingsController::sourcesChanged, this,
            &SettingsDialog::refreshSources);
    connect(&m_controller, &SettingsController::destinationsChanged, this,
            &SettingsDialog::refreshDestinations);
    connect(&m_controller, &SettingsController::secretStored, this,
            [this](const QString& name, const Error& error) {
                showMessage(
                    error ? tr("The password of %1 was not stored: %2").arg(name, error.message)
                          : tr("The password of %1 is stored in the keychain.").arg(name));
            });
    refreshSources();
    refreshDestinations();
    loadPolicies();
    loadAdvanced();
    resize(640, 480);
}

void SettingsDialog::showMessage(const QString& text)
{
    m_message->setText(text);
}

// --- Sources ---------------------------------------------------------------------------------

QWidget* SettingsDialog::makeSourcesPage()
{
    auto* page = new QWidget;
    m_sources = new QListWidget;
    m_sources->setObjectName(QStringLiteral("sourcesList"));
    m_sources->setAccessibleName(tr("Folders to back up"));
    auto* caption = new QLabel(tr("&Folders Keepsake backs up:"));
    caption->setBuddy(m_sources);
    QPushButton* add = button(tr("&Add folder…"), QStringLiteral("addSource"));
    QPushButton* remove = button(tr("&Remove"), QStringLiteral("removeSource"));
    connect(add, &QPushButton::clicked, this, [this] {
        QString start = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Choose a folder to back up"), start);
        if (!dir.isEmpty())
            m_controller.addSource(dir); // asks the read consent when the folder is counted
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        QListWidgetItem* item = m_sources->currentItem();
        if (!item)
            return;
        Error error;
        const QString path = item->data(Qt::UserRole).toString();
        showMessage(m_controller.removeSource(path, &error)
                        ? tr("Removed %1. Nothing already backed up is deleted anywhere.").arg(path)
                        : error.message);
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(caption);
    layout->addWidget(m_sources, 1);
    layout->addLayout(buttons);
    return page;
}

void SettingsDialog::refreshSources()
{
    m_sources->clear();
    for (const Source& s : m_controller.sources()) {
        auto* item = new QListWidgetItem(s.path, m_sources);
        item->setData(Qt::UserRole, s.path);
    }
}

// --- Destinations ----------------------------------------------------------------------------

QWidget* SettingsDialog::makeDestinationsPage()
{
    auto* page = new QWidget;
    m_destinations = new QListWidget;
    m_destinations->setObjectName(QStringLiteral("destinationsList"));
    m_destinations->setAccessibleName(tr("Destinations"));
    auto* caption = new QLabel(tr("&Where Keepsake sends copies:"));
    caption->setBuddy(m_destinations);
    QPushButton* add = button(tr("&Add…"), QStringLiteral("addDestination"));
    QPushButton* edit = button(tr("&Edit or change password…"), QStringLiteral("editDestination"));
    QPushButton* test = button(tr("&Test connection"), QStringLiteral("testDestination"));
    m_forgetCertificate = button(tr("&Forget certificate"), QStringLiteral("forgetCertificate"));
    QPushButton* remove = button(tr("&Remove…"), QStringLiteral("removeDestination"));
    m_tester = new ConnectionTester(m_controller.profileDir(), &m_controller.trust(), this);
    m_testOutcome = new QLabel;
    m_testOutcome->setObjectName(QStringLiteral("destinationTestOutcome"));
    m_testOutcome->setWordWrap(true);
    m_testOutcome->setTextInteractionFlags(Qt::TextSelectableByMouse |
                                           Qt::TextSelectableByKeyboard);
    m_testOutcome->setAccessibleName(tr("Connection test result"));

    auto openDialog = [this](const std::optional<DestinationRecord>& existing) {
        auto* dialog = new DestinationDialog(m_controller, existing, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    };
    connect(add, &QPushButton::clicked, this, [openDialog] { openDialog(std::nullopt); });
    connect(edit, &QPushButton::clicked, this, [this, openDialog] {
        if (const auto d = DestinationStore(m_controller.db()).byName(selectedDestination()))
            openDialog(d);
    });
    connect(test, &QPushButton::clicked, this, [this] {
        if (const auto d = DestinationStore(m_controller.db()).byName(selectedDestination()))
            m_tester->startWithStoredSecret(*d);
    });
    connect(m_tester, &ConnectionTester::started, this,
            [this] { m_testOutcome->setText(tr("Testing the connection…")); });
    connect(m_tester, &ConnectionTester::finished, this, [this](bool, const QString& message) {
        m_testOutcome->setText(message);
        refreshDestinations(); // a certificate may have been trusted
    });
    connect(m_forgetCertificate, &QPushButton::clicked, this, [this] {
        Error error;
        const QString name = selectedDestination();
        if (!name.isEmpty())
            showMessage(m_controller.forgetCertificate(name, &error)
                            ? tr("Keepsake no longer trusts the certificate it was told to "
                                 "trust for %1.")
                                  .arg(name)
                            : error.message);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const QString name = selectedDestination();
        if (name.isEmpty() ||
            QMessageBox::question(this, tr("Remove %1?").arg(name),
                                  tr("Keepsake will stop sending copies to %1 and forget its "
                                     "password and history. Files already there stay.")
                                      .arg(name)) != QMessageBox::Yes)
            return;
        Error error;
        showMessage(m_controller.removeDestination(name, &error) ? tr("Removed %1.").arg(name)
                                                                 : error.message);
    });
    connect(m_destinations, &QListWidget::currentItemChanged, this, [this] {
        const auto d = DestinationStore(m_controller.db()).byName(selectedDestination());
        m_forgetCertificate->setEnabled(d && !d->pinnedCertSha256.isEmpty());
    });

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {add, edit, test, m_forgetCertificate, remove})
        buttons->addWidget(b);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(caption);
    layout->addWidget(m_destinations, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_testOutcome);
    return page;
}

QString SettingsDialog::selectedDestination() const
{
    QListWidgetItem* item = m_destinations->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void SettingsDialog::refreshDestinations()
{
    const QString selected = selectedDestination();
    m_destinations->clear();
    for (const DestinationRecord& d : m_controller.destinations()) {
        QString text = tr("%1 — %2").arg(d.name, describeDestinationUrl(d.url));
        if (!d.pinnedCertSha256.isEmpty())
            text += tr(" (trusted certificate %1…)").arg(d.pinnedCertSha256.left(16).toUpper());
        auto* item = new QListWidgetItem(text, m_destinations);
        item->setData(Qt::UserRole, d.name);
        if (d.name == selected)
            m_destinations->setCurrentItem(item);
    }
    if (!m_destinations->currentItem() && m_destinations->count() > 0)
        m_destinations->setCurrentRow(0);
    const auto d = DestinationStore(m_controller.db()).byName(selectedDestination());
    m_forgetCertificate->setEnabled(d && !d->pinnedCertSha256.isEmpty());
}

// --- Policies --------------------------------------------------------------------------------

QWidget* SettingsDialog::makePoliciesPage()
{
    auto* page = new QWidget;
    m_metered = new QCheckBox(tr("Back up over &metered networks (mobile data, hotspots)"));
    m_metered->setObjectName(QStringLiteral("meteredAllowed"));
    m_onBattery = new QCheckBox(tr("Back up on ba&ttery power"));
    m_onBattery->setObjectName(QStringLiteral("allowOnBattery"));
    m_minBattery = new QSpinBox;
    m_minBattery->setObjectName(QStringLiteral("minBatteryPercent"));
    m_minBattery->setRange(0, 100);
    m_minBattery->setSuffix(tr(" %"));
    m_minBattery->setAccessibleName(tr("Pause when the battery is below this level"));
    m_schedule = new QCheckBox(tr("Only back up bet&ween"));
    m_schedule->setObjectName(QStringLiteral("scheduleEnabled"));
    m_scheduleStart = new QTimeEdit;
    m_scheduleStart->setObjectName(QStringLiteral("scheduleStart"));
    m_scheduleStart->setDisplayFormat(QStringLiteral("HH:mm"));
    m_scheduleStart->setAccessibleName(tr("Backup window start"));
    m_scheduleEnd = new QTimeEdit;
    m_scheduleEnd->setObjectName(QStringLiteral("scheduleEnd"));
    m_scheduleEnd->setDisplayFormat(QStringLiteral("HH:mm"));
    m_scheduleEnd->setAccessibleName(tr("Backup window end"));
    m_bandwidth = new QSpinBox;
    m_bandwidth->setObjectName(QStringLiteral("bandwidthKBps"));
    m_bandwidth->setRange(0, 10 * 1024 * 1024);
    m_bandwidth->setSingleStep(100);
    m_bandwidth->setSuffix(tr(" KB/s"));
    m_bandwidth->setSpecialValueText(tr("Unlimited"));
    m_bandwidth->setAccessibleName(tr("Bandwidth limit in kilobytes per second"));
    connect(m_onBattery, &QCheckBox::toggled, m_minBattery, &QWidget::setEnabled);
    connect(m_schedule, &QCheckBox::toggled, m_scheduleStart, &QWidget::setEnabled);
    connect(m_schedule, &QCheckBox::toggled, m_scheduleEnd, &QWidget::setEnabled);

    auto* batteryRow = new QHBoxLayout;
    auto* belowLabel = new QLabel(tr("but pause b&elow"));
    belowLabel->setBuddy(m_minBattery);
    batteryRow->addWidget(m_onBattery);
    batteryRow->addWidget(belowLabel);
    batteryRow->addWidget(m_minBattery);
    batteryRow->addStretch();
    auto* scheduleRow = new QHBoxLayout;
    auto* andLabel = new QLabel(tr("&and"));
    andLabel->setBuddy(m_scheduleEnd);
    scheduleRow->addWidget(m_schedule);
    scheduleRow->addWidget(m_scheduleStart);
    scheduleRow->addWidget(andLabel);
    scheduleRow->addWidget(m_scheduleEnd);
    scheduleRow->addStretch();
    auto* bandwidthRow = new QFormLayout;
    bandwidthRow->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    bandwidthRow->addRow(tr("&Limit upload speed to:"), m_bandwidth);
    auto* meteredNote = new QLabel(tr("Turning this on asks for your consent first."));
    meteredNote->setWordWrap(true);
    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_metered);
    layout->addWidget(meteredNote);
    layout->addLayout(batteryRow);
    layout->addLayout(scheduleRow);
    layout->addLayout(bandwidthRow);
    layout->addStretch();
    setTabOrder(m_metered, m_onBattery);
    setTabOrder(m_onBattery, m_minBattery);
    setTabOrder(m_minBattery, m_schedule);
    setTabOrder(m_schedule, m_scheduleStart);
    setTabOrder(m_scheduleStart, m_scheduleEnd);
    setTabOrder(m_scheduleEnd, m_bandwidth);
    return page;
}

void SettingsDialog::loadPolicies()
{
    const PolicySettings p = m_controller.policies();
    m_metered->setChecked(p.meteredConsent);
    m_onBattery->setChecked(p.allowOnBattery);
    m_minBattery->setValue(p.minBatteryPercent);
    m_minBattery->setEnabled(p.allowOnBattery);
    const bool window = p.windowStart.isValid() && p.windowEnd.isValid();
    m_schedule->setChecked(window);
    m_scheduleStart->setTime(window ? p.windowStart : QTime(22, 0));
    m_scheduleEnd->setTime(window ? p.windowEnd : QTime(6, 0));
    m_scheduleStart->setEnabled(window);
    m_scheduleEnd->setEnabled(window);
    m_bandwidth->setValue(int(p.bandwidthBytesPerSec / 1024));
}

// --- Advanced --------------------------------------------------------------------------------

QWidget* SettingsDialog::makeAdvancedPage()
{
    auto* page = new QWidget;
    m_maxTransfers = new QSpinBox;
    m_maxTransfers->setObjectName(QStringLiteral("maxTransfers"));
    m_maxTransfers->setRange(1, 32);
    m_template = new QLineEdit;
    m_template->setObjectName(QStringLiteral("remoteTemplate"));
    m_template->setPlaceholderText(RemotePathTemplate::defaultTemplate());
    auto* help = new QLabel(
        tr("Where each photo goes at the destination. Use {year}, {month}, {day} (when it was "
           "taken), {source} (the folder's name), {filename}, {basename}, {ext} and {hash8}."));
    help->setWordWrap(true);
    m_notifications = new QCheckBox(tr("Show desktop &notifications (backup complete, new "
                                       "failures)"));
    m_notifications->setObjectName(QStringLiteral("notifications"));
    auto* form = new QFormLayout(page);
    form->addRow(tr("&Transfers at the same time:"), m_maxTransfers);
    form->addRow(tr("&Folder and file names:"), m_template);
    form->addRow(help);
    form->addRow(m_notifications);
    return page;
}

void SettingsDialog::loadAdvanced()
{
    const AdvancedSettings a = m_controller.advanced();
    m_maxTransfers->setValue(a.maxTransfers);
    m_template->setText(a.remoteTemplate);
    m_notifications->setChecked(a.notifications);
}

// --- Saving ----------------------------------------------------------------------------------

bool SettingsDialog::apply()
{
    PolicySettings p;
    p.meteredConsent = m_metered->isChecked();
    p.allowOnBattery = m_onBattery->isChecked();
    p.minBatteryPercent = m_minBattery->value();
    if (m_schedule->isChecked()) {
        p.windowStart = m_scheduleStart->time();
        p.windowEnd = m_scheduleEnd->time();
    }
    p.bandwidthBytesPerSec = qint64(m_bandwidth->value()) * 1024;
    AdvancedSettings a;
    a.maxTransfers = m_maxTransfers->value();
    a.remoteTemplate = m_template->text();
    a.notifications = m_notifications->isChecked();
    Error error;
    // Advanced first: a refused template then saves nothing, and its page shows why.
    if (!m_controller.saveAdvanced(a, &error)) {
        m_tabs->setCurrentIndex(3);
        m_template->setFocus();
        showMessage(error.message);
        return false;
    }
    if (!m_controller.savePolicies(p, &error)) {
        showMessage(error.message);
        return false;
    }
    loadPolicies(); // shows a refused metered consent as unchecked again
    showMessage(p.meteredConsent && !m_metered->isChecked()
                    ? tr("Saved. Metered networks stay off: you did not allow them.")
                    : tr("Saved."));
    return true;
}

void SettingsDialog::accept()
{
    if (apply())
        QDialog::accept();
}

} // namespace ks
