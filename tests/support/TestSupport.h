#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace ks::test {

// Path of the keepsake-cli binary under test (set by ctest's environment).
QString cliPath();
QString sourceDir();

struct CliResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs keepsake-cli with `args` (a --profile is the caller's business) and waits for it.
CliResult runCli(const QStringList& args, int timeoutMs = 120000, const QByteArray& stdinData = {});

// SHA-256 (hex) of a file's bytes, read in blocks.
QByteArray sha256Hex(const QString& path);

// Writes `bytes` to path, creating parent folders.
bool writeFile(const QString& path, const QByteArray& bytes);

// A free TCP port on 127.0.0.1.
quint16 freePort();

} // namespace ks::test
