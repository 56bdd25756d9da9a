// Chaos: hostile names (issue 7, "Bad input"). A library whose file and folder names are what
// users and other programs really produce: the same-looking name in NFC and NFD, emoji, a newline,
// backslashes, leading dashes, ".." inside names, percent escapes that decode to "../", URL
// syntax, names that differ only in case, 255-byte names (also two of them in different folders,
// so one needs a collision suffix), and a file more than 4096 bytes deep. Each is backed up
// through the real keepsake-cli to a local folder, to Apache and nginx WebDAV and to s3rver, and
// ends with the chaos audit plus a check that nothing was written outside the destination's root
// (the folder, the served collection, the bucket prefix).
#include "ApacheDav.h"
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "NginxDav.h"
#include "S3rver.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

using namespace ks::test;

namespace {

const QString kKey = QStringLiteral("AKIDNAMES");
const QString kSecret = QStringLiteral("names-secret");

// A small JPEG-looking file with distinct content, dated 2019-03-15 like BackupFixture's.
QByteArray photoBytes(quint32 seed)
{
    QRandomGenerator rnd(seed);
    QByteArray b(3000 + int(rnd.bounded(4000)), Qt::Uninitialized);
    for (char& c : b)
        c = char(rnd.bounded(256));
    b[0] = char(0xFF);
    b[1] = char(0xD8);
    b[2] = char(0xFF);
    return b;
}

bool writePhoto(const QString& path, quint32 seed)
{
    if (!writeFile(path, photoBytes(seed)))
        return false;
    QFile f(path);
    return f.open(QIODevice::ReadWrite) &&
           f.setFileTime(QDateTime(QDate(2019, 3, 15), QTime(12, 0)),
                         QFileDevice::FileModificationTime);
}

// Folders below `root` nested until the path is longer than 4096 bytes (PATH_MAX), made with
// mkdirat/openat because no absolute path that long can be opened; a photo at the bottom.
// Returns the photo's path relative to root.
QString makeDeepFile(const QString& root, quint32 seed)
{
    const QByteArray segment(200, 'd');
    int fd = ::open(QFile::encodeName(root).constData(), O_RDONLY | O_DIRECTORY);
    QString rel;
    while (root.size() + rel.size() < 4200) {
        if (::mkdirat(fd, segment.constData(), 0755) != 0)
            return {};
        const int next = ::openat(fd, segment.constData(), O_RDONLY | O_DIRECTORY);
        ::close(fd);
        fd = next;
        rel += QString::fromLatin1(segment) + QLatin1Char('/');
    }
    const QByteArray bytes = photoBytes(seed);
    const int file = ::openat(fd, "deep.jpg", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const bool ok = file >= 0 &&
                    ::write(file, bytes.constData(), size_t(bytes.size())) == ssize_t(bytes.size());
    if (file >= 0)
        ::close(file);
    ::close(fd);
    return ok ? rel + QStringLiteral("deep.jpg") : QString();
}

// QTemporaryDir cannot remove a tree deeper than PATH_MAX; rm works below it with openat.
class DeepTreeRemover
{
public:
    explicit DeepTreeRemover(const QString& dir) : m_dir(dir) {}
    ~DeepTreeRemover() { QProcess::execute(QStringLiteral("rm"), {QStringLiteral("-rf"), m_dir}); }

private:
    QString m_dir;
};

struct HostileLibrary
{
    QStringList names; // relative paths that must be backed up
    QString deep;      // the file below a path longer than 4096 bytes
};

// `longNames`: s3rver keeps each object as a file named key + "._S3rver_object", so it cannot
// store names near 255 bytes itself; that limit is the test server's, not S3's.
HostileLibrary makeHostileLibrary(const QString& library, bool longNames)
{
    const QString cafeNfc = QStringLiteral("caf\u00e9.jpg");
    const QString cafeNfd = QStringLiteral("cafe\u0301.jpg");
    QStringList names = {
        cafeNfc,
        cafeNfd,
        QStringLiteral("\U0001F408 party \U0001F389.jpg"),
        QStringLiteral("line\nbreak.jpg"),
        QStringLiteral("back\\slash\\name.jpg"),
        QStringLiteral("-rf.jpg"),
        QStringLiteral("--help.jpg"),
        QStringLiteral("..double-dot.jpg"),
        QStringLiteral("a..b.jpg"),
        QStringLiteral("....jpg"),
        QStringLiteral("..%2F..%2F..%2Fescape.jpg"),
        QStringLiteral("%2e%2e"),
        QStringLiteral("50% off.jpg"),
        QStringLiteral("what?#frag.jpg"),
        QStringLiteral("semi;colon&amp=<x>.jpg"),
        QStringLiteral("quote\"s 'and' spaces .jpg"),
        QStringLiteral("tab\tname.jpg"),
        QStringLiteral("IMG_CASE.jpg"),
        QStringLiteral("img_case.jpg"),
        QStringLiteral("...dots/inner.jpg"),
        QStringLiteral("..%2F/folder-with-escape.jpg"),
        QStringLiteral("-dash-folder/photo.jpg"),
    };
    if (longNames) {
        const QString ascii255 = QString(251, QLatin1Char('x')) + QStringLiteral(".jpg");
        const QString utf8Long = QString(125, QChar(0x00e9)) + QStringLiteral(".jpg"); // 254 B
        names << ascii255 << utf8Long;
        // The same 255-byte name in two folders: the template puts both in 2019/03/, so one of
        // them gets a collision suffix, and must still fit in 255 bytes.
        names << QStringLiteral("twin-a/") + ascii255.left(250) + QStringLiteral("y.jpg")
              << QStringLiteral("twin-b/") + ascii255.left(250) + QStringLiteral("y.jpg");
    }
    HostileLibrary out;
    quint32 seed = 100;
    for (const QString& n : names)
        if (writePhoto(library + QLatin1Char('/') + n, ++seed))
            out.names << n;
    out.deep = makeDeepFile(library, ++seed);
    return out;
}

// Every file below `dir` (recursively, hidden ones too) as a path relative to it.
QStringList filesBelow(const QString& dir)
{
    QStringList out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        out << QDir(dir).relativeFilePath(it.next());
    return out;
}

QJsonArray scanProblems(const BackupFixture& fx)
{
    const CliResult r = fx.cli({QStringLiteral("--json"), QStringLiteral("assets")});
    return QJsonDocument::fromJson(r.out).object().value(QStringLiteral("problems")).toArray();
}

bool reported(const QJsonArray& problems, const QString& pathEnd, QString* reason)
{
    for (const QJsonValue& v : problems) {
        const QJsonObject o = v.toObject();
        if (o.value(QStringLiteral("path")).toString().endsWith(pathEnd)) {
            *reason = o.value(QStringLiteral("reason")).toString();
            return true;
        }
    }
    return false;
}

} // namespace

class ChaosNames : public QObject
{
    Q_OBJECT

private:
    // The part every destination shares: backup, the audit, the deep file reported.
    void backUpAndAudit(BackupFixture& fx, const HostileLibrary& lib, const QString& destination,
                        const std::function<Holdings()>& held, const QString& scenario)
    {
        QElapsedTimer timer;
        timer.start();
        const CliResult r = fx.cli({QStringLiteral("backup")}, 300000);
        const qint64 ms = timer.elapsed();
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        AuditOptions options;
        options.notBackedUp.insert(lib.deep);
        const AuditReport report = auditBackup(fx, destination, held(), options);
        QVERIFY2(report.ok(), qPrintable(report.text()));
        QCOMPARE(report.acknowledged, int(lib.names.size()));
        QCOMPARE(report.sourceFiles, int(lib.names.size()));
        // The file deeper than PATH_MAX cannot be opened by path: it is reported, with a reason,
        // instead of silently missing from the backup.
        QString reason;
        QVERIFY2(reported(scanProblems(fx), QStringLiteral("deep.jpg"), &reason),
                 "the file below a path over 4096 bytes is not among the scan problems");
        QVERIFY2(reason.contains(QStringLiteral("too long")), qPrintable(reason));
        recordFigures(scenario, {{QStringLiteral("files"), lib.names.size()},
                                 {QStringLiteral("backupMs"), ms},
                                 {QStringLiteral("deepPathBytes"), lib.deep.toUtf8().size()}});
    }

private Q_SLOTS:
    void localDestination()
    {
        QTemporaryDir dir;
        const DeepTreeRemover remover(dir.path());
        BackupFixture fx(dir.path());
        const HostileLibrary lib = makeHostileLibrary(fx.library, true);
        QVERIFY(!lib.deep.isEmpty());
        // The destination is a folder inside a folder that must stay empty but for it.
        const QString outer = dir.filePath(QStringLiteral("outer"));
        const QString root = outer + QStringLiteral("/root");
        QVERIFY(QDir().mkpath(root));
        QVERIFY(fx.addLibrary());
        QVERIFY(fx.addDestination(QStringLiteral("usb"), QStringLiteral("local://") + root));
        backUpAndAudit(
            fx, lib, QStringLiteral("usb"), [&] { return BackupFixture::hashesUnder(root); },
            QStringLiteral("names-local"));
        for (const QString& f : filesBelow(outer))
            QVERIFY2(f.startsWith(QStringLiteral("root/")), qPrintable(f));
        // Nothing landed beside the test's folders either (a "../" that got through).
        const QStringList top =
            QDir(dir.path())
                .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System);
        QCOMPARE(top, QStringList({QStringLiteral("backup"), QStringLiteral("library"),
                                   QStringLiteral("outer"), QStringLiteral("profile")}));
        // Case-only differences stay two files (this destination is case-sensitive), and the
        // NFC and NFD names stay two names, each with its own bytes.
        const Holdings held = BackupFixture::hashesUnder(root);
        QVERIFY(held.contains(QStringLiteral("2019/03/IMG_CASE.jpg")));
        QVERIFY(held.contains(QStringLiteral("2019/03/img_case.jpg")));
        QVERIFY(held.contains(QStringLiteral("2019/03/caf\u00e9.jpg")));
        QVERIFY(held.contains(QStringLiteral("2019/03/cafe\u0301.jpg")));
        for (const QString& key : held.keys())
            QVERIFY2(key.section(QLatin1Char('/'), -1).toUtf8().size() <= 255, qPrintable(key));
    }

    void webDav_data()
    {
        QTest::addColumn<QString>("server");
        QTest::newRow("apache") << QStringLiteral("apache");
        QTest::newRow("nginx") << QStringLiteral("nginx");
    }

    void webDav()
    {
        QFETCH(QString, server);
        QTemporaryDir dir;
        const DeepTreeRemover remover(dir.path());
        BackupFixture fx(dir.path());
        const HostileLibrary lib = makeHostileLibrary(fx.library, true);
        QVERIFY(!lib.deep.isEmpty());
        qputenv("KEEPSAKE_SECRET_DAV", "names-pass");
        std::unique_ptr<ApacheDav> apache;
        std::unique_ptr<NginxDav> nginx;
        QString error, url, data;
        if (server == QLatin1String("apache")) {
            apache = std::make_unique<ApacheDav>(dir.filePath(QStringLiteral("apache")),
                                                 QStringLiteral("names-pass"));
            QVERIFY2(apache->start(&error), qPrintable(error));
            url = apache->url();
            data = apache->dataDir();
        } else {
            nginx = std::make_unique<NginxDav>(dir.filePath(QStringLiteral("nginx")),
                                               QStringLiteral("names-pass"));
            QVERIFY2(nginx->start(&error), qPrintable(error));
            url = nginx->url();
            data = nginx->dataDir();
        }
        // Back up into a collection below the served folder: anything that escapes it shows.
        QVERIFY(QDir().mkpath(data + QStringLiteral("/photos")));
        QProcess::execute(QStringLiteral("chown"),
                          {QStringLiteral("www-data:www-data"), data + QStringLiteral("/photos")});
        QVERIFY(fx.addLibrary());
        QVERIFY(fx.addDestination(QStringLiteral("dav"), url + QStringLiteral("/photos")));
        const QString root = data + QStringLiteral("/photos");
        backUpAndAudit(
            fx, lib, QStringLiteral("dav"), [&] { return BackupFixture::hashesUnder(root); },
            QStringLiteral("names-") + server);
        for (const QString& f : filesBelow(data))
            QVERIFY2(f.startsWith(QStringLiteral("photos/")), qPrintable(f));
        const QString parent = QFileInfo(data).absolutePath();
        const QStringList besideData =
            QDir(parent).entryList({QStringLiteral("*.jpg")}, QDir::Files | QDir::Hidden);
        QVERIFY2(besideData.isEmpty(), qPrintable(besideData.join(QLatin1Char(','))));
    }

    void s3()
    {
        QTemporaryDir dir;
        const DeepTreeRemover remover(dir.path());
        BackupFixture fx(dir.path());
        const HostileLibrary lib = makeHostileLibrary(fx.library, false);
        QVERIFY(!lib.deep.isEmpty());
        qputenv("KEEPSAKE_SECRET_S3", kSecret.toUtf8());
        S3rver server(dir.filePath(QStringLiteral("s3rver")), kKey, kSecret);
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(fx.addLibrary());
        QVERIFY(fx.addDestination(QStringLiteral("s3"), server.url(QStringLiteral("backup"))));
        backUpAndAudit(
            fx, lib, QStringLiteral("s3"),
            [&] { return server.objectHashes(QStringLiteral("backup/")); },
            QStringLiteral("names-s3"));
        // Every object of the bucket is below the prefix.
        const QMap<QString, QByteArray> all = server.objectHashes(QString());
        QCOMPARE(all.size(), int(lib.names.size()));
        for (const QString& key : all.keys())
            QVERIFY2(key.startsWith(QStringLiteral("backup/2019/03/")), qPrintable(key));
    }
};

QTEST_GUILESS_MAIN(ChaosNames)
#include "tst_chaos_names.moc"
