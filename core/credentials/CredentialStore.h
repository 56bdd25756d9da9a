#pragma once

#include "common/Error.h"

#include <QObject>
#include <QString>
#include <functional>

namespace ks {

// Where destination secrets (WebDAV passwords, S3 secret keys, tokens) live: only in the OS
// keychain, through QtKeychain (Secret Service such as gnome-keyring or KWallet on Linux, the
// Keychain on macOS, the Credential Manager on Windows). Never in the catalog, the settings, logs
// or command lines; QtKeychain's plain-text fallback stays off.
//
// Entries are keyed by profile and destination name, so two profiles never share a secret.
// Operations are asynchronous (the keychain may be a D-Bus service that asks the user to unlock);
// callbacks run on the calling thread's event loop, never before the call returns. The keychain
// itself is only ever used from one thread of its own (KeychainCall).
class CredentialStore : public QObject
{
    Q_OBJECT
public:
    explicit CredentialStore(const QString& profileDir, QObject* parent = nullptr);

    // `secret` is empty and `error` is None when nothing is stored for the destination.
    using ReadCallback = std::function<void(const QString& secret, const Error& error)>;
    using DoneCallback = std::function<void(const Error& error)>;

    void read(const QString& destinationName, ReadCallback done);
    void write(const QString& destinationName, const QString& secret, DoneCallback done);
    // Forgetting a secret that is not there is not an error.
    void remove(const QString& destinationName, DoneCallback done);

    QString keyFor(const QString& destinationName) const;
    static QString serviceName();

private:
    QString m_profileDir;
};

} // namespace ks
