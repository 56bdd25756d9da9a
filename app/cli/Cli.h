#pragma once

#include "ExitCode.h"
#include "catalog/Database.h"
#include "profile/Profile.h"

#include <QJsonDocument>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>
#include <functional>
#include <memory>

namespace ks::cli {

// What every command gets: its own arguments, the global options, output streams, and lazily
// opened profile and catalog.
class Context
{
public:
    Context(QStringList args, QString profileDir, bool json);

    const QStringList& args() const { return m_args; }
    bool json() const { return m_json; }
    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }

    // Opens the profile and catalog on first use; on failure prints the reason and returns null.
    Profile* profile();
    Database* database();

    // Helpers for consistent output.
    int fail(const QString& message, int code = exitcode::Failure);
    int usage(const QString& message);
    void printJson(const QJsonDocument& doc);
    // Takes "--name VALUE" out of args(); returns the value, or `fallback` if absent.
    QString takeOption(const QString& name, const QString& fallback = {});
    bool takeFlag(const QString& name);

private:
    QStringList m_args;
    QString m_profileDir;
    bool m_json;
    QTextStream m_out;
    QTextStream m_err;
    std::unique_ptr<Profile> m_profile;
    std::unique_ptr<Database> m_db;
};

struct Command
{
    QString name;    // one or two words: "scan", "source add"
    QString usage;   // arguments after the name, e.g. "PATH"
    QString summary; // one line for --help
    std::function<int(Context&)> run;
};

// Each file of commands registers its group with a static CommandRegistration, so adding a group
// touches no other file:  static const CommandRegistration reg({ {...}, {...} });
QList<Command>& commandRegistry();
struct CommandRegistration
{
    explicit CommandRegistration(QList<Command> commands) { commandRegistry().append(commands); }
};

// The command line split into the global options and the command with its own arguments.
struct CommandLine
{
    QString profileDir;
    bool json = false;
    bool help = false;
    bool version = false;
    QString error;                    // a usage error in the global options
    QStringList rest;                 // everything that is not a global option
    const Command* command = nullptr; // longest registered name matching the start of rest
    QStringList commandArgs;          // rest after the command's name
};
CommandLine parseCommandLine(const QStringList& args);

// Absolute, cleaned path for a user-given path (relative to the working directory).
QString absolutePath(const QString& path);
QString formatBytes(qint64 bytes);
QString formatTime(qint64 msSinceEpoch);

} // namespace ks::cli
