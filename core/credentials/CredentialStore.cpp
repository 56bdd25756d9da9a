#include "CredentialStore.h"

#include "KeychainCall.h"

#include <QDir>
#include <qt6keychain/keychain.h>

namespace ks {

namespace {
// A keychain that cannot be reached is not the user's fault, and there is a way around it.
Error keychainError(QKeychain::Error code, const QString& text, const QString& what)
{
    if (code == QKeychain::NoBackendAvailable)
        return Error::permanent(
            QStringLiteral("No keychain service answered (%1), so Keepsake cannot %2. Unlock or "
                           "start your keyring, or give the secret for one run only in the "
                           "environment variable KEEPSAKE_SECRET_<DESTINATION NAME>")
                .arg(text, what));
    if (code == QKeychain::AccessDeniedByUser || code == QKeychain::AccessDenied)
        return Error::permanent(
            QStringLiteral("The keychain refused access, so Keepsake cannot %1: %2")
                .arg(what, text));
    // Permanent: it takes the user (start or unlock the keyring, or give the secret for the run);
    // a new secret retries the failures anyway.
    return Error::permanent(QStringLiteral("The keychain failed, so Keepsake cannot %1: %2. Give "
                                           "the secret for one run only in the environment "
                                           "variable KEEPSAKE_SECRET_<DESTINATION NAME>")
                                .arg(what, text));
}
} // namespace

CredentialStore::CredentialStore(const QString& profileDir, QObject* parent)
    : QObject(parent), m_profileDir(QDir(profileDir).absolutePath())
{
}

QString CredentialStore::serviceName()
{
    return QStringLiteral("Keepsake");
}

QString CredentialStore::keyFor(const QString& destinationName) const
{
    return QStringLiteral("destination %1 (profile %2)").arg(destinationName, m_profileDir);
}

void CredentialStore::read(const QString& destinationName, ReadCallback done)
{
    auto* call = new KeychainCall([key = keyFor(destinationName)]() -> QKeychain::Job* {
        auto* job = new QKeychain::ReadPasswordJob(serviceName());
        job->setInsecureFallback(false);
        job->setKey(key);
        return job;
    });
    connect(call, &KeychainCall::finished, this,
            [destinationName, done](int error, const QString& text, const QByteArray& data) {
                const auto code = QKeychain::Error(error);
                if (code == QKeychain::NoError)
                    done(QString::fromUtf8(data), Error());
                else if (code == QKeychain::EntryNotFound)
                    done(QString(), Error());
                else
                    done(QString(),
                         keychainError(
                             code, text,
                             QStringLiteral("read the secret of \"%1\"").arg(destinationName)));
            });
    call->start();
}

void CredentialStore::write(const QString& destinationName, const QString& secret,
                            DoneCallback done)
{
    auto* call = new KeychainCall([key = keyFor(destinationName), secret]() -> QKeychain::Job* {
        auto* job = new QKeychain::WritePasswordJob(serviceName());
        job->setInsecureFallback(false);
        job->setKey(key);
        job->setTextData(secret);
        return job;
    });
    connect(call, &KeychainCall::finished, this,
            [destinationName, done](int error, const QString& text, const QByteArray&) {
                const auto code = QKeychain::Error(error);
                done(code == QKeychain::NoError
                         ? Error()
                         : keychainError(
                               code, text,
                               QStringLiteral("store the secret of \"%1\"").arg(destinationName)));
            });
    call->start();
}

void CredentialStore::remove(const QString& destinationName, DoneCallback done)
{
    auto* call = new KeychainCall([key = keyFor(destinationName)]() -> QKeychain::Job* {
        auto* job = new QKeychain::DeletePasswordJob(serviceName());
        job->setInsecureFallback(false);
        job->setKey(key);
        return job;
    });
    connect(call, &KeychainCall::finished, this,
            [destinationName, done](int error, const QString& text, const QByteArray&) {
                const auto code = QKeychain::Error(error);
                const bool ok = code == QKeychain::NoError || code == QKeychain::EntryNotFound;
                done(ok ? Error()
                        : keychainError(
                              code, text,
                              QStringLiteral("forget the secret of \"%1\"").arg(destinationName)));
            });
    call->start();
}

} // namespace ks
