// keepsake: the desktop app. All logic lives in core/ and ui/; this only wires them up.
#include "../cli/SignalWatcher.h"
#include "Autostart.h"
#include "ConsentDialog.h"
#include "EventLoopProbe.h"
#include "FirstRunController.h"
#include "LibraryCounter.h"
#include "MainWindow.h"
#include "SettingsController.h"
#include "SettingsDialog.h"
#include "SetupDialog.h"
#include "StallStacks.h"
#include "TrayIcon.h"
#include "TrustAsker.h"
#include "TrustDialog.h"
#include "catalog/ConsentStore.h"
#include "catalog/Database.h"
#include "catalog/DestinationStore.h"
#include "catalog/SettingKeys.h"
#include "catalog/SettingsStore.h"
#include "catalog/SourceStore.h"
#include "control/ControlServer.h"
#include "jobs/EngineHost.h"
#include "policy/ConsentScope.h"
#include "profile/EngineLock.h"
#include "translations/Translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QMessageBox>
#include <QPointer>
#include <QSessionManager>
#include <QTabWidget>

using namespace ks;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    // Opt-in benchmark probe (bench/ui-stall): inert unless KEEPSAKE_STALL_LOG names a file.
    EventLoopProbe stallProbe(qEnvironmentVariable("KEEPSAKE_STALL_LOG"));
    // Opt-in diagnostic: the UI thread's stack during each stall (ui/StallStacks.h).
    StallStacks::start(qEnvironmentVariable("KEEPSAKE_STALL_STACKS"), &app);
    Q_INIT_RESOURCE(ui); // resources of the static keepsake-ui library
    QApplication::setOrganizationName(QStringLiteral("Keepsake"));
    QApplication::setApplicationName(QStringLiteral("keepsake"));
    QApplication::setApplicationDisplayName(QStringLiteral("Keepsake"));
    QApplication::setApplicationVersion(QStringLiteral(KEEPSAKE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.keepsake.Keepsake"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/keepsake.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Keepsake photo backup"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption profileOption(QStringLiteral("profile"),
                                     QStringLiteral("Profile directory."), QStringLiteral("DIR"));
    QCommandLineOption backgroundOption(QStringLiteral("background"),
                                        QStringLiteral("Start in the tray, without the window."));
    QCommandLineOption tabOption(
        QStringLiteral("tab"),
        QStringLiteral("Open on this tab (now, failures, history, consents, library)."),
        QStringLiteral("NAME"));
    QCommandLineOption langOption(QStringLiteral("lang"),
                                  QStringLiteral("User interface language (e.g. de), instead of "
                                                 "the system's; KEEPSAKE_LANG does the same."),
                                  QStringLiteral("LANG"));
    parser.addOptions({profileOption, backgroundOption, tabOption, langOption});
    parser.process(app);
    const QLocale locale =
        uiLocale(parser.isSet(langOption) ? parser.value(langOption)
                                          : qEnvironmentVariable("KEEPSAKE_LANG"));
    QLocale::setDefault(locale); // numbers and sizes follow the language shown
    installTranslations(locale);

    Error error;
    const Profile profile = Profile::open(parser.value(profileOption), &error);
    if (!profile.isValid()) {
        QMessageBox::critical(nullptr, QStringLiteral("Keepsake"), error.message);
        return 3;
    }
    // Single instance: a second launch raises the first one's window.
    if (EngineLock::isHeld(profile) && control::send(profile, "raise"))
        return 0;

    Database db;
    if (!db.open(profile.catalogPath(), &error)) {
        QMessageBox::critical(nullptr, QStringLiteral("Keepsake"), error.message);
        return 3;
    }
    QString firstDestination, firstSecret;
    if (SourceStore(db.db()).list().isEmpty()) {
        SetupDialog setup;
        if (setup.exec() != QDialog::Accepted)
            return 0;
        const LibraryCount count = countLibrary(setup.folder()).result();
        DialogConsentAsker asker(nullptr);
        const auto outcome =
            FirstRunController(db.db(), asker)
                .run(setup.folder(), setup.destinationName(), setup.destinationPath(), count);
        if (outcome.error)
            QMessageBox::warning(nullptr, QStringLiteral("Keepsake"), outcome.error.message);
        // A certificate trusted while testing is pinned before the engine starts; the secret goes
        // to the keychain below, where the engine is told once it is stored.
        if (!outcome.error && !setup.trustedFingerprint().isEmpty())
            DestinationStore(db.db()).setPinnedCertificate(setup.destinationName(),
                                                           setup.trustedFingerprint(), &error);
        if (!outcome.error) {
            firstDestination = setup.destinationName();
            firstSecret = setup.destinationSecret();
        }
    }

    EngineHost host(profile, {.watchSources = true});
    if (!host.start(&error)) {
        QMessageBox::critical(nullptr, QStringLiteral("Keepsake"), error.message);
        return 4;
    }
    MainWindow window(host, db.db());
    TrayIcon tray;
    DialogConsentAsker asker(&window);
    DialogTrustHandler trustHandler(&window);
    TrustAsker trust(&db.db(), trustHandler, [&host] { host.reload(); });
    // Notices follow the setting (Settings › Advanced), now and whenever settings are saved.
    const auto applyUiSettings = [&] {
        tray.notificationPolicy().setEnabled(
            SettingsStore(db.db()).value(settingkeys::notifications) != QLatin1String("0"));
    };
    applyUiSettings();
    SettingsController settings(db.db(), profile.dir(), asker, trust, [&] {
        host.reload();
        applyUiSettings();
    });
    if (!firstSecret.isEmpty())
        settings.setSecret(firstDestination, firstSecret);
    QPointer<SettingsDialog> settingsDialog;
    QObject::connect(&window, &MainWindow::settingsRequested, &window, [&] {
        if (!settingsDialog) {
            settingsDialog = new SettingsDialog(settings, &window);
            settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
        }
        settingsDialog->show();
        settingsDialog->raise();
        settingsDialog->activateWindow();
    });
    // A backup refused by a certificate the system does not trust: ask as the connection test
    // does, while the window is open (from the tray, the failures list shows the reason).
    QObject::connect(&host, &EngineHost::jobsChanged, &window, [&] {
        if (window.isVisible())
            trust.offerForFailures();
    });
    auto quit = [&] {
        stallProbe.finish(); // the stop below blocks by design; it is no stall during use
        StallStacks::stop();
        host.stop();
        QApplication::quit();
    };
    // SIGTERM (logout, `kill`) quits like the tray's Quit: running jobs are recorded as pending.
    cli::SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &cli::SignalWatcher::terminationRequested, &app, quit);
    QObject::connect(&host, &EngineHost::statusChanged, &tray, &TrayIcon::updateStatus);
    QObject::connect(&host, &EngineHost::raiseRequested, &window, [&] {
        window.show();
        window.raise();
        window.activateWindow();
    });
    QObject::connect(&tray, &TrayIcon::openRequested, &window, [&] {
        window.show();
        window.raise();
        window.activateWindow();
    });
    QObject::connect(&tray, &TrayIcon::pauseRequested, &host, [&] { host.pauseUntil(-1); });
    QObject::connect(&tray, &TrayIcon::resumeRequested, &host, &EngineHost::resume);
    QObject::connect(&tray, &TrayIcon::quitRequested, &app, quit);
    QObject::connect(&window, &MainWindow::hiddenToTray, &tray, [&] {
        tray.showMessage(QObject::tr("Keepsake keeps running"),
                         QObject::tr("Backup goes on in the background. Quit from the tray icon."));
    });
    QObject::connect(&app, &QGuiApplication::commitDataRequest, &host,
                     [&](QSessionManager&) { host.stop(); });
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &host, [&] { host.stop(); });

    // Running in the background is its own consent, asked when it first matters.
    ConsentStore consents(db.db());
    bool background = consents.isGranted(consent::background, QString());
    if (!background && tray.isAvailable() && !parser.isSet(backgroundOption)) {
        background = asker.ask(backgroundRequest());
        if (background) {
            consents.grant(consent::background, QString(), QStringLiteral("dialog"),
                           QDateTime::currentMSecsSinceEpoch(), &error);
            QString autostartError;
            autostart::enable(QCoreApplication::applicationFilePath(), &autostartError);
        }
    }
    if (!background)
        autostart::disable();
    window.setCloseToTray(background && tray.isAvailable());
    const QStringList tabs{QStringLiteral("now"), QStringLiteral("failures"),
                           QStringLiteral("history"), QStringLiteral("consents"),
                           QStringLiteral("library")};
    if (parser.isSet(tabOption))
        window.tabs()->setCurrentIndex(
            std::max<qsizetype>(0, tabs.indexOf(parser.value(tabOption))));
    if (!parser.isSet(backgroundOption) || !tray.isAvailable())
        window.show();
    // Without the tray (or the background consent) closing the window quits.
    QApplication::setQuitOnLastWindowClosed(!(background && tray.isAvailable()));
    return app.exec();
}
