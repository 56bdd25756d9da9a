// keepsake-cli: the headless front end of Keepsake. See README.md "CLI reference".
#include "Cli.h"
#include "common/MallocArenas.h"

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
    limitMallocArenas(1); // see MallocArenas.h: the peak RSS of a backup, not its speed
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Keepsake"));
    QCoreApplication::setApplicationName(QStringLiteral("keepsake"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KEEPSAKE_VERSION));

    const CommandLine line = parseCommandLine(app.arguments().mid(1));
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!line.error.isEmpty()) {
        err << "keepsake-cli: " << line.error << '\n';
        return exitcode::Usage;
    }
    if (line.help) {
        printHelp(out);
        return exitcode::Success;
    }
    if (line.version) {
        out << "keepsake-cli " << KEEPSAKE_VERSION << Qt::endl;
        return exitcode::Success;
    }
    if (line.rest.isEmpty()) {
        printHelp(err);
        return exitcode::Usage;
    }
    if (!line.command) {
        err << "keepsake-cli: unknown command \"" << line.rest.join(QLatin1Char(' '))
            << "\" (see keepsake-cli --help)" << Qt::endl;
        return exitcode::Usage;
    }
    Context ctx(line.commandArgs, line.profileDir, line.json);
    return line.command->run(ctx);
}
