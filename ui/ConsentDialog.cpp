#include "ConsentDialog.h"

#include <QDialogButtonBox>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ks {

ConsentDialog::ConsentDialog(const ConsentRequest& request, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(request.title);
    setWindowIcon(QIcon(QStringLiteral(":/icons/keepsake.svg")));
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(QStringLiteral("<b>%1</b>").arg(request.title.toHtmlEscaped()));
    auto* text = new QLabel(request.text);
    text->setWordWrap(true);
    text->setMinimumWidth(380);
    auto* buttons = new QDialogButtonBox;
    QPushButton* allow = buttons->addButton(tr("Allow"), QDialogButtonBox::AcceptRole);
    QPushButton* later = buttons->addButton(tr("Not now"), QDialogButtonBox::RejectRole);
    allow->setObjectName(QStringLiteral("allow"));
    later->setObjectName(QStringLiteral("notNow"));
    allow->setAccessibleName(tr("Allow: %1").arg(request.title));
    later->setDefault(true); // saying yes takes a deliberate choice
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addWidget(buttons);
}

bool DialogConsentAsker::ask(const ConsentRequest& request)
{
    ConsentDialog dialog(request, m_parent);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace ks
