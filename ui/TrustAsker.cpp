#include "TrustAsker.h"

#include "catalog/JobStore.h"
#include "common/Clock.h"

namespace ks {

TrustAsker::TrustAsker(QSqlDatabase* db, TrustHandler& handler, std::function<void()> reload)
    : m_db(db), m_handler(handler), m_reload(std::move(reload))
{
}

QString TrustAsker::offer(const DestinationRecord& destination, const Error& error)
{
    const QString seen = untrustedFingerprintIn(error.message);
    if (seen.isEmpty() || m_asking)
        return {};
    m_asked.insert(destination.name + QLatin1Char('\n') + seen);
    m_asking = true;
    const bool yes = m_handler.trust({destination.name, destinationHost(destination.url), seen});
    m_asking = false;
    if (!yes)
        return {};
    if (destination.id > 0 && m_db) {
        Error pinError;
        if (!pin(destination, seen, &pinError))
            return {};
    }
    return seen;
}

void TrustAsker::offerForFailures()
{
    if (m_asking || !m_db)
        return;
    DestinationStore destinations(*m_db);
    for (const JobRow& job : JobStore(*m_db).failures(200)) {
        const QString seen = untrustedFingerprintIn(job.errorMessage);
        if (seen.isEmpty() || m_asked.contains(job.destinationName + QLatin1Char('\n') + seen))
            continue;
        const auto record = destinations.byId(job.destinationId);
        // A pin set meanwhile (by the CLI, or an earlier answer) has its retry on the way.
        if (record && record->pinnedCertSha256 != seen)
            offer(*record, Error::permanent(job.errorMessage));
    }
}

bool TrustAsker::pin(const DestinationRecord& destination, const QString& sha256Hex, Error* error)
{
    if (!m_db) {
        *error = Error::permanent(QStringLiteral("No catalog to keep the certificate in"));
        return false;
    }
    if (!DestinationStore(*m_db).setPinnedCertificate(destination.name, sha256Hex, error))
        return false;
    JobStore(*m_db).retryDestination(destination.id, systemClock().nowMs());
    if (m_reload)
        m_reload();
    return true;
}

bool TrustAsker::forget(const DestinationRecord& destination, Error* error)
{
    return pin(destination, QString(), error);
}

} // namespace ks
