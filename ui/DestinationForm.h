#pragma once

#include "SettingsController.h"

#include <QDialog>
#include <QWidget>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;

namespace ks {

class TrustAsker;

// Where to back up to: a local or NAS folder (the default), WebDAV or S3-compatible storage,
// with the secret that goes to the keychain and a "Test connection" button. Only presents: the
// URL comes from destinationUrlFor(), the test from ConnectionTester.
class DestinationForm : public QWidget
{
    Q_OBJECT
public:
    DestinationForm(const QString& profileDir, TrustAsker* trust, QWidget* parent = nullptr);

    DestinationFields fields() const;
    // The destination URL as typed (validateDestinationUrl() still decides).
    QString url() const;
    // What validateDestinationUrl() says about url(), or an empty string when it accepts it.
    QString urlProblem() const;
    QString secret() const;
    // The certificate the user trusted while testing a destination that is not saved yet.
    QString trustedFingerprint() const;

    // Shows a saved destination: its address is fixed (jobs and history belong to it), the
    // secret may be replaced, and a test without a new secret uses the keychain's.
    void showExisting(const DestinationRecord& record);
    // The name under which a secret for this run only (KEEPSAKE_SECRET_<NAME>) is looked up.
    void setDestinationName(const QString& name) { m_name = name; }

    ConnectionTester* tester() const { return m_tester; }
    QLabel* outcomeLabel() const { return m_outcome; }

public Q_SLOTS:
    void testConnection();

Q_SIGNALS:
    void changed();

private:
    QWidget* makeLocalPage();
    QWidget* makeWebDavPage();
    QWidget* makeS3Page();
    void updateProblem();

    ConnectionTester* m_tester;
    QComboBox* m_kind;
    QStackedWidget* m_pages;
    QLineEdit* m_folder;
    QLineEdit* m_webDavUrl;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QLineEdit* m_endpoint;
    QLineEdit* m_region;
    QLineEdit* m_bucket;
    QLineEdit* m_prefix;
    QComboBox* m_style;
    QLineEdit* m_accessKey;
    QLineEdit* m_secretKey;
    QLabel* m_problem;
    QPushButton* m_test;
    QLabel* m_outcome;
    QString m_name;
    std::optional<DestinationRecord> m_existing;
};

// Adds a destination (name and form), or changes a saved one's secret. Opened with open(), so
// the window stays responsive; saving goes through the SettingsController.
class DestinationDialog : public QDialog
{
    Q_OBJECT
public:
    // `existing` empty: add a new destination.
    DestinationDialog(SettingsController& controller,
                      const std::optional<DestinationRecord>& existing, QWidget* parent = nullptr);
    DestinationForm* form() const { return m_form; }

    void accept() override;

private:
    SettingsController& m_controller;
    std::optional<DestinationRecord> m_existing;
    QLineEdit* m_name;
    DestinationForm* m_form;
    QLabel* m_error;
};

} // namespace ks
