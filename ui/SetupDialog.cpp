#include "SetupDialog.h"

#include "DestinationForm.h"
#include "TrustAsker.h"
#include "TrustDialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace ks {

namespace {
QWidget* withBrowse(QLineEdit* edit, QWidget* parent, const QString& title)
{
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* browse = new QPushButton(QObject::tr("Browse…"));
    browse->setAccessibleName(title);
    QObject::connect(browse, &QPushButton::clicked, parent, [edit, parent, title] {
        const QString dir = QFileDialog::getExistingDirectory(parent, title, edit->text());
        if (!dir.isEmpty())
            edit->setText(dir);
    });
    layout->addWidget(edit, 1);
    layout->addWidget(browse);
    return row;
}
} // namespace

SetupDialog::SetupDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Set up Keepsake"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/keepsake.svg")));
    QString pictures = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    if (pictures.isEmpty())
        pictures = QDir::homePath();
    m_folder = new QLineEdit(pictures);
    m_folder->setAccessibleName(tr("Folder to back up"));
    m_name = new QLineEdit(tr("backup-disk"));
    m_name->setAccessibleName(tr("Destination name"));
    // No catalog yet: a certificate trusted while testing is kept until the destination is saved.
    m_trustHandler = std::make_unique<DialogTrustHandler>(this);
    m_trust = std::make_unique<TrustAsker>(nullptr, *m_trustHandler);
    m_form = new DestinationForm(QString(), m_trust.get());
    m_form->setDestinationName(m_name->text());
    connect(m_name, &QLineEdit::textChanged, m_form, &DestinationForm::setDestinationName);
    auto* intro = new QLabel(tr("Keepsake copies your photos and videos to a place you choose and "
                                "keeps that copy up to date. Choose what to back up and where; "
                                "Keepsake will then ask before it reads or sends anything."));
    intro->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("Back up this &folder:"),
                 withBrowse(m_folder, this, tr("Choose the folder to back up")));
    form->addRow(tr("Destination &name:"), m_name);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Continue"));
    connect(m_form, &DestinationForm::changed, this, [this, buttons] {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(m_form->urlProblem().isEmpty());
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_form);
    layout->addWidget(buttons);
    resize(600, 300);
}

QString SetupDialog::folder() const
{
    return m_folder->text().trimmed();
}

QString SetupDialog::destinationName() const
{
    return m_name->text().trimmed();
}

QString SetupDialog::destinationPath() const
{
    return m_form->url();
}

QString SetupDialog::destinationSecret() const
{
    return m_form->secret();
}

QString SetupDialog::trustedFingerprint() const
{
    return m_form->trustedFingerprint();
}

SetupDialog::~SetupDialog() = default;

} // namespace ks
