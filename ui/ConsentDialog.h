#pragma once

#include "ConsentAsker.h"

#include <QDialog>

namespace ks {

// One consent, one dialog: what will happen and where, with "Allow" and "Not now".
class ConsentDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConsentDialog(const ConsentRequest& request, QWidget* parent = nullptr);
};

class DialogConsentAsker : public ConsentAsker
{
public:
    explicit DialogConsentAsker(QWidget* parent) : m_parent(parent) {}
    bool ask(const ConsentRequest& request) override;

private:
    QWidget* m_parent;
};

} // namespace ks
