#pragma once

#include "Destination.h"
#include "catalog/DestinationStore.h"

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace ks {

struct DestinationContext
{
    QNetworkAccessManager* network = nullptr;
    QString tempDir;
    // The destination's secret from the keychain (may be empty).
    std::function<QString(const DestinationRecord&)> secret;
};

// Makes the Destination for a record, by URL scheme. Adding a protocol touches only this file
// and the protocol's own class, never the engine.
std::unique_ptr<Destination> createDestination(const DestinationRecord& record,
                                               const DestinationContext& context, Error* error);

// Checks and normalises a destination URL as typed by a user: local:///abs/path (or a plain
// absolute path), webdav(s)://..., http(s)://...?type=webdav, s3://bucket/prefix?endpoint=...
bool validateDestinationUrl(const QString& url, QString* normalized, Error* error);

// Whether the destination needs a password, key or token (from the keychain or for this run):
// a network destination with a user name (or S3 access key id) in its URL.
bool destinationNeedsSecret(const QString& url);

// Whether KEEPSAKE_SECRET_<NAME> gives the destination's secret for this run only; it wins over
// the keychain, so a machine without a keychain service can still back up.
bool hasSecretForThisRun(const QString& destinationName);
QString secretForThisRun(const QString& destinationName);

// Whether the network policies (offline, metered, captive portal) apply to this destination.
bool destinationNeedsNetwork(const QString& url);

} // namespace ks
