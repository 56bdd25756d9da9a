#include "SettingsController.h"

#include "ConsentAsker.h"
#include "TrustAsker.h"
#include "catalog/ConsentStore.h"
#include "catalog/JobStore.h"
#include "catalog/SettingKeys.h"
#include "catalog/SettingsStore.h"
#include "common/Clock.h"
#include "jobs/RemotePathTemplate.h"
#include "policy/ConsentScope.h"
#include "upload/Destination.h"
#include "upload/DestinationFactory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFuture>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace ks {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ks", text); // the context lupdate gives free functions here
}

bool isWebDavScheme(const QString& scheme)
{
    return scheme == QLatin1String("webdav") || scheme == QLatin1String("webdavs") ||
           scheme == QLatin1String("http") || scheme == QLatin1String("https");
}
} // namespace

QString destinationUrlFor(const DestinationFields& f)
{
    switch (f.kind) {
    case DestinationFields::Kind::Local:
        return f.folder.trimmed();
    case DestinationFields::Kind::WebDav: {
        const QString typed = f.webDavUrl.trimmed();
        QUrl url = QUrl::fromUserInput(typed);
        // Keepsake's own schemes say "WebDAV" without a query parameter.
        if (url.scheme() == QLatin1String("https"))
            url.setScheme(QStringLiteral("webdavs"));
        else if (url.scheme() == QLatin1String("http"))
            url.setScheme(QStringLiteral("webdav"));
        if (!f.user.trimmed().isEmpty())
            url.setUserName(f.user.trimmed());
        if (typed.isEmpty())
            return QString();
        return url.toString(QUrl::FullyEncoded);
    }
    case DestinationFields::Kind::S3: {
        QUrl url;
        url.setScheme(QStringLiteral("s3"));
        url.setUserName(f.accessKeyId.trimmed());
        url.setHost(f.bucket.trimmed());
        QString prefix = f.prefix.trimmed();
        while (prefix.startsWith(QLatin1Char('/')))
            prefix.remove(0, 1);
        url.setPath(prefix.isEmpty() ? QString() : QLatin1Char('/') + prefix);
        QUrlQuery query;
        QString endpoint = f.endpoint.trimmed();
        if (!endpoint.isEmpty() && !endpoint.contains(QStringLiteral("://")))
            endpoint.prepend(QStringLiteral("https://"));
        if (!endpoint.isEmpty())
            query.addQueryItem(QStringLiteral("endpoint"),
                               QString::fromLatin1(QUrl::toPercentEncoding(endpoint, ":/")));
        if (!f.region.trimmed().isEmpty())
            query.addQueryItem(QStringLiteral("region"),
                               QString::fromLatin1(QUrl::toPercentEncoding(f.region.trimmed())));
        query.addQueryItem(QStringLiteral("style"),
                           f.pathStyle ? QStringLiteral("path") : QStringLiteral("virtual"));
        url.setQuery(query);
        return url.toString(QUrl::FullyEncoded);
    }
    }
    return QString();
}

DestinationFields destinationFieldsFor(const QString& text)
{
    DestinationFields f;
    const QUrl url(text);
    if (url.scheme() == QLatin1String("s3")) {
        const QUrlQuery query(url);
        f.kind = DestinationFields::Kind::S3;
        f.accessKeyId = url.userName();
        f.bucket = url.host();
        f.prefix = url.path().mid(1);
        f.endpoint = query.queryItemValue(QStringLiteral("endpoint"), QUrl::FullyDecoded);
        f.region = query.queryItemValue(QStringLiteral("region"), QUrl::FullyDecoded);
        f.pathStyle = query.queryItemValue(QStringLiteral("style")) != QLatin1String("virtual");
        return f;
    }
    if (isWebDavScheme(url.scheme())) {
        f.kind = DestinationFields::Kind::WebDav;
        f.user = url.userName();
        QUrl http = url.adjusted(QUrl::RemoveUserInfo);
        if (url.scheme() == QLatin1String("webdavs"))
            http.setScheme(QStringLiteral("https"));
        else if (url.scheme() == QLatin1String("webdav"))
            http.setScheme(QStringLiteral("http"));
        f.webDavUrl = http.toString();
        return f;
    }
    f.folder = url.scheme() == QLatin1String("local") ? url.path() : text;
    return f;
}

QString describeDestinationUrl(const QString& url)
{
    const DestinationFields f = destinationFieldsFor(url);
    switch (f.kind) {
    case DestinationFields::Kind::Local:
        return tr("Folder %1").arg(f.folder);
    case DestinationFields::Kind::WebDav:
        return f.user.isEmpty() ? tr("WebDAV %1").arg(f.webDavUrl)
                                : tr("WebDAV %1 (%2)").arg(f.webDavUrl, f.user);
    case DestinationFields::Kind::S3:
        return tr("S3 bucket %1 at %2").arg(f.bucket, f.endpoint);
    }
    return url;
}

QString destinationNameProblem(const QString& name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (valid.match(name).hasMatch())
        return QString();
    return tr("A destination name is 1 to 64 letters, digits, '.', '_' or '-', starting with a "
              "letter or digit.");
}

// ---------------------------------------------------------------------------------------------

ConnectionTester::ConnectionTester(const QString& profileDir, TrustAsker* trust, QObject* parent)
    : QObject(parent), m_credentials(profileDir), m_trust(trust)
{
}

ConnectionTester::~ConnectionTester() = default;

void ConnectionTester::start(const DestinationRecord& record, const QString& secret)
{
    m_record = record;
    if (!m_trusted.isEmpty() && m_record.pinnedCertSha256.isEmpty())
        m_record.pinnedCertSha256 = m_trusted;
    m_secret = secret;
    ++m_generation;
    m_running = true;
    Q_EMIT started();
    run();
}

void ConnectionTester::startWithStoredSecret(const DestinationRecord& record)
{
    m_record = record;
    const quint64 generation = ++m_generation;
    m_running = true;
    Q_EMIT started();
    if (!destinationNeedsSecret(record.url)) {
        m_secret.clear();
        run();
        return;
    }
    m_credentials.read(record.name, [this, generation](const QString& secret, const Error& error) {
        if (generation != m_generation)
            return;
        if (error && !hasSecretForThisRun(m_record.name)) {
            onResult(error, QString());
            return;
        }
        m_secret = secret;
        run();
    });
}

void ConnectionTester::run()
{
    if (m_destination)
        m_destination.release()->deleteLater(); // its reply may be the one reporting right now
    if (m_network)
        m_network->deleteLater();
    m_network = new QNetworkAccessManager(this);
    DestinationContext context;
    context.network = m_network;
    context.tempDir = QDir::tempPath();
    context.secret = [secret = m_secret](const DestinationRecord&) { return secret; };
    Error error;
    m_destination = createDestination(m_record, context, &error);
    if (!m_destination) {
        onResult(error, QString());
        return;
    }
    const quint64 generation = m_generation;
    DestinationReply* reply = m_destination->test();
    connect(reply, &DestinationReply::finished, this, [this, reply, generation] {
        if (generation != m_generation)
            return;
        const Error error = reply->result().error;
        const QString description = m_destination ? m_destination->describe() : QString();
        // Asking may open a modal dialog: do it after this signal has been delivered.
        QMetaObject::invokeMethod(
            this,
            [this, error, description, generation] {
                if (generation == m_generation)
                    onResult(error, description);
            },
            Qt::QueuedConnection);
    });
}

void ConnectionTester::onResult(const Error& error, const QString& description)
{
    if (!error) {
        m_running = false;
        Q_EMIT finished(
            true, tr("Connected: Keepsake can sign in and write there (%1).").arg(description));
        return;
    }
    const QString seen = untrustedFingerprintIn(error.message);
    if (!seen.isEmpty()) {
        const QString trusted = m_trust ? m_trust->offer(m_record, error) : QString();
        if (!trusted.isEmpty()) {
            m_trusted = trusted;
            m_record.pinnedCertSha256 = trusted;
            ++m_generation;
            run(); // again, now with the pin
            return;
        }
        m_running = false;
        Q_EMIT finished(false, tr("Not connected: the server's certificate is not trusted, so "
                                  "Keepsake sends nothing there. Its SHA-256 fingerprint is %1.")
                                   .arg(TrustRequest{{}, {}, seen}.displayFingerprint()));
        return;
    }
    m_running = false;
    Q_EMIT finished(false, tr("Not connected: %1").arg(error.message));
}

// ---------------------------------------------------------------------------------------------

SettingsController::SettingsController(QSqlDatabase& db, const QString& profileDir,
                                       ConsentAsker& consents, TrustAsker& trust,
                                       std::function<void()> reload, QObject* parent)
    : QObject(parent), m_db(db), m_profileDir(profileDir), m_consents(consents), m_trust(trust),
      m_reload(std::move(reload)), m_credentials(profileDir)
{
}

void SettingsController::changed()
{
    if (m_reload)
        m_reload();
}

QList<Source> SettingsController::sources()
{
    return SourceStore(m_db).list();
}

void SettingsController::countFolders(QStringList folders, LibraryCount sum,
                                      std::function<void(const LibraryCount&)> done)
{
    if (folders.isEmpty()) {
        done(sum);
        return;
    }
    const QString folder = folders.takeFirst();
    countLibrary(folder).then(this, [this, folders, sum, done](const LibraryCount& c) {
        LibraryCount total = sum;
        total.photos += c.photos;
        total.videos += c.videos;
        total.bytes += c.bytes;
        countFolders(folders, total, done);
    });
}

void SettingsController::addSource(const QString& folder)
{
    const QString path = QDir::cleanPath(QDir(folder).absolutePath());
    if (!QDir(path).exists()) {
        Q_EMIT message(tr("%1 is not a folder.").arg(path));
        return;
    }
    Q_EMIT message(tr("Counting the photos and videos in %1…").arg(path));
    countFolders({path}, {}, [this, path](const LibraryCount& c) {
        const qint64 now = systemClock().nowMs();
        if (!m_consents.ask(readSourceRequest(path, c.photos, c.videos, c.bytes))) {
            Q_EMIT message(tr("%1 was not added: Keepsake may not read it.").arg(path));
            return;
        }
        Error error;
        if (!SourceStore(m_db).add(path, now, &error) ||
            !ConsentStore(m_db).grant(consent::readSource, path, QStringLiteral("dialog"), now,
                                      &error)) {
            Q_EMIT message(error.message);
            return;
        }
        changed();
        Q_EMIT sourcesChanged();
        Q_EMIT message(tr("Added %1.").arg(path));
    });
}

bool SettingsController::removeSource(const QString& path, Error* error)
{
    if (!SourceStore(m_db).remove(path, error))
        return false;
    // The consent goes with the folder: adding it again asks again.
    Error ignored;
    ConsentStore(m_db).revoke(consent::readSource, path, systemClock().nowMs(), &ignored);
    changed();
    Q_EMIT sourcesChanged();
    return true;
}

QList<DestinationRecord> SettingsController::destinations()
{
    return DestinationStore(m_db).list();
}

bool SettingsController::addDestination(const QString& name, const QString& typedUrl,
                                        const QString& secret, const QString& pinnedSha256,
                                        Error* error)
{
    if (const QString problem = destinationNameProblem(name); !problem.isEmpty()) {
        *error = Error::permanent(problem);
        return false;
    }
    QString url;
    if (!validateDestinationUrl(typedUrl, &url, error))
        return false;
    DestinationStore store(m_db);
    if (store.byName(name)) {
        *error = Error::permanent(tr("There is already a destination named \"%1\".").arg(name));
        return false;
    }
    if (!store.add(name, url, {}, systemClock().nowMs(), error))
        return false;
    if (!pinnedSha256.isEmpty())
        store.setPinnedCertificate(name, pinnedSha256, error);
    if (url.startsWith(QLatin1String("local://")))
        QDir().mkpath(QUrl(url).path());
    if (!secret.isEmpty())
        setSecret(name, secret);
    askUploadConsent(name, url);
    changed();
    Q_EMIT destinationsChanged();
    return true;
}

void SettingsController::askUploadConsent(const QString& name, const QString& url)
{
    QStringList folders;
    for (const Source& s : sources())
        folders << s.path;
    countFolders(folders, {}, [this, name, url](const LibraryCount& c) {
        if (!m_consents.ask(
                uploadRequest(name, describeDestinationUrl(url), c.photos, c.videos, c.bytes)))
            return;
        Error error;
        if (ConsentStore(m_db).grant(consent::upload, name, QStringLiteral("dialog"),
                                     systemClock().nowMs(), &error))
            changed();
        else
            Q_EMIT message(error.message);
    });
}

void SettingsController::setSecret(const QString& name, const QString& secret)
{
    m_credentials.write(name, secret, [this, name](const Error& error) {
        if (!error) {
            // A stamp in the options makes a running engine read the secret again (the CLI does
            // the same), and the failures the old secret caused get another try.
            DestinationStore store(m_db);
            if (auto d = store.byName(name)) {
                QJsonObject options = d->options;
                options.insert(QStringLiteral("secretChangedMs"), double(systemClock().nowMs()));
                Error ignored;
                store.setOptions(name, options, &ignored);
                JobStore(m_db).retryDestination(d->id, systemClock().nowMs());
            }
            changed();
        }
        Q_EMIT secretStored(name, error);
    });
}

bool SettingsController::removeDestination(const QString& name, Error* error)
{
    const auto record = DestinationStore(m_db).byName(name);
    if (!DestinationStore(m_db).remove(name, error))
        return false;
    if (record && destinationNeedsSecret(record->url))
        m_credentials.remove(name, [this](const Error& e) {
            if (e)
                Q_EMIT message(e.message);
        });
    changed();
    Q_EMIT destinationsChanged();
    return true;
}

bool SettingsController::forgetCertificate(const QString& name, Error* error)
{
    const auto record = DestinationStore(m_db).byName(name);
    if (!record) {
        *error = Error::permanent(tr("There is no destination named \"%1\".").arg(name));
        return false;
    }
    if (!m_trust.forget(*record, error))
        return false;
    Q_EMIT destinationsChanged();
    return true;
}

PolicySettings SettingsController::policies()
{
    return PolicySettings::load(m_db);
}

bool SettingsController::savePolicies(const PolicySettings& wanted, Error* error)
{
    const qint64 now = systemClock().nowMs();
    ConsentStore consents(m_db);
    const bool granted = consents.isGranted(consent::meteredNetwork, QString());
    if (wanted.meteredConsent && !granted && m_consents.ask(meteredRequest()) &&
        !consents.grant(consent::meteredNetwork, QString(), QStringLiteral("dialog"), now, error))
        return false;
    if (!wanted.meteredConsent && granted &&
        !consents.revoke(consent::meteredNetwork, QString(), now, error))
        return false;
    // The same keys and formats PolicySettings::load reads.
    SettingsStore settings(m_db);
    const bool window = wanted.windowStart.isValid() && wanted.windowEnd.isValid();
    const QString hhmm = QStringLiteral("HH:mm");
    const bool ok =
        settings.setValue(settingkeys::allowOnBattery,
                          wanted.allowOnBattery ? QStringLiteral("1") : QStringLiteral("0")) &&
        settings.setValue(settingkeys::minBatteryPercent,
                          QString::number(std::clamp(wanted.minBatteryPercent, 0, 100))) &&
        settings.setValue(settingkeys::scheduleStart,
                          window ? wanted.windowStart.toString(hhmm) : QString()) &&
        settings.setValue(settingkeys::scheduleEnd,
                          window ? wanted.windowEnd.toString(hhmm) : QString()) &&
        settings.setValue(settingkeys::bandwidthLimitKBps,
                          QString::number(std::max<qint64>(0, wanted.bandwidthBytesPerSec / 1024)));
    changed();
    if (!ok)
        *error = Error::permanent(tr("The settings could not be saved in the catalog."));
    return ok;
}

AdvancedSettings SettingsController::advanced()
{
    SettingsStore settings(m_db);
    AdvancedSettings a;
    a.maxTransfers =
        int(std::clamp<qint64>(settings.intValue(settingkeys::maxTransfers, 4), 1, 32));
    a.remoteTemplate =
        settings.value(settingkeys::remoteTemplate, RemotePathTemplate::defaultTemplate());
    a.notifications = settings.value(settingkeys::notifications) != QLatin1String("0");
    return a;
}

bool SettingsController::saveAdvanced(const AdvancedSettings& wanted, Error* error)
{
    const QString pattern = wanted.remoteTemplate.trimmed();
    if (const QString problem = RemotePathTemplate::validate(pattern); !problem.isEmpty()) {
        *error = Error::permanent(
            tr("The folder and file name pattern \"%1\" cannot be used: %2").arg(pattern, problem));
        return false;
    }
    SettingsStore settings(m_db);
    const bool ok =
        settings.setValue(settingkeys::maxTransfers,
                          QString::number(std::clamp(wanted.maxTransfers, 1, 32))) &&
        settings.setValue(settingkeys::remoteTemplate, pattern) &&
        settings.setValue(settingkeys::notifications,
                          wanted.notifications ? QStringLiteral("1") : QStringLiteral("0"));
    changed();
    if (!ok)
        *error = Error::permanent(tr("The settings could not be saved in the catalog."));
    return ok;
}

} // namespace ks
