#include "DestinationPool.h"

#include "credentials/CredentialStore.h"
#include "upload/Destination.h"
#include "upload/DestinationFactory.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace ks {

DestinationPool::DestinationPool(QSqlDatabase& db, const QString& profileDir,
                                 BandwidthLimiter* limiter, QObject* parent)
    : QObject(parent), m_db(db), m_limiter(limiter),
      m_credentials(std::make_unique<CredentialStore>(profileDir))
{
}

DestinationPool::~DestinationPool() = default;

QList<qint64> DestinationPool::refresh()
{
    QHash<qint64, QString> now;
    const QList<DestinationRecord> records = DestinationStore(m_db).list();
    for (const DestinationRecord& d : records)
        now.insert(d.id, d.url + QLatin1Char('\n') + d.pinnedCertSha256 + QLatin1Char('\n') +
                             QString::fromUtf8(QJsonDocument(d.options).toJson()));
    if (now == m_fingerprints)
        return {};
    QList<qint64> changed;
    for (const DestinationRecord& d : records) {
        const bool known = m_fingerprints.contains(d.id);
        if (known && m_fingerprints.value(d.id) == now.value(d.id))
            continue;
        if (known)
            changed.append(d.id);
        retire(d.id);
        m_errors.remove(d.id);
        if (destinationNeedsSecret(d.url))
            readSecret(d);
    }
    for (auto it = m_fingerprints.cbegin(); it != m_fingerprints.cend(); ++it) {
        if (!now.contains(it.key()))
            retire(it.key()); // removed from the catalog
    }
    m_fingerprints = now;
    // A kept-alive TLS connection must not outlive the trust it was accepted with (a pin the
    // user just forgot), nor a password just replaced.
    for (QNetworkAccessManager* network : std::as_const(m_networks))
        network->clearConnectionCache();
    return changed;
}

void DestinationPool::readSecret(const DestinationRecord& destination)
{
    const qint64 id = destination.id;
    m_loading.insert(id);
    m_credentials->read(destination.name, [this, id](const QString& secret, const Error& error) {
        m_loading.remove(id);
        m_secrets.insert(id, secret);
        if (error)
            m_errors.insert(id, error);
        retire(id); // made again with the secret on next use
        Q_EMIT secretRead(id);
    });
}

Destination* DestinationPool::get(qint64 destinationId)
{
    if (auto it = m_destinations.constFind(destinationId); it != m_destinations.constEnd())
        return it->get();
    const auto record = DestinationStore(m_db).byId(destinationId);
    if (!record || m_loading.contains(destinationId))
        return nullptr;
    // Without a keychain the destination still works when its secret came for this run only.
    if (m_errors.contains(destinationId) && !hasSecretForThisRun(record->name))
        return nullptr;
    QNetworkAccessManager*& network = m_networks[record->pinnedCertSha256];
    if (!network)
        network = new QNetworkAccessManager(this);
    DestinationContext context;
    context.network = network;
    context.secret = [this](const DestinationRecord& r) { return m_secrets.value(r.id); };
    Error error;
    std::unique_ptr<Destination> d = createDestination(*record, context, &error);
    if (!d) {
        m_errors.insert(destinationId, error);
        return nullptr;
    }
    d->setBandwidthLimiter(m_limiter);
    Destination* raw = d.get();
    m_destinations.insert(destinationId, std::shared_ptr<Destination>(std::move(d)));
    return raw;
}

void DestinationPool::retire(qint64 destinationId)
{
    if (auto d = m_destinations.take(destinationId))
        m_retired.append(d);
}

void DestinationPool::passEnded()
{
    for (const std::shared_ptr<Destination>& destination : std::as_const(m_destinations))
        destination->passEnded();
}

void DestinationPool::clear()
{
    m_destinations.clear();
    m_retired.clear();
}

} // namespace ks
