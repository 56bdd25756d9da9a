#include "BackupFixture.h"

#include "catalog/Database.h"
#include "catalog/SettingsStore.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRandomGenerator>

namespace ks::test {

BackupFixture::BackupFixture(const QString& dir)
    : profile(dir + QStringLiteral("/profile")), library(dir + QStringLiteral("/library")),
      destination(dir + QStringLiteral("/backup"))
{
    QDir().mkpath(library);
    QDir().mkpath(destination);
}

QStringList BackupFixture::argsFor(const QStringList& args) const
{
    return QStringList{QStringLiteral("--profile"), profile} + args;
}

CliResult BackupFixture::cli(const QStringList& args, int timeoutMs) const
{
    return runCli(argsFor(args), timeoutMs);
}

bool BackupFixture::addLibrary() const
{
    return cli({QStringLiteral("source"), QStringLiteral("add"), library}).exitCode == 0 &&
           cli({QStringLiteral("consent"), QStringLiteral("grant"), QStringLiteral("read-source"),
                library})
                   .exitCode == 0;
}

bool BackupFixture::addDestination(const QString& name, const QString& url) const
{
    return cli({QStringLiteral("destination"), QStringLiteral("add"), name, url}).exitCode == 0 &&
           cli({QStringLiteral("consent"), QStringLiteral("grant"), QStringLiteral("upload"), name})
                   .exitCode == 0;
}

bool BackupFixture::setUp(bool uploadConsent)
{
    const QString url = QStringLiteral("local://") + destination;
    if (!addLibrary())
        return false;
    if (uploadConsent)
        return addDestination(QStringLiteral("usb"), url);
    return cli({QStringLiteral("destination"), QStringLiteral("add"), QStringLiteral("usb"), url})
               .exitCode == 0;
}

bool BackupFixture::setSetting(const QString& key, const QString& value) const
{
    Database db;
    Error error;
    return db.open(profile + QStringLiteral("/catalog.sqlite"), &error) &&
           SettingsStore(db.db()).setValue(key, value);
}

QStringList BackupFixture::makeLibrary(int count, int largeCount, qint64 largeSize, quint32 seed)
{
    QRandomGenerator rnd(seed);
    const QDateTime when(QDate(2019, 3, 15), QTime(12, 0));
    QStringList out;
    for (int i = 0; i < count + largeCount; ++i) {
        const bool large = i >= count;
        const QString rel =
            QStringLiteral("%1/IMG_%2%3.jpg")
                .arg(large ? QStringLiteral("videos") : QStringLiteral("album%1").arg(i % 4))
                .arg(seed)
                .arg(i, 5, 10, QLatin1Char('0'));
        const qint64 size = large ? largeSize : 2000 + rnd.bounded(200'000);
        QByteArray bytes(size, Qt::Uninitialized);
        bytes[0] = char(0xFF);
        bytes[1] = char(0xD8);
        bytes[2] = char(0xFF);
        for (qint64 k = 3; k < size; ++k)
            bytes[k] = char(rnd.generate());
        writeFile(library + QLatin1Char('/') + rel, bytes);
        QFile f(library + QLatin1Char('/') + rel);
        f.open(QIODevice::ReadWrite);
        f.setFileTime(when, QFileDevice::FileModificationTime);
        out << rel;
    }
    return out;
}

QMap<QString, QByteArray> BackupFixture::hashesUnder(const QString& root)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        // A symbolic link to a FIFO or a device passes QDir's filter; opening it would block.
        if (!it.fileInfo().isFile())
            continue;
        out.insert(QDir(root).relativeFilePath(path), sha256Hex(path));
    }
    return out;
}

QMap<QString, QByteArray> BackupFixture::expectedAtDestination() const
{
    QMap<QString, QByteArray> out;
    const QMap<QString, QByteArray> source = hashesUnder(library);
    for (auto it = source.cbegin(); it != source.cend(); ++it)
        out.insert(QStringLiteral("2019/03/") + it.key().section(QLatin1Char('/'), -1), it.value());
    return out;
}

} // namespace ks::test
