#pragma once

#include <QDialog>

class QLineEdit;

namespace ks {

// First run: which folder to back up (the Pictures folder suggested) and where to (a local or
// NAS folder by default). The consents are asked afterwards, one dialog each.
class SetupDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SetupDialog(QWidget* parent = nullptr);
    QString folder() const;
    QString destinationName() const;
    QString destinationPath() const;

private:
    QLineEdit* m_folder;
    QLineEdit* m_name;
    QLineEdit* m_destination;
};

} // namespace ks
