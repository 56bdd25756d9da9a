#include "Cli.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <algorithm>
#include <cstdio>

namespace ks::cli {

QList<Command>& commandRegistry()
{
    static QList<Command> registry;
    return registry;
}

Context::Context(QStringList args, QString profileDir, bool json)
    : m_args(std::move(args)), m_profileDir(std::move(profileDir)), m_json(json), m_out(stdout),
      m_err(stderr)
{
}

Profile* Context::profile()
{
    if (m_profile)
        return m_profile.get();
    Error error;
    Profile p = Profile::open(m_profileDir, &error);
    if (!p.isValid()) {
        m_err << "keepsake-cli: " << error.message << Qt::endl;
        return nullptr;
    }
    m_profile = std::make_unique<Profile>(p);
    return m_profile.get();
}

Database* Context::database()
{
    if (m_db)
        return m_db.get();
    Profile* p = profile();
    if (!p)
        return nullptr;
    auto db = std::make_unique<Database>();
    Error error;
    if (!db->open(p->catalogPath(), &error)) {
        m_err << "keepsake-cli: " << error.message << Qt::endl;
        return nullptr;
    }
    m_db = std::move(db);
    return m_db.get();
}

int Context::fail(const QString& message, int code)
{
    m_out.flush();
    m_err << "keepsake-cli: " << message << Qt::endl;
    return code;
}

int Context::usage(const QString& message)
{
    return fail(message + QStringLiteral(" (see keepsake-cli --help)"), exitcode::Usage);
}

void Context::printJson(const QJsonDocument& doc)
{
    m_out << doc.toJson(QJsonDocument::Indented);
    m_out.flush();
}

QString Context::takeOption(const QString& name, const QString& fallback)
{
    const int i = m_args.indexOf(name);
    if (i < 0 || i + 1 >= m_args.size())
        return fallback;
    const QString value = m_args.at(i + 1);
    m_args.remove(i, 2);
    return value;
}

bool Context::takeFlag(const QString& name)
{
    return m_args.removeAll(name) > 0;
}

CommandLine parseCommandLine(const QStringList& args)
{
    CommandLine c;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (a == QLatin1String("--profile")) {
            if (i + 1 >= args.size()) {
                c.error = QStringLiteral("--profile needs a directory");
                return c;
            }
            c.profileDir = args.at(++i);
        } else if (a.startsWith(QLatin1String("--profile="))) {
            c.profileDir = a.mid(10);
        } else if (a == QLatin1String("--json")) {
            c.json = true;
        } else if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            c.help = true;
            return c;
        } else if (a == QLatin1String("--version")) {
            c.version = true;
            return c;
        } else {
            c.rest << a;
        }
    }
    // Longest match first: "source add" before "source".
    int words = 0;
    for (const Command& command : commandRegistry()) {
        const QStringList name = command.name.split(QLatin1Char(' '));
        if (name.size() > c.rest.size() || name.size() <= words)
            continue;
        if (std::equal(name.begin(), name.end(), c.rest.begin())) {
            c.command = &command;
            words = int(name.size());
        }
    }
    if (c.command)
        c.commandArgs = c.rest.mid(words);
    return c;
}

QString absolutePath(const QString& path)
{
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

QString formatBytes(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

QString formatTime(qint64 msSinceEpoch)
{
    if (msSinceEpoch <= 0)
        return QStringLiteral("-");
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch).toString(Qt::ISODate);
}

} // namespace ks::cli
