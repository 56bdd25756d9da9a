#pragma once

#include "catalog/DestinationStore.h"
#include "common/Error.h"
#include "upload/TrustHandler.h"

#include <QSet>
#include <QSqlDatabase>
#include <functional>

namespace ks {

// What happens around a refused certificate, without widgets: ask the TrustHandler (a dialog in
// the app, a preset answer in tests) and, on yes, pin that certificate for the destination and
// give its failures another try, as `keepsake-cli destination trust` does.
class TrustAsker
{
public:
    // `db` is null while there is no catalog yet (first run: nothing to pin until the destination
    // is saved). `reload` tells a running engine to re-read the catalog (may be empty).
    TrustAsker(QSqlDatabase* db, TrustHandler& handler, std::function<void()> reload = {});

    // Asks about the certificate `error` names, if it names one. Returns the fingerprint the user
    // trusted (stored as the destination's pin when the destination is in the catalog; a
    // destination still being set up keeps it until it is saved), else an empty string.
    QString offer(const DestinationRecord& destination, const Error& error);

    // After a failed backup: asks once per refused certificate found among the failures. A
    // certificate the user declined is not asked about again in this session.
    void offerForFailures();

    bool pin(const DestinationRecord& destination, const QString& sha256Hex, Error* error);
    bool forget(const DestinationRecord& destination, Error* error);

private:
    QSqlDatabase* m_db;
    TrustHandler& m_handler;
    std::function<void()> m_reload;
    QSet<QString> m_asked; // "destination\nfingerprint"
    bool m_asking = false; // a modal dialog runs its own loop; one question at a time
};

} // namespace ks
