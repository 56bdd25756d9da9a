// keepsake-cli's command line: the global options, the longest matching command, and each
// command's options taken out of its arguments the way the commands do (Context::takeOption and
// takeFlag), with the real command registry. Input: arguments separated by NUL bytes. Commands
// are not run: they open profiles and talk to servers, which other suites cover.
#include "FuzzTarget.h"

#include "Cli.h"

#include <QRegularExpression>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size > 4096)
        return 0;
    QStringList args;
    for (const QByteArray& a : ks::fuzz::bytesOf(data, size).split('\0'))
        args << QString::fromUtf8(a);
    const ks::cli::CommandLine line = ks::cli::parseCommandLine(args);
    if (!line.error.isEmpty() || line.help || line.version)
        return 0;
    KS_FUZZ_CHECK(line.rest.size() <= args.size());
    if (!line.command) {
        KS_FUZZ_CHECK(line.commandArgs.isEmpty());
        return 0;
    }
    const QStringList name = line.command->name.split(QLatin1Char(' '));
    KS_FUZZ_CHECK(line.rest.mid(0, name.size()) == name);
    KS_FUZZ_CHECK(line.commandArgs.size() == line.rest.size() - name.size());

    ks::cli::Context ctx(line.commandArgs, line.profileDir, line.json);
    static const QRegularExpression option(QStringLiteral("--[a-z][a-z0-9-]*"));
    auto it = option.globalMatch(line.command->usage);
    while (it.hasNext()) {
        const QString opt = it.next().captured(0);
        const qsizetype before = ctx.args().size();
        const QString value = ctx.takeOption(opt, QStringLiteral("\x01"));
        KS_FUZZ_CHECK(ctx.args().size() == before - (value == QStringLiteral("\x01") ? 0 : 2) ||
                      line.commandArgs.contains(QStringLiteral("\x01")));
        (void)ctx.takeFlag(opt);
    }
    return 0;
}
