// backup: scan, then run the engine in the foreground until nothing can run now.
#include "Cli.h"
#include "SignalWatcher.h"
#include "catalog/CatalogBackup.h"
#include "jobs/EngineHost.h"

#include <QCoreApplication>
#include <QTimer>
#include <cstdio>
#include <unistd.h>

namespace ks::cli {
namespace {

int exitCodeFor(const EngineStatus& s)
{
    if (s.failures > 0)
        return exitcode::JobsFailed;
    if (!s.waitingForConsent.isEmpty())
        return exitcode::WaitingConsent;
    if (s.filesDone < s.filesTotal && !s.pauseReasons.isEmpty())
        return exitcode::WaitingPolicy;
    if (s.filesDone < s.filesTotal)
        return exitcode::JobsFailed; // waiting to retry after transient errors
    return exitcode::Success;
}

QString progressLine(const EngineStatus& s)
{
    QString line = s.headline(QDateTime::currentMSecsSinceEpoch());
    if (s.bytesTotal > 0)
        line +=
            QStringLiteral(" — %1 of %2").arg(formatBytes(s.bytesDone), formatBytes(s.bytesTotal));
    if (s.bytesPerSecond > 1)
        line += QStringLiteral(", %1/s").arg(formatBytes(qint64(s.bytesPerSecond)));
    return line;
}

int backup(Context& ctx)
{
    if (!ctx.args().isEmpty())
        return ctx.usage(QStringLiteral("backup takes no arguments"));
    Profile* profile = ctx.profile();
    if (!profile || !ctx.database())
        return exitcode::ProfileError;
    // A damaged catalog is refused, with how to restore it (the engine checks too, for the GUI).
    Error error;
    if (!CatalogBackup::check(ctx.database()->db(), profile->catalogPath(), &error))
        return ctx.fail(error.message, exitcode::ProfileError);
    EngineHost host(*profile);
    if (!host.start(&error))
        return ctx.fail(error.message, exitcode::EngineBusy);

    int code = exitcode::Success;
    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::terminationRequested, &host, [&](int) {
        ctx.err() << "\nStopping: the backup goes on where it left off next time." << Qt::endl;
        host.stop();
        QCoreApplication::exit(exitcode::Interrupted);
    });
    QObject::connect(&host, &EngineHost::fatalError, &host, [&](const QString& message) {
        ctx.err() << "keepsake-cli: " << message << Qt::endl;
        host.stop();
        QCoreApplication::exit(exitcode::Failure);
    });
    const bool tty = isatty(fileno(stdout));
    QTimer ticker;
    if (tty) {
        QObject::connect(&ticker, &QTimer::timeout, &host, [&] {
            ctx.out() << "\r\033[K" << progressLine(host.status()) << Qt::flush;
        });
        ticker.start(1000);
    }
    QObject::connect(&host, &EngineHost::idle, &host, [&](const EngineStatus& s) {
        ticker.stop();
        if (tty)
            ctx.out() << "\r\033[K";
        ctx.out() << "Backed up " << s.filesDone << " of " << s.filesTotal << " files ("
                  << formatBytes(s.bytesDone) << ")." << Qt::endl;
        if (s.failures)
            ctx.out() << s.failures << " failed: see keepsake-cli failures" << Qt::endl;
        for (const QString& c : s.waitingForConsent)
            ctx.out() << "Waiting for consent: " << c << Qt::endl;
        for (const PauseReason& r : s.pauseReasons)
            ctx.out() << "Waiting: " << r.message << Qt::endl;
        code = exitCodeFor(s);
        host.stop();
        QCoreApplication::exit(code);
    });
    return QCoreApplication::exec();
}

const CommandRegistration registration({
    {QStringLiteral("backup"), QString(),
     QStringLiteral("scan, then back up until nothing more can be done now"), backup},
});

} // namespace
} // namespace ks::cli
