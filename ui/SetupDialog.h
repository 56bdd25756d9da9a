#pragma once

#include <QDialog>
#include <memory>

class QLineEdit;

namespace ks {

class DestinationForm;
class TrustAsker;
class TrustHandler;

// First run: which folder to back up (the Pictures folder suggested) and where to (a local or
// NAS folder by default). The consents are asked afterwards, one dialog each.
class SetupDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SetupDialog(QWidget* parent = nullptr);
    ~SetupDialog() override;
    QString folder() const;
    QString destinationName() const;
    // The destination URL as typed in the destination form (a plain path for a folder).
    QString destinationPath() const;
    // The password or secret key typed for it (for the keychain), and a certificate the user
    // trusted while testing the connection (to pin once the destination is saved).
    QString destinationSecret() const;
    QString trustedFingerprint() const;
    DestinationForm* destinationForm() const { return m_form; }

private:
    QLineEdit* m_folder;
    QLineEdit* m_name;
    DestinationForm* m_form;
    std::unique_ptr<TrustHandler> m_trustHandler;
    std::unique_ptr<TrustAsker> m_trust;
};

} // namespace ks
