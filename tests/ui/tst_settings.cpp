// The Settings window and the destination form on the offscreen platform, against a real
// catalog, a real Apache WebDAV (plain and HTTPS with a self-signed certificate) and the real
// keychain (gnome-keyring under dbus-run-session, see scripts/test.sh).
#include "ApacheDav.h"
#include "ConsentAsker.h"
#include "DestinationForm.h"
#include "SettingsController.h"
#include "SettingsDialog.h"
#include "SetupDialog.h"
#include "TestSupport.h"
#include "TrustAsker.h"
#include "catalog/ConsentStore.h"
#include "catalog/Database.h"
#include "catalog/SettingKeys.h"
#include "catalog/SettingsStore.h"
#include "catalog/SourceStore.h"
#include "credentials/CredentialStore.h"
#include "jobs/RemotePathTemplate.h"
#include "policy/ConsentScope.h"
#include "policy/PolicySettings.h"
#include "profile/Profile.h"
#include "upload/DestinationFactory.h"
#include "upload/TrustHandler.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeEdit>

using namespace ks;
using namespace ks::test;

namespace {
const QString kPassword = QStringLiteral("Settings-Keychain-Secret-91c2");

class ScriptedConsent : public ConsentAsker
{
public:
    QMap<QString, bool> answers; // scope -> answer; unlisted scopes: yes
    QList<ConsentRequest> asked;
    bool ask(const ConsentRequest& r) override
    {
        asked << r;
        return answers.value(r.scope, true);
    }
};

// The trust dialog's answer, preset by the test (the KeePassXC way of testing dialogs).
class ScriptedTrust : public TrustHandler
{
public:
    bool answer = false;
    QList<TrustRequest> asked;
    bool trust(const TrustRequest& r) override
    {
        asked << r;
        return answer;
    }
};

bool anyFileContains(const QString& root, const QByteArray& needle)
{
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            return true;
    }
    return false;
}

QString keychainSecret(const QString& profileDir, const QString& name)
{
    CredentialStore store(profileDir);
    bool done = false;
    QString secret;
    store.read(name, [&](const QString& s, const Error&) {
        secret = s;
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 15000))
        return QStringLiteral("(the keychain did not answer)");
    return secret;
}

struct App
{
    QTemporaryDir dir;
    Profile profile;
    Database db;
    ScriptedConsent consent;
    ScriptedTrust trustHandler;
    int reloads = 0;
    std::unique_ptr<TrustAsker> trust;
    std::unique_ptr<SettingsController> controller;
    std::unique_ptr<SettingsDialog> dialog;

    App()
    {
        Error e;
        profile = Profile::open(dir.filePath(QStringLiteral("profile")), &e);
        db.open(profile.catalogPath(), &e);
        trust = std::make_unique<TrustAsker>(&db.db(), trustHandler, [this] { ++reloads; });
        controller = std::make_unique<SettingsController>(db.db(), profile.dir(), consent, *trust,
                                                          [this] { ++reloads; });
        dialog = std::make_unique<SettingsDialog>(*controller);
        dialog->show();
    }

    template <typename T> T* find(const QString& name) const { return dialog->findChild<T*>(name); }
    void click(const QString& name) const
    {
        auto* b = find<QPushButton>(name);
        QVERIFY2(b, qPrintable(name));
        QVERIFY2(b->isEnabled(), qPrintable(name));
        QTest::mouseClick(b, Qt::LeftButton);
    }
    // Opens the Add dialog from the Destinations page and fills in a WebDAV destination.
    DestinationDialog* addWebDav(const QString& name, const QString& url, const QString& password)
    {
        dialog->tabs()->setCurrentIndex(1);
        click(QStringLiteral("addDestination"));
        auto* add = dialog->findChild<DestinationDialog*>();
        if (!add || !add->isVisible())
            return nullptr;
        add->findChild<QLineEdit*>(QStringLiteral("destinationName"))->setText(name);
        add->findChild<QComboBox*>(QStringLiteral("destinationKind"))->setCurrentIndex(1);
        add->findChild<QLineEdit*>(QStringLiteral("webDavUrl"))->setText(url);
        add->findChild<QLineEdit*>(QStringLiteral("webDavUser"))->setText(QStringLiteral("alice"));
        add->findChild<QLineEdit*>(QStringLiteral("webDavPassword"))->setText(password);
        return add;
    }
    void selectDestination(const QString& name) const
    {
        auto* list = find<QListWidget>(QStringLiteral("destinationsList"));
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->data(Qt::UserRole).toString() == name)
                list->setCurrentRow(i);
        }
    }
    QString pin(const QString& name)
    {
        return DestinationStore(db.db())
            .byName(name)
            .value_or(DestinationRecord{})
            .pinnedCertSha256;
    }
};

QString outcome(DestinationDialog* d)
{
    return d->findChild<QLabel*>(QStringLiteral("testOutcome"))->text();
}

void clickIn(QWidget* parent, const QString& name)
{
    QTest::mouseClick(parent->findChild<QPushButton*>(name), Qt::LeftButton);
}
} // namespace

class TestSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(ui); }

    void webDavPasswordGoesOnlyToTheKeychain()
    {
        App app;
        ApacheDav dav(app.dir.filePath(QStringLiteral("apache")), kPassword);
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        const QString url = QStringLiteral("http://127.0.0.1:%1/dav").arg(dav.port());

        DestinationDialog* add = app.addWebDav(QStringLiteral("nas"), url, QStringLiteral("wrong"));
        QVERIFY(add);
        QVERIFY(add->form()->urlProblem().isEmpty());
        clickIn(add, QStringLiteral("testConnection"));
        QTRY_VERIFY_WITH_TIMEOUT(outcome(add).startsWith(QStringLiteral("Not connected")), 20000);
        QVERIFY2(outcome(add).contains(QStringLiteral("refused the user name or password")),
                 qPrintable(outcome(add)));

        add->findChild<QLineEdit*>(QStringLiteral("webDavPassword"))->setText(kPassword);
        clickIn(add, QStringLiteral("testConnection"));
        QTRY_VERIFY_WITH_TIMEOUT(outcome(add).startsWith(QStringLiteral("Connected")), 20000);

        clickIn(add, QStringLiteral("save"));
        QTRY_VERIFY(!add->isVisible());
        const auto record = DestinationStore(app.db.db()).byName(QStringLiteral("nas"));
        QVERIFY(record);
        QVERIFY(!record->url.contains(kPassword));
        QTRY_COMPARE_WITH_TIMEOUT(keychainSecret(app.profile.dir(), QStringLiteral("nas")),
                                  kPassword, 15000);
        QVERIFY(ConsentStore(app.db.db()).isGranted(consent::upload, QStringLiteral("nas")));
        QVERIFY(app.reloads > 0);
        QVERIFY(!anyFileContains(app.profile.dir(), kPassword.toUtf8()));

        // From the list, the test uses the keychain's password.
        app.selectDestination(QStringLiteral("nas"));
        app.click(QStringLiteral("testDestination"));
        auto* listOutcome = app.find<QLabel>(QStringLiteral("destinationTestOutcome"));
        QTRY_VERIFY_WITH_TIMEOUT(listOutcome->text().startsWith(QStringLiteral("Connected")),
                                 20000);

        // Changing the password: the new one replaces the old in the keychain, and the test says
        // the server refuses it.
        app.click(QStringLiteral("editDestination"));
        auto* edit = app.dialog->findChildren<DestinationDialog*>().constLast();
        QVERIFY(edit->isVisible());
        edit->findChild<QLineEdit*>(QStringLiteral("webDavPassword"))
            ->setText(QStringLiteral("changed-and-wrong"));
        clickIn(edit, QStringLiteral("save"));
        QTRY_COMPARE_WITH_TIMEOUT(keychainSecret(app.profile.dir(), QStringLiteral("nas")),
                                  QStringLiteral("changed-and-wrong"), 15000);
        app.click(QStringLiteral("testDestination"));
        QTRY_VERIFY_WITH_TIMEOUT(listOutcome->text().contains(QStringLiteral("refused")), 20000);

        Error e;
        QVERIFY(app.controller->removeDestination(QStringLiteral("nas"), &e));
        QTRY_COMPARE_WITH_TIMEOUT(keychainSecret(app.profile.dir(), QStringLiteral("nas")),
                                  QString(), 15000);
    }

    void untrustedCertificateAsksAndPins()
    {
        App app;
        ApacheDav dav(app.dir.filePath(QStringLiteral("apache")), kPassword);
        dav.enableTls();
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        const QString hex = dav.certificateFingerprint().toLower().remove(QLatin1Char(':'));
        const QString url = QStringLiteral("https://127.0.0.1:%1/dav").arg(dav.port());

        // Refused: nothing is trusted, and the form says why.
        app.trustHandler.answer = false;
        DestinationDialog* add = app.addWebDav(QStringLiteral("nas"), url, kPassword);
        QVERIFY(add);
        clickIn(add, QStringLiteral("testConnection"));
        QTRY_VERIFY_WITH_TIMEOUT(outcome(add).startsWith(QStringLiteral("Not connected")), 20000);
        QVERIFY2(outcome(add).contains(QStringLiteral("not trusted")), qPrintable(outcome(add)));
        QCOMPARE(app.trustHandler.asked.size(), 1);
        QCOMPARE(app.trustHandler.asked.first().sha256Hex, hex);
        QCOMPARE(app.trustHandler.asked.first().host,
                 QStringLiteral("127.0.0.1:%1").arg(dav.port()));
        QCOMPARE(app.trustHandler.asked.first().displayFingerprint(),
                 dav.certificateFingerprint().toUpper());
        clickIn(add, QStringLiteral("save"));
        QTRY_VERIFY(!add->isVisible());
        QCOMPARE(app.pin(QStringLiteral("nas")), QString());

        // The saved destination, tested from the list: refused again, then trusted.
        app.selectDestination(QStringLiteral("nas"));
        auto* listOutcome = app.find<QLabel>(QStringLiteral("destinationTestOutcome"));
        app.click(QStringLiteral("testDestination"));
        QTRY_VERIFY_WITH_TIMEOUT(listOutcome->text().contains(QStringLiteral("not trusted")),
                                 20000);
        QCOMPARE(app.trustHandler.asked.size(), 2);
        QCOMPARE(app.pin(QStringLiteral("nas")), QString());
        QVERIFY(!app.find<QPushButton>(QStringLiteral("forgetCertificate"))->isEnabled());

        app.trustHandler.answer = true;
        const int reloads = app.reloads;
        app.click(QStringLiteral("testDestination"));
        QTRY_VERIFY_WITH_TIMEOUT(listOutcome->text().startsWith(QStringLiteral("Connected")),
                                 20000);
        QCOMPARE(app.trustHandler.asked.size(), 3);
        QCOMPARE(app.pin(QStringLiteral("nas")), hex);
        QVERIFY(app.reloads > reloads);

        // Forgetting the certificate makes the server untrusted again.
        app.click(QStringLiteral("forgetCertificate"));
        QCOMPARE(app.pin(QStringLiteral("nas")), QString());
        app.trustHandler.answer = false;
        app.click(QStringLiteral("testDestination"));
        QTRY_VERIFY_WITH_TIMEOUT(listOutcome->text().contains(QStringLiteral("not trusted")),
                                 20000);

        // Trusted while adding: the pin is saved with the new destination.
        app.trustHandler.answer = true;
        add = app.addWebDav(QStringLiteral("nas2"), url, kPassword);
        QVERIFY(add);
        clickIn(add, QStringLiteral("testConnection"));
        QTRY_VERIFY_WITH_TIMEOUT(outcome(add).startsWith(QStringLiteral("Connected")), 20000);
        clickIn(add, QStringLiteral("save"));
        QTRY_VERIFY(!add->isVisible());
        QCOMPARE(app.pin(QStringLiteral("nas2")), hex);
        Error e;
        QVERIFY(app.controller->removeDestination(QStringLiteral("nas"), &e));
        QVERIFY(app.controller->removeDestination(QStringLiteral("nas2"), &e));
    }

    void policiesAreWhatTheEngineReads()
    {
        App app;
        app.dialog->tabs()->setCurrentIndex(2);
        app.find<QCheckBox>(QStringLiteral("meteredAllowed"))->setChecked(true);
        app.find<QCheckBox>(QStringLiteral("allowOnBattery"))->setChecked(false);
        app.find<QSpinBox>(QStringLiteral("minBatteryPercent"))->setValue(35);
        app.find<QCheckBox>(QStringLiteral("scheduleEnabled"))->setChecked(true);
        app.find<QTimeEdit>(QStringLiteral("scheduleStart"))->setTime(QTime(22, 30));
        app.find<QTimeEdit>(QStringLiteral("scheduleEnd"))->setTime(QTime(6, 15));
        app.find<QSpinBox>(QStringLiteral("bandwidthKBps"))->setValue(512);
        app.click(QStringLiteral("apply"));

        PolicySettings p = PolicySettings::load(app.db.db());
        QVERIFY(p.meteredConsent);
        QCOMPARE(app.consent.asked.size(), 1);
        QCOMPARE(app.consent.asked.first().scope, consent::meteredNetwork);
        QVERIFY(!p.allowOnBattery);
        QCOMPARE(p.minBatteryPercent, 35);
        QCOMPARE(p.windowStart, QTime(22, 30));
        QCOMPARE(p.windowEnd, QTime(6, 15));
        QCOMPARE(p.bandwidthBytesPerSec, 512 * 1024);
        QVERIFY(app.reloads > 0);

        // Turning things off writes "off", and metered networks lose their consent.
        app.find<QCheckBox>(QStringLiteral("meteredAllowed"))->setChecked(false);
        app.find<QCheckBox>(QStringLiteral("allowOnBattery"))->setChecked(true);
        app.find<QCheckBox>(QStringLiteral("scheduleEnabled"))->setChecked(false);
        app.find<QSpinBox>(QStringLiteral("bandwidthKBps"))->setValue(0);
        app.click(QStringLiteral("apply"));
        p = PolicySettings::load(app.db.db());
        QVERIFY(!p.meteredConsent);
        QVERIFY(p.allowOnBattery);
        QVERIFY(!p.windowStart.isValid() && !p.windowEnd.isValid());
        QCOMPARE(p.bandwidthBytesPerSec, 0);

        // A refused metered consent leaves metered networks off, and the box says so.
        app.consent.answers.insert(consent::meteredNetwork, false);
        app.find<QCheckBox>(QStringLiteral("meteredAllowed"))->setChecked(true);
        app.click(QStringLiteral("apply"));
        QVERIFY(!PolicySettings::load(app.db.db()).meteredConsent);
        QVERIFY(!app.find<QCheckBox>(QStringLiteral("meteredAllowed"))->isChecked());

        // A new window shows what is stored.
        SettingsDialog again(*app.controller);
        QCOMPARE(again.findChild<QSpinBox*>(QStringLiteral("minBatteryPercent"))->value(), 35);
    }

    void invalidRemotePathTemplateIsRefused()
    {
        App app;
        app.dialog->tabs()->setCurrentIndex(3);
        app.find<QSpinBox>(QStringLiteral("maxTransfers"))->setValue(2);
        app.find<QLineEdit>(QStringLiteral("remoteTemplate"))
            ->setText(QStringLiteral("{year}/{nope}"));
        QVERIFY(!app.dialog->apply());
        const QString message = app.find<QLabel>(QStringLiteral("settingsMessage"))->text();
        QVERIFY2(message.contains(QStringLiteral("unknown field {nope}")), qPrintable(message));
        SettingsStore settings(app.db.db());
        QCOMPARE(settings.value(settingkeys::remoteTemplate), QString());
        QCOMPARE(settings.value(settingkeys::maxTransfers), QString());

        app.find<QLineEdit>(QStringLiteral("remoteTemplate"))->setText(QStringLiteral("{year}"));
        QVERIFY(!app.dialog->apply());
        QVERIFY(app.find<QLabel>(QStringLiteral("settingsMessage"))
                    ->text()
                    .contains(QStringLiteral("{filename}")));

        app.find<QLineEdit>(QStringLiteral("remoteTemplate"))
            ->setText(QStringLiteral("{source}/{year}/{filename}"));
        app.click(QStringLiteral("ok"));
        QVERIFY(!app.dialog->isVisible());
        QCOMPARE(settings.value(settingkeys::remoteTemplate),
                 QStringLiteral("{source}/{year}/{filename}"));
        QCOMPARE(settings.intValue(settingkeys::maxTransfers, 0), 2);
    }

    void notificationsCanBeTurnedOff()
    {
        App app;
        QVERIFY(app.controller->advanced().notifications); // on by default
        app.dialog->tabs()->setCurrentIndex(3);
        auto* box = app.find<QCheckBox>(QStringLiteral("notifications"));
        QVERIFY(box->isChecked());
        box->setChecked(false);
        QVERIFY(app.dialog->apply());
        QCOMPARE(SettingsStore(app.db.db()).value(settingkeys::notifications), QStringLiteral("0"));
        QVERIFY(!app.controller->advanced().notifications);
        SettingsDialog again(*app.controller);
        QVERIFY(!again.findChild<QCheckBox*>(QStringLiteral("notifications"))->isChecked());
    }

    void addingASourceAsksToReadIt()
    {
        App app;
        const QString pictures = app.dir.filePath(QStringLiteral("Pictures"));
        QVERIFY(writeFile(pictures + QStringLiteral("/IMG_1.jpg"), "\xFF\xD8\xFF\xE0 photo"));
        app.consent.answers.insert(consent::readSource, false);
        app.controller->addSource(pictures);
        QTRY_COMPARE(app.consent.asked.size(), 1);
        QVERIFY(app.consent.asked.first().text.contains(QStringLiteral("1 photos")));
        QVERIFY(SourceStore(app.db.db()).list().isEmpty());

        app.consent.answers.insert(consent::readSource, true);
        app.controller->addSource(pictures);
        auto* list = app.find<QListWidget>(QStringLiteral("sourcesList"));
        QTRY_COMPARE(list->count(), 1);
        QVERIFY(ConsentStore(app.db.db()).isGranted(consent::readSource, pictures));

        list->setCurrentRow(0);
        app.click(QStringLiteral("removeSource"));
        QCOMPARE(list->count(), 0);
        QVERIFY(!ConsentStore(app.db.db()).isGranted(consent::readSource, pictures));
    }

    void firstRunFormOffersWebDav()
    {
        SetupDialog setup;
        setup.show();
        DestinationForm* form = setup.destinationForm();
        auto* ok = setup.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(setup.destinationPath().startsWith(QLatin1Char('/'))); // a folder by default
        form->findChild<QComboBox*>(QStringLiteral("destinationKind"))->setCurrentIndex(1);
        form->findChild<QLineEdit*>(QStringLiteral("webDavUrl"))
            ->setText(QStringLiteral("http://nas.example/dav"));
        QVERIFY(!ok->isEnabled()); // plain HTTP to another machine: core says why
        QVERIFY(form->findChild<QLabel*>(QStringLiteral("urlProblem"))
                    ->text()
                    .contains(QStringLiteral("unencrypted")));
        form->findChild<QLineEdit*>(QStringLiteral("webDavUrl"))
            ->setText(QStringLiteral("https://nas.example/dav"));
        form->findChild<QLineEdit*>(QStringLiteral("webDavUser"))->setText(QStringLiteral("bob"));
        form->findChild<QLineEdit*>(QStringLiteral("webDavPassword"))->setText(kPassword);
        QVERIFY(ok->isEnabled());
        QCOMPARE(setup.destinationPath(), QStringLiteral("webdavs://bob@nas.example/dav"));
        QCOMPARE(setup.destinationSecret(), kPassword);
    }

    void s3FormBuildsTheUrlCoreReads()
    {
        DestinationFields f;
        f.kind = DestinationFields::Kind::S3;
        f.endpoint = QStringLiteral("https://minio.example:9000");
        f.region = QStringLiteral("eu-central-1");
        f.bucket = QStringLiteral("photos");
        f.prefix = QStringLiteral("family/2024");
        f.pathStyle = false;
        f.accessKeyId = QStringLiteral("AKIAEXAMPLE");
        const QString url = destinationUrlFor(f);
        QString normalized;
        Error error;
        QVERIFY2(validateDestinationUrl(url, &normalized, &error), qPrintable(error.message));
        const DestinationFields back = destinationFieldsFor(normalized);
        QCOMPARE(back.endpoint, f.endpoint);
        QCOMPARE(back.region, f.region);
        QCOMPARE(back.bucket, f.bucket);
        QCOMPARE(back.prefix, f.prefix);
        QCOMPARE(back.pathStyle, false);
        QCOMPARE(back.accessKeyId, f.accessKeyId);
        QCOMPARE(destinationHost(normalized), QStringLiteral("minio.example:9000"));

        // A secret never goes into the URL; a missing bucket is refused with core's reason.
        f.bucket.clear();
        QVERIFY(!validateDestinationUrl(destinationUrlFor(f), &normalized, &error));
        QVERIFY(!error.message.isEmpty());
    }
};

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
