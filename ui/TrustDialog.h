#pragma once

#include "upload/TrustHandler.h"

#include <QDialog>

namespace ks {

// Asks whether to trust a certificate the system does not: the server, its SHA-256 fingerprint,
// and how to check it, with "Trust this certificate" and "Cancel" (the default).
class TrustDialog : public QDialog
{
    Q_OBJECT
public:
    explicit TrustDialog(const TrustRequest& request, QWidget* parent = nullptr);
};

// The desktop app's TrustHandler: one modal dialog per question.
class DialogTrustHandler : public TrustHandler
{
public:
    explicit DialogTrustHandler(QWidget* parent) : m_parent(parent) {}
    bool trust(const TrustRequest& request) override;

private:
    QWidget* m_parent;
};

} // namespace ks
