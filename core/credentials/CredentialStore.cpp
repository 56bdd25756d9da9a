#include "CredentialStore.h"

#include <QDir>
#include <qt6keychain/keychain.h>

namespace ks {

namespace {
// A keychain that cannot be reached is not the user's fault, and there is a way around it.
Error keychainError(const QKeychain::Job& job, const QString& what)
{
    if (job.error() == QKeychain::NoBackendAvailable)
        return Error::permanent(
            QStringLiteral("No keychain service answered (%1), so Keepsake cannot %2. Unlock or "
                           "start your keyring, or give the secret for one run only in the "
                           "environment variable KEEPSAKE_SECRET_<DESTINATION NAME>")
                .arg(job.errorString(), what));
    if (job.error() == QKeychain::AccessDeniedByUser || job.error() == QKeychain::AccessDenied)
        return Error::permanent(
            QStringLiteral("The keychain refused access, so Keepsake cannot %1: %2")
                .arg(what, job.errorString()));
    // Permanent: it takes the user (start or unlock the keyring, or give the secret for the run);
    // a new secret retries the failures anyway.
    return Error::permanent(QStringLiteral("The keychain failed, so Keepsake cannot %1: %2. Give "
                                           "the secret for one run only in the environment "
                                           "variable KEEPSAKE_SECRET_<DESTINATION NAME>")
                                .arg(what, job.errorString()));
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
    auto* job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(keyFor(destinationName));
    connect(job, &QKeychain::Job::finished, this, [destinationName, done](QKeychain::Job* j) {
        auto* rj = static_cast<QKeychain::ReadPasswordJob*>(j);
        if (rj->error() == QKeychain::NoError)
            done(rj->textData(), Error());
        else if (rj->error() == QKeychain::EntryNotFound)
            done(QString(), Error());
        else
            done(QString(),
                 keychainError(*rj,
                               QStringLiteral("read the secret of \"%1\"").arg(destinationName)));
    });
    job->start();
}

void CredentialStore::write(const QString& destinationName, const QString& secret,
                            DoneCallback done)
{
    auto* job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(keyFor(destinationName));
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [destinationName, done](QKeychain::Job* j) {
        done(j->error() == QKeychain::NoError
                 ? Error()
                 : keychainError(
                       *j, QStringLiteral("store the secret of \"%1\"").arg(destinationName)));
    });
    job->start();
}

void CredentialStore::remove(const QString& destinationName, DoneCallback done)
{
    auto* job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(keyFor(destinationName));
    connect(job, &QKeychain::Job::finished, this, [destinationName, done](QKeychain::Job* j) {
        const bool ok = j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound;
        done(ok ? Error()
                : keychainError(
                      *j, QStringLiteral("forget the secret of \"%1\"").arg(destinationName)));
    });
    job->start();
}

} // namespace ks
