// destination password | trust | test: what a destination needs besides its address.
#include "SecretCommands.h"

#include "catalog/DestinationStore.h"
#include "catalog/JobStore.h"
#include "common/Clock.h"
#include "control/ControlServer.h"
#include "credentials/CredentialStore.h"
#include "upload/DestinationFactory.h"
#include "upload/TlsTrust.h"

#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>
#include <cstdio>
#include <optional>
#include <termios.h>
#include <unistd.h>

namespace ks::cli {

namespace {

// Runs `start` from the application's event loop (never a nested one) and returns the exit code
// that it reports through its callback.
int runAsync(const std::function<void(std::function<void(int)>)>& start)
{
    int code = exitcode::Failure;
    QMetaObject::invokeMethod(
        QCoreApplication::instance(),
        [&] {
            start([&code](int c) {
                code = c;
                QCoreApplication::exit(c);
            });
        },
        Qt::QueuedConnection);
    QCoreApplication::exec();
    return code;
}

std::optional<DestinationRecord> destinationNamed(Context& ctx, const QString& name)
{
    Database* db = ctx.database();
    if (!db)
        return std::nullopt;
    auto record = DestinationStore(db->db()).byName(name);
    if (!record)
        ctx.err() << "keepsake-cli: no destination named \"" << name
                  << "\" (see keepsake-cli destination list)" << Qt::endl;
    return record;
}

// The failures a destination had may be gone with a new secret or certificate: they are tried
// again (a running engine is told at once).
void retryAfterChange(Context& ctx, const DestinationRecord& d)
{
    const int retried =
        JobStore(ctx.database()->db()).retryDestination(d.id, systemClock().nowMs());
    if (retried > 0)
        ctx.out() << retried << " failed uploads to " << d.name << " will be tried again"
                  << Qt::endl;
    control::nudge(*ctx.profile());
}

// A stamp in the options makes a running engine read the secret again.
void markSecretChanged(Context& ctx, const DestinationRecord& d)
{
    QJsonObject options = d.options;
    options.insert(QStringLiteral("secretChangedMs"), double(systemClock().nowMs()));
    Error error;
    DestinationStore(ctx.database()->db()).setOptions(d.name, options, &error);
    retryAfterChange(ctx, d);
}

int destinationPassword(Context& ctx)
{
    const bool forget = ctx.takeFlag(QStringLiteral("--forget"));
    if (ctx.args().size() != 1)
        return ctx.usage(QStringLiteral("destination password needs NAME (the secret is read "
                                        "from standard input)"));
    const auto d = destinationNamed(ctx, ctx.args().constFirst());
    if (!d)
        return exitcode::Failure;
    if (!forget)
        return storeSecret(
            ctx, d->name,
            readSecretFromStdin(ctx,
                                QStringLiteral("Password or secret key for %1: ").arg(d->name)));
    CredentialStore store(ctx.profile()->dir());
    return runAsync([&](std::function<void(int)> done) {
        store.remove(d->name, [&, done](const Error& error) {
            if (error) {
                done(ctx.fail(error.message));
                return;
            }
            markSecretChanged(ctx, *d);
            ctx.out() << "Forgot the secret of " << d->name << Qt::endl;
            done(exitcode::Success);
        });
    });
}

int destinationTrust(Context& ctx)
{
    const bool forget = ctx.takeFlag(QStringLiteral("--forget"));
    if (ctx.args().size() != (forget ? 1 : 2))
        return ctx.usage(QStringLiteral("destination trust needs NAME SHA256-FINGERPRINT (as "
                                        "destination test prints it), or NAME --forget"));
    const auto d = destinationNamed(ctx, ctx.args().constFirst());
    if (!d)
        return exitcode::Failure;
    QString pin;
    if (!forget) {
        pin = tls::normalizeFingerprint(ctx.args().at(1));
        if (pin.isEmpty())
            return ctx.usage(QStringLiteral("\"%1\" is not a SHA-256 fingerprint (64 hex digits, "
                                            "colons allowed)")
                                 .arg(ctx.args().at(1)));
    }
    Error error;
    if (!DestinationStore(ctx.database()->db()).setPinnedCertificate(d->name, pin, &error))
        return ctx.fail(error.message);
    retryAfterChange(ctx, *d);
    if (forget)
        ctx.out() << "Keepsake no longer trusts a pinned certificate for " << d->name << Qt::endl;
    else
        ctx.out() << "Keepsake now trusts the certificate " << pin << " for " << d->name
                  << " (and no other it would not trust anyway)" << Qt::endl;
    return exitcode::Success;
}

int destinationTest(Context& ctx)
{
    if (ctx.args().size() != 1)
        return ctx.usage(QStringLiteral("destination test needs NAME"));
    const auto d = destinationNamed(ctx, ctx.args().constFirst());
    if (!d)
        return exitcode::Failure;
    QNetworkAccessManager network;
    CredentialStore store(ctx.profile()->dir());
    std::unique_ptr<Destination> destination;
    return runAsync([&](std::function<void(int)> done) {
        store.read(d->name, [&, done](const QString& secret, const Error& keychainError) {
            if (keychainError && destinationNeedsSecret(d->url) && !hasSecretForThisRun(d->name))
                ctx.err() << "keepsake-cli: " << keychainError.message << Qt::endl;
            DestinationContext context;
            context.network = &network;
            context.tempDir = ctx.profile()->tempDir();
            context.secret = [secret](const DestinationRecord&) { return secret; };
            Error error;
            destination = createDestination(*d, context, &error);
            if (!destination) {
                done(ctx.fail(error.message));
                return;
            }
            DestinationReply* reply = destination->test();
            QObject::connect(reply, &DestinationReply::finished, reply, [&, reply, done] {
                reply->deleteLater();
                if (const Error& e = reply->result().error) {
                    done(ctx.fail(e.message));
                    return;
                }
                ctx.out() << d->name << ": reachable, signed in, and writable ("
                          << destination->describe() << ")" << Qt::endl;
                done(exitcode::Success);
            });
        });
    });
}

const CommandRegistration registration({
    {QStringLiteral("destination password"), QStringLiteral("NAME [--forget]"),
     QStringLiteral("store the destination's password or secret key (read from standard input) "
                    "in the OS keychain, or forget it"),
     destinationPassword},
    {QStringLiteral("destination trust"), QStringLiteral("NAME FINGERPRINT | NAME --forget"),
     QStringLiteral("trust this one server certificate (SHA-256) that the system does not"),
     destinationTrust},
    {QStringLiteral("destination test"), QStringLiteral("NAME"),
     QStringLiteral("check that the destination answers, accepts the credentials and is writable"),
     destinationTest},
});

} // namespace

QString readSecretFromStdin(Context& ctx, const QString& prompt)
{
    const bool tty = isatty(STDIN_FILENO);
    termios saved{};
    if (tty) {
        ctx.err() << prompt << Qt::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QFile in;
    in.open(stdin, QIODevice::ReadOnly);
    QByteArray line = in.readLine(64 * 1024);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        ctx.err() << Qt::endl;
    }
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

bool forgetSecret(Context& ctx, const QString& destinationName)
{
    CredentialStore store(ctx.profile()->dir());
    const int code = runAsync([&](std::function<void(int)> done) {
        store.remove(destinationName, [&, done](const Error& error) {
            if (error)
                ctx.err() << "keepsake-cli: " << error.message << Qt::endl;
            done(error ? exitcode::Failure : exitcode::Success);
        });
    });
    return code == exitcode::Success;
}

int storeSecret(Context& ctx, const QString& destinationName, const QString& secret)
{
    if (secret.isEmpty())
        return ctx.usage(QStringLiteral("no secret on standard input"));
    const auto d = destinationNamed(ctx, destinationName);
    if (!d)
        return exitcode::Failure;
    CredentialStore store(ctx.profile()->dir());
    return runAsync([&](std::function<void(int)> done) {
        store.write(d->name, secret, [&, done](const Error& error) {
            if (error) {
                done(ctx.fail(error.message));
                return;
            }
            markSecretChanged(ctx, *d);
            ctx.out() << "Stored the secret of " << d->name << " in the keychain" << Qt::endl;
            done(exitcode::Success);
        });
    });
}

} // namespace ks::cli
