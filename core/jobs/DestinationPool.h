#pragma once

#include "catalog/DestinationStore.h"
#include "common/Error.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QSqlDatabase>
#include <memory>

class QNetworkAccessManager;

namespace ks {

class BandwidthLimiter;
class CredentialStore;
class Destination;

// The engine's destinations: one Destination per catalog record, made on first use with its
// secret (read from the keychain ahead of time, asynchronously) and the shared bandwidth
// limiter, and made again when its record changes: URL, pinned certificate, or the stamp that
// `destination password` leaves when it replaces the secret. Lives on the engine thread, which
// also owns the one QNetworkAccessManager all network destinations share.
class DestinationPool : public QObject
{
    Q_OBJECT
public:
    DestinationPool(QSqlDatabase& db, const QString& profileDir, BandwidthLimiter* limiter,
                    QObject* parent = nullptr);
    ~DestinationPool() override;

    // Re-reads the records. Returns the destinations whose record changed since the last call
    // (their failures deserve another try); starts reading their secrets.
    QList<qint64> refresh();
    // Null when it cannot be used now; error() says why.
    Destination* get(qint64 destinationId);
    Error error(qint64 destinationId) const { return m_errors.value(destinationId); }
    // Waiting for the keychain: work for it waits too.
    bool isLoading(qint64 destinationId) const { return m_loading.contains(destinationId); }
    bool anyLoading() const { return !m_loading.isEmpty(); }
    void clear();
    // Tells every destination that the engine's pass ended (Destination::passEnded).
    void passEnded();

Q_SIGNALS:
    // A secret arrived (or could not be read): what waited for it may run now.
    void secretRead(qint64 destinationId);

private:
    void readSecret(const DestinationRecord& destination);
    void retire(qint64 destinationId);

    QSqlDatabase& m_db;
    BandwidthLimiter* m_limiter;
    std::unique_ptr<CredentialStore> m_credentials;
    // One network manager per pinned certificate ("" for none): a kept-alive TLS connection
    // accepted for one destination's pin is never reused by a destination without that pin
    // (same host and port, so the same connection pool otherwise).
    QHash<QString, QNetworkAccessManager*> m_networks;
    QHash<qint64, std::shared_ptr<Destination>> m_destinations;
    // Replaced ones stay until the pool is cleared: their running transfers finish or are
    // cancelled by the engine, and they report to live objects either way.
    QList<std::shared_ptr<Destination>> m_retired;
    QHash<qint64, QString> m_fingerprints; // what each record looked like at the last refresh
    QHash<qint64, QString> m_secrets;
    QSet<qint64> m_loading;
    QHash<qint64, Error> m_errors;
};

} // namespace ks
