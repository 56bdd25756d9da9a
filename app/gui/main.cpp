// keepsake: the desktop app. All logic lives in core/ and ui/; this only wires them up.
#include "Autostart.h"
#include "ConsentDialog.h"
#include "FirstRunController.h"
#include "LibraryCounter.h"
#include "MainWindow.h"
#include "SetupDialog.h"
#include "TrayIcon.h"
#include "catalog/ConsentStore.h"
#include "catalog/Database.h"
#include "catalog/SourceStore.h"
#include "control/ControlServer.h"
#include "jobs/EngineHost.h"
#include "policy/ConsentScope.h"
#include "profile/EngineLock.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QMessageBox>
#include <QSessionManager>
#include <QTabWidget>

using namespace ks;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
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
        QStringLiteral("Open on this tab (now, failures, history, consents)."),
        QStringLiteral("NAME"));
    parser.addOptions({profileOption, backgroundOption, tabOption});
    parser.process(app);

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
    }

    EngineHost host(profile, {.watchSources = true});
    if (!host.start(&error)) {
        QMessageBox::critical(nullptr, QStringLiteral("Keepsake"), error.message);
        return 4;
    }
    MainWindow window(host, db.db());
    TrayIcon tray;
    DialogConsentAsker asker(&window);
    auto quit = [&] {
        host.stop();
        QApplication::quit();
    };
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
                           QStringLiteral("history"), QStringLiteral("consents")};
    if (parser.isSet(tabOption))
        window.tabs()->setCurrentIndex(
            std::max<qsizetype>(0, tabs.indexOf(parser.value(tabOption))));
    if (!parser.isSet(backgroundOption) || !tray.isAvailable())
        window.show();
    // Without the tray (or the background consent) closing the window quits.
    QApplication::setQuitOnLastWindowClosed(!(background && tray.isAvailable()));
    return app.exec();
}
