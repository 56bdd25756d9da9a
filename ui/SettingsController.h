#pragma once

#include "LibraryCounter.h"
#include "catalog/DestinationStore.h"
#include "catalog/SourceStore.h"
#include "common/Error.h"
#include "credentials/CredentialStore.h"
#include "policy/PolicySettings.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QSqlDatabase>
#include <functional>
#include <memory>

namespace ks {

class ConsentAsker;
class Destination;
class TrustAsker;

// What the destination form holds, one set of fields per kind of destination. Secrets are not
// part of it: they go to the keychain, never into a URL.
struct DestinationFields
{
    enum class Kind { Local, WebDav, S3 };
    Kind kind = Kind::Local;
    QString folder;        // local or NAS folder (mounted)
    QString webDavUrl;     // https://nas.example/remote.php/dav/files/me
    QString user;          // WebDAV user name
    QString endpoint;      // S3: https://host:port
    QString region;        // S3, e.g. us-east-1
    QString bucket;        // S3
    QString prefix;        // S3 folder inside the bucket, may be empty
    bool pathStyle = true; // S3: path style (most self-hosted servers) or virtual-host style
    QString accessKeyId;   // S3
};

// The destination URL the catalog keeps for these fields, before validateDestinationUrl():
// a plain path, webdav(s)://user@host/path, or
// s3://ACCESSKEY@bucket/prefix?endpoint=https://host:port&region=...&style=path|virtual
QString destinationUrlFor(const DestinationFields& fields);
// The fields of a stored destination URL, to show it in the form.
DestinationFields destinationFieldsFor(const QString& url);
// "Folder /mnt/backup", "WebDAV https://nas/dav (alice)", "S3 bucket photos at https://host".
QString describeDestinationUrl(const QString& url);
// Whether a name fits the catalog and the CLI (letters, digits, '.', '_', '-'); else the reason.
QString destinationNameProblem(const QString& name);

// Runs a destination's test() on this thread's event loop, so the UI never waits on the network.
// A certificate the system does not trust is offered to the TrustAsker; when the user trusts it,
// the test runs again with the pin. Only one test runs at a time; a new one replaces it.
class ConnectionTester : public QObject
{
    Q_OBJECT
public:
    ConnectionTester(const QString& profileDir, TrustAsker* trust, QObject* parent = nullptr);
    ~ConnectionTester() override;

    // Tests with this secret (as just typed). `record.id` is 0 for a destination not saved yet.
    void start(const DestinationRecord& record, const QString& secret);
    // Tests with the secret stored in the keychain.
    void startWithStoredSecret(const DestinationRecord& record);
    bool isRunning() const { return m_running; }
    // The fingerprint the user trusted during the last test (for a destination not saved yet).
    QString trustedFingerprint() const { return m_trusted; }
    void setTrustedFingerprint(const QString& sha256Hex) { m_trusted = sha256Hex; }

Q_SIGNALS:
    void started();
    // `message` says in plain words what worked or what failed.
    void finished(bool ok, const QString& message);

private:
    void run();
    void onResult(const Error& error, const QString& description);

    CredentialStore m_credentials;
    TrustAsker* m_trust;
    // New for every run: a kept-alive connection would skip the certificate check, and a pin
    // the user just removed must not keep working through it.
    QNetworkAccessManager* m_network = nullptr;
    std::unique_ptr<Destination> m_destination;
    DestinationRecord m_record;
    QString m_secret;
    QString m_trusted;
    quint64 m_generation = 0; // results of a replaced test are dropped
    bool m_running = false;
};

struct AdvancedSettings
{
    int maxTransfers = 4;
    QString remoteTemplate;
    bool notifications = true; // desktop notices: backup complete, new failures
};

// The Settings window's decisions, without widgets: every write goes through a core store, secrets
// only to the keychain, consents through the ConsentAsker, and afterwards the running engine is
// told to re-read the catalog (`reload`).
class SettingsController : public QObject
{
    Q_OBJECT
public:
    SettingsController(QSqlDatabase& db, const QString& profileDir, ConsentAsker& consents,
                       TrustAsker& trust, std::function<void()> reload, QObject* parent = nullptr);

    QSqlDatabase& db() { return m_db; }
    const QString& profileDir() const { return m_profileDir; }
    TrustAsker& trust() { return m_trust; }

    // Sources. Adding counts the folder (on the pool), asks the read consent with the numbers and
    // adds the folder only on yes; the outcome comes through sourcesChanged() and message().
    QList<Source> sources();
    void addSource(const QString& folder);
    bool removeSource(const QString& path, Error* error);

    // Destinations. The catalog part happens at once; the secret goes to the keychain
    // asynchronously and secretStored() reports it. Adding also asks the upload consent.
    QList<DestinationRecord> destinations();
    bool addDestination(const QString& name, const QString& url, const QString& secret,
                        const QString& pinnedSha256, Error* error);
    void setSecret(const QString& name, const QString& secret);
    bool removeDestination(const QString& name, Error* error);
    bool forgetCertificate(const QString& name, Error* error);

    // Policies: the metered-network choice is the metered-network consent (asked on yes).
    PolicySettings policies();
    bool savePolicies(const PolicySettings& wanted, Error* error);

    AdvancedSettings advanced();
    // Refuses an invalid remote path template with the reason.
    bool saveAdvanced(const AdvancedSettings& wanted, Error* error);

Q_SIGNALS:
    void sourcesChanged();
    void destinationsChanged();
    void secretStored(const QString& destinationName, const ks::Error& error);
    void message(const QString& text);

private:
    void askUploadConsent(const QString& name, const QString& url);
    void countFolders(QStringList folders, LibraryCount sum,
                      std::function<void(const LibraryCount&)> done);
    void changed();

    QSqlDatabase& m_db;
    QString m_profileDir;
    ConsentAsker& m_consents;
    TrustAsker& m_trust;
    std::function<void()> m_reload;
    CredentialStore m_credentials;
};

} // namespace ks
