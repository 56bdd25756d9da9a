// keepsake-cli: the headless front end of Keepsake. See README.md "CLI reference".
#include "Cli.h"

#include <QCoreApplication>
#include <algorithm>

using namespace ks;
using namespace ks::cli;

namespace {

void printHelp(QTextStream& out)
{
    out << "Usage: keepsake-cli [--profile DIR] [--json] COMMAND [ARGS...]\n\n"
           "Backs up photo and video folders to a local folder, a WebDAV server or an S3 bucket.\n"
           "The profile (catalog and settings) defaults to the user's data directory; "
           "KEEPSAKE_PROFILE overrides it.\n\nCommands:\n";
    QList<Command> commands = commandRegistry();
    std::sort(commands.begin(), commands.end(),
              [](const Command& a, const Command& b) { return a.name < b.name; });
    for (const Command& c : commands) {
        const QString left = (c.name + QLatin1Char(' ') + c.usage).trimmed();
        out << "  " << left.leftJustified(44) << ' ' << c.summary << '\n';
    }
    out << "\nOptions:\n"
           "  --profile DIR    use the profile in DIR\n"
           "  --json           machine-readable output where the command supports it\n"
           "  --help           this text\n"
           "  --version        the version\n\n"
           "Exit codes: 0 success, 1 failure, 2 usage error, 3 profile or catalog error,\n"
           "4 another engine holds the profile, 10 backup waits on consent, 11 backup waits on\n"
           "a policy, 12 some jobs failed, 13 interrupted.\n";
    out.flush();
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Keepsake"));
    QCoreApplication::setApplicationName(QStringLiteral("keepsake"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KEEPSAKE_VERSION));

    QStringList args = app.arguments().mid(1);
    QString profileDir;
    bool json = false;
    QStringList rest;
    QTextStream out(stdout);
    QTextStream err(stderr);
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (a == QLatin1String("--profile")) {
            if (i + 1 >= args.size()) {
                err << "keepsake-cli: --profile needs a directory\n";
                return exitcode::Usage;
            }
            profileDir = args.at(++i);
        } else if (a.startsWith(QLatin1String("--profile="))) {
            profileDir = a.mid(10);
        } else if (a == QLatin1String("--json")) {
            json = true;
        } else if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            printHelp(out);
            return exitcode::Success;
        } else if (a == QLatin1String("--version")) {
            out << "keepsake-cli " << KEEPSAKE_VERSION << Qt::endl;
            return exitcode::Success;
        } else {
            rest << a;
        }
    }
    if (rest.isEmpty()) {
        printHelp(err);
        return exitcode::Usage;
    }

    // Longest match first: "source add" before "source".
    const Command* match = nullptr;
    int words = 0;
    for (const Command& c : commandRegistry()) {
        const QStringList name = c.name.split(QLatin1Char(' '));
        if (name.size() > rest.size() || name.size() <= words)
            continue;
        if (std::equal(name.begin(), name.end(), rest.begin())) {
            match = &c;
            words = int(name.size());
        }
    }
    if (!match) {
        err << "keepsake-cli: unknown command \"" << rest.join(QLatin1Char(' '))
            << "\" (see keepsake-cli --help)" << Qt::endl;
        return exitcode::Usage;
    }
    Context ctx(rest.mid(words), profileDir, json);
    return match->run(ctx);
}
