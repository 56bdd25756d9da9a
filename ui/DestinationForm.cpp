#include "DestinationForm.h"

#include "upload/DestinationFactory.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace ks {

namespace {
QLineEdit* lineEdit(const QString& objectName, const QString& accessibleName,
                    const QString& placeholder = {})
{
    auto* edit = new QLineEdit;
    edit->setObjectName(objectName);
    edit->setAccessibleName(accessibleName);
    edit->setPlaceholderText(placeholder);
    return edit;
}

QLineEdit* secretEdit(const QString& objectName, const QString& accessibleName)
{
    QLineEdit* edit = lineEdit(objectName, accessibleName);
    edit->setEchoMode(QLineEdit::Password);
    edit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    return edit;
}

QFormLayout* pageForm(QWidget* page)
{
    auto* form = new QFormLayout(page);
    form->setContentsMargins(0, 0, 0, 0);
    return form;
}
} // namespace

DestinationForm::DestinationForm(const QString& profileDir, TrustAsker* trust, QWidget* parent)
    : QWidget(parent), m_tester(new ConnectionTester(profileDir, trust, this))
{
    m_kind = new QComboBox;
    m_kind->setObjectName(QStringLiteral("destinationKind"));
    m_kind->setAccessibleName(tr("Kind of destination"));
    m_kind->addItem(tr("Local or NAS folder"), int(DestinationFields::Kind::Local));
    m_kind->addItem(tr("WebDAV (Nextcloud, ownCloud, NAS)"), int(DestinationFields::Kind::WebDav));
    m_kind->addItem(tr("S3-compatible storage"), int(DestinationFields::Kind::S3));
    m_pages = new QStackedWidget;
    m_pages->addWidget(makeLocalPage());
    m_pages->addWidget(makeWebDavPage());
    m_pages->addWidget(makeS3Page());
    for (int i = 1; i < m_pages->count(); ++i)
        m_pages->widget(i)->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this](int index) {
        // Only the page shown counts for the size, so a folder does not get S3's seven rows.
        for (int i = 0; i < m_pages->count(); ++i)
            m_pages->widget(i)->setSizePolicy(
                i == index ? QSizePolicy::Preferred : QSizePolicy::Ignored,
                i == index ? QSizePolicy::Preferred : QSizePolicy::Ignored);
        m_pages->setCurrentIndex(index);
        m_pages->adjustSize();
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this, &DestinationForm::changed);

    m_problem = new QLabel;
    m_problem->setObjectName(QStringLiteral("urlProblem"));
    m_problem->setWordWrap(true);
    m_problem->setAccessibleName(tr("Problem with the address"));
    m_test = new QPushButton(tr("&Test connection"));
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_outcome = new QLabel;
    m_outcome->setObjectName(QStringLiteral("testOutcome"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_outcome->setAccessibleName(tr("Connection test result"));
    connect(m_test, &QPushButton::clicked, this, &DestinationForm::testConnection);
    connect(m_tester, &ConnectionTester::started, this, [this] {
        m_test->setEnabled(false);
        m_outcome->setText(tr("Testing the connection…"));
    });
    connect(m_tester, &ConnectionTester::finished, this, [this](bool, const QString& message) {
        m_test->setEnabled(true);
        m_outcome->setText(message);
    });
    connect(this, &DestinationForm::changed, this, &DestinationForm::updateProblem);

    auto* kindForm = new QFormLayout;
    kindForm->setContentsMargins(0, 0, 0, 0);
    kindForm->addRow(tr("&Kind:"), m_kind);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_outcome, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(kindForm);
    layout->addWidget(m_pages);
    layout->addWidget(m_problem);
    layout->addLayout(testRow);
    updateProblem();
}

QWidget* DestinationForm::makeLocalPage()
{
    auto* page = new QWidget;
    m_folder =
        lineEdit(QStringLiteral("folder"), tr("Backup folder"), tr("/media/me/BackupDisk/Photos"));
    m_folder->setText(QDir::homePath() + QStringLiteral("/KeepsakeBackup"));
    auto* browse = new QPushButton(tr("&Browse…"));
    browse->setAccessibleName(tr("Choose the backup folder"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose the backup folder"),
                                                              m_folder->text());
        if (!dir.isEmpty())
            m_folder->setText(dir);
    });
    auto* row = new QHBoxLayout;
    row->addWidget(m_folder, 1);
    row->addWidget(browse);
    auto* form = pageForm(page);
    auto* label = new QLabel(tr("Copy to this f&older (disk or NAS):"));
    label->setBuddy(m_folder);
    form->addRow(label, row);
    connect(m_folder, &QLineEdit::textChanged, this, &DestinationForm::changed);
    return page;
}

QWidget* DestinationForm::makeWebDavPage()
{
    auto* page = new QWidget;
    m_webDavUrl = lineEdit(QStringLiteral("webDavUrl"), tr("WebDAV address"),
                           tr("https://cloud.example/remote.php/dav/files/me/Photos"));
    m_user = lineEdit(QStringLiteral("webDavUser"), tr("WebDAV user name"));
    m_password = secretEdit(QStringLiteral("webDavPassword"), tr("WebDAV password"));
    auto* form = pageForm(page);
    form->addRow(tr("&Address:"), m_webDavUrl);
    form->addRow(tr("&User name:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    auto* note = new QLabel(tr("The password is kept in your system's keychain, nowhere else."));
    note->setWordWrap(true);
    form->addRow(note);
    for (QLineEdit* e : {m_webDavUrl, m_user})
        connect(e, &QLineEdit::textChanged, this, &DestinationForm::changed);
    return page;
}

QWidget* DestinationForm::makeS3Page()
{
    auto* page = new QWidget;
    m_endpoint =
        lineEdit(QStringLiteral("s3Endpoint"), tr("S3 endpoint"), tr("https://s3.example:9000"));
    m_region = lineEdit(QStringLiteral("s3Region"), tr("S3 region"), QStringLiteral("us-east-1"));
    m_bucket = lineEdit(QStringLiteral("s3Bucket"), tr("S3 bucket"));
    m_prefix = lineEdit(QStringLiteral("s3Prefix"), tr("Folder in the bucket"), tr("photos"));
    m_style = new QComboBox;
    m_style->setObjectName(QStringLiteral("s3Style"));
    m_style->setAccessibleName(tr("S3 addressing style"));
    m_style->addItem(tr("Path style (most self-hosted servers)"), true);
    m_style->addItem(tr("Virtual-host style (AWS and most providers)"), false);
    m_accessKey = lineEdit(QStringLiteral("s3AccessKey"), tr("S3 access key ID"));
    m_secretKey = secretEdit(QStringLiteral("s3SecretKey"), tr("S3 secret key"));
    auto* form = pageForm(page);
    form->addRow(tr("&Endpoint:"), m_endpoint);
    form->addRow(tr("&Region:"), m_region);
    form->addRow(tr("B&ucket:"), m_bucket);
    form->addRow(tr("F&older in bucket:"), m_prefix);
    form->addRow(tr("Addressing st&yle:"), m_style);
    form->addRow(tr("&Access key ID:"), m_accessKey);
    form->addRow(tr("&Secret key:"), m_secretKey);
    auto* note = new QLabel(tr("The secret key is kept in your system's keychain, nowhere else."));
    note->setWordWrap(true);
    form->addRow(note);
    for (QLineEdit* e : {m_endpoint, m_region, m_bucket, m_prefix, m_accessKey})
        connect(e, &QLineEdit::textChanged, this, &DestinationForm::changed);
    connect(m_style, &QComboBox::currentIndexChanged, this, &DestinationForm::changed);
    return page;
}

DestinationFields DestinationForm::fields() const
{
    DestinationFields f;
    f.kind = DestinationFields::Kind(m_kind->currentData().toInt());
    f.folder = m_folder->text();
    f.webDavUrl = m_webDavUrl->text();
    f.user = m_user->text();
    f.endpoint = m_endpoint->text();
    f.region = m_region->text();
    f.bucket = m_bucket->text();
    f.prefix = m_prefix->text();
    f.pathStyle = m_style->currentData().toBool();
    f.accessKeyId = m_accessKey->text();
    return f;
}

QString DestinationForm::url() const
{
    return m_existing ? m_existing->url : destinationUrlFor(fields());
}

QString DestinationForm::urlProblem() const
{
    QString normalized;
    Error error;
    if (validateDestinationUrl(url(), &normalized, &error))
        return QString();
    return error.message;
}

QString DestinationForm::secret() const
{
    switch (DestinationFields::Kind(m_kind->currentData().toInt())) {
    case DestinationFields::Kind::WebDav:
        return m_password->text();
    case DestinationFields::Kind::S3:
        return m_secretKey->text();
    case DestinationFields::Kind::Local:
        break;
    }
    return QString();
}

QString DestinationForm::trustedFingerprint() const
{
    return m_tester->trustedFingerprint();
}

void DestinationForm::showExisting(const DestinationRecord& record)
{
    m_existing = record;
    m_name = record.name;
    const DestinationFields f = destinationFieldsFor(record.url);
    m_kind->setCurrentIndex(m_kind->findData(int(f.kind)));
    m_folder->setText(f.folder);
    m_webDavUrl->setText(f.webDavUrl);
    m_user->setText(f.user);
    m_endpoint->setText(f.endpoint);
    m_region->setText(f.region);
    m_bucket->setText(f.bucket);
    m_prefix->setText(f.prefix);
    m_style->setCurrentIndex(m_style->findData(f.pathStyle));
    m_accessKey->setText(f.accessKeyId);
    // Its jobs and history belong to this address: a new address is a new destination.
    m_kind->setEnabled(false);
    for (QLineEdit* e :
         {m_folder, m_webDavUrl, m_user, m_endpoint, m_region, m_bucket, m_prefix, m_accessKey})
        e->setReadOnly(true);
    m_style->setEnabled(false);
    m_password->setPlaceholderText(tr("unchanged"));
    m_secretKey->setPlaceholderText(tr("unchanged"));
    updateProblem();
}

void DestinationForm::updateProblem()
{
    const QString problem = urlProblem();
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_test->setEnabled(problem.isEmpty() && !m_tester->isRunning());
}

void DestinationForm::testConnection()
{
    if (const QString problem = urlProblem(); !problem.isEmpty()) {
        m_outcome->setText(problem);
        return;
    }
    DestinationRecord record;
    if (m_existing) {
        record = *m_existing;
    } else {
        QString normalized;
        Error error;
        validateDestinationUrl(url(), &normalized, &error);
        record.name = m_name;
        record.url = normalized;
    }
    if (m_existing && secret().isEmpty())
        m_tester->startWithStoredSecret(record);
    else
        m_tester->start(record, secret());
}

// ---------------------------------------------------------------------------------------------

DestinationDialog::DestinationDialog(SettingsController& controller,
                                     const std::optional<DestinationRecord>& existing,
                                     QWidget* parent)
    : QDialog(parent), m_controller(controller), m_existing(existing)
{
    setWindowTitle(existing ? tr("Destination %1").arg(existing->name) : tr("Add a destination"));
    m_name = lineEdit(QStringLiteral("destinationName"), tr("Destination name"));
    m_form = new DestinationForm(controller.profileDir(), &controller.trust());
    if (existing) {
        m_name->setText(existing->name);
        m_name->setReadOnly(true);
        m_form->showExisting(*existing);
    }
    connect(m_name, &QLineEdit::textChanged, m_form, &DestinationForm::setDestinationName);
    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("saveError"));
    m_error->setWordWrap(true);
    m_error->setAccessibleName(tr("Why the destination was not saved"));
    m_error->hide();
    auto* nameForm = new QFormLayout;
    nameForm->addRow(tr("&Name:"), m_name);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("save"));
    connect(buttons, &QDialogButtonBox::accepted, this, &DestinationDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(nameForm);
    layout->addWidget(m_form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
}

void DestinationDialog::accept()
{
    Error error;
    if (m_existing) {
        if (!m_form->secret().isEmpty())
            m_controller.setSecret(m_existing->name, m_form->secret());
        QDialog::accept();
        return;
    }
    if (!m_controller.addDestination(m_name->text().trimmed(), m_form->url(), m_form->secret(),
                                     m_form->trustedFingerprint(), &error)) {
        m_error->setText(error.message);
        m_error->show();
        return;
    }
    QDialog::accept();
}

} // namespace ks
