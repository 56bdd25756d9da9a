#include "TrustDialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ks {

TrustDialog::TrustDialog(const TrustRequest& request, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Trust this server's certificate?"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/keepsake.svg")));
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(QStringLiteral("<b>%1</b>")
                                 .arg(tr("Your system does not trust the certificate of %1")
                                          .arg(request.host)
                                          .toHtmlEscaped()));
    title->setWordWrap(true);
    auto* explain = new QLabel(
        tr("This is normal for a home NAS or server with a certificate it made itself. It can "
           "also mean that someone is intercepting the connection.\n\n"
           "Compare the fingerprint below with the one your server shows (in its admin page, or "
           "ask whoever runs it). Trust it only if every character is the same. Keepsake will "
           "then trust this one certificate for this destination, and no other."));
    explain->setWordWrap(true);
    explain->setMinimumWidth(440);
    auto* fingerprintCaption = new QLabel(tr("SHA-256 fingerprint:"));
    // Two lines of 16 pairs each, in a fixed-width font, so comparing goes pair by pair.
    const QString shown = request.displayFingerprint();
    auto* fingerprint = new QLabel(shown.left(47) + QLatin1Char('\n') + shown.mid(48));
    fingerprint->setObjectName(QStringLiteral("fingerprint"));
    fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    fingerprint->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    fingerprint->setAccessibleName(tr("SHA-256 fingerprint"));
    fingerprint->setAccessibleDescription(shown);
    fingerprintCaption->setBuddy(fingerprint);
    auto* buttons = new QDialogButtonBox;
    QPushButton* trust =
        buttons->addButton(tr("&Trust this certificate"), QDialogButtonBox::AcceptRole);
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    trust->setObjectName(QStringLiteral("trust"));
    cancel->setObjectName(QStringLiteral("cancel"));
    trust->setAccessibleName(tr("Trust the certificate of %1").arg(request.host));
    cancel->setDefault(true); // trusting takes a deliberate choice
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(title);
    layout->addWidget(explain);
    layout->addWidget(fingerprintCaption);
    layout->addWidget(fingerprint);
    layout->addWidget(buttons);
}

bool DialogTrustHandler::trust(const TrustRequest& request)
{
    TrustDialog dialog(request, m_parent);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace ks
