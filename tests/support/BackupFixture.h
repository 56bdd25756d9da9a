#pragma once

#include "TestSupport.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace ks::test {

// A profile driven through the real keepsake-cli, with a library and a local destination.
class BackupFixture
{
public:
    explicit BackupFixture(const QString& dir);

    QString profile, library, destination;

    CliResult cli(const QStringList& args, int timeoutMs = 120000) const;
    // source add + read consent, destination add (+ upload consent unless told otherwise).
    bool setUp(bool uploadConsent = true);
    // The two halves of setUp() for other destinations: the library as a source with its read
    // consent; a destination NAME URL with its upload consent.
    bool addLibrary() const;
    bool addDestination(const QString& name, const QString& url) const;
    // Writes a setting straight into the catalog (no CLI command exists for tuning knobs).
    bool setSetting(const QString& key, const QString& value) const;
    QStringList argsFor(const QStringList& args) const;

    // Random-content files (distinct), modification time 2019-03-15 12:00 local, so the default
    // template puts them under 2019/03/. Returns their relative paths.
    QStringList makeLibrary(int count, int largeCount = 0, qint64 largeSize = 0, quint32 seed = 1);
    // relative path -> SHA-256 hex of every regular file below root (hidden ones included).
    static QMap<QString, QByteArray> hashesUnder(const QString& root);
    // What the destination should hold for the library made by makeLibrary().
    QMap<QString, QByteArray> expectedAtDestination() const;
};

} // namespace ks::test
