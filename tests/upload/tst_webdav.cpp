// Backups through the real keepsake-cli to a real Apache mod_dav server on loopback.
#include "ApacheDav.h"
#include "BackupFixture.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

class TestWebDav : public QObject
{
    Q_OBJECT

    static bool addDav(BackupFixture& fx, const ApacheDav& dav)
    {
        return fx.addLibrary() && fx.addDestination(QStringLiteral("dav"), dav.url());
    }

    static QStringList partFiles(const QMap<QString, QByteArray>& files)
    {
        QStringList out;
        for (const QString& k : files.keys())
            if (k.contains(QStringLiteral(".part")))
                out << k;
        return out;
    }

private Q_SLOTS:
    void init() { qputenv("KEEPSAKE_SECRET_DAV", "s3cret-pass"); }

    void backupIsByteExact()
    {
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), QStringLiteral("s3cret-pass"));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        const QStringList files = fx.makeLibrary(12, 1, 5 * 1024 * 1024, 3);
        QVERIFY(addDav(fx, dav));
        // A different file already has one of the names: it stays, ours gets a suffix.
        const QString name = files.first().section(QLatin1Char('/'), -1);
        QVERIFY(writeFile(dav.dataDir() + QStringLiteral("/2019/03/") + name, "theirs"));
        QProcess::execute(QStringLiteral("chown"),
                          {QStringLiteral("-R"), QStringLiteral("www-data"), dav.dataDir()});

        const CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QMap<QString, QByteArray> got = BackupFixture::hashesUnder(dav.dataDir());
        QMap<QString, QByteArray> want = fx.expectedAtDestination();
        const QByteArray ours = want.take(QStringLiteral("2019/03/") + name);
        QCOMPARE(got.take(QStringLiteral("2019/03/") + name),
                 sha256Hex(dav.dataDir() + QStringLiteral("/2019/03/") + name));
        QCOMPARE(got.take(QStringLiteral("2019/03/") + name.chopped(4) + QLatin1Char('-') +
                          QString::fromLatin1(ours.left(8)) + QStringLiteral(".jpg")),
                 ours);
        QCOMPARE(got, want);
        // History records a tag for each upload: the ETag when the server's answer to the PUT
        // carries one, else the size the server confirmed (Apache's PUT answer has no ETag, and
        // no PROPFIND is spent per file to ask for it).
        const QJsonObject history =
            QJsonDocument::fromJson(fx.cli({QStringLiteral("--json"), QStringLiteral("history"),
                                            QStringLiteral("--limit"), QStringLiteral("200")})
                                        .out)
                .object();
        int tags = 0;
        for (const QJsonValue& e : history.value(QStringLiteral("events")).toArray()) {
            const QString tag = e.toObject().value(QStringLiteral("remoteTag")).toString();
            const qint64 bytes = e.toObject().value(QStringLiteral("bytes")).toInteger(-1);
            if (tag.startsWith(QStringLiteral("size:")))
                QCOMPARE(tag, QStringLiteral("size:%1").arg(bytes));
            tags +=
                tag.startsWith(QStringLiteral("etag:")) || tag.startsWith(QStringLiteral("size:"));
        }
        QVERIFY(tags >= 13);
        // The password is in no file of the profile.
        for (const QByteArray& f : BackupFixture::hashesUnder(fx.profile)
                                       .keys()
                                       .join(QLatin1Char('\n'))
                                       .toUtf8()
                                       .split('\n')) {
            QFile file(fx.profile + QLatin1Char('/') + QString::fromUtf8(f));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains("s3cret-pass"), f.constData());
        }
    }

    // A new profile (a reinstall, a second computer) backing the same library up to the same
    // folder: the files there are read back and recognised, none is sent again beside itself; a
    // different file of the same size under a wanted name still keeps its name.
    void aNewProfileOnAnOldDestinationSendsNothingTwice()
    {
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), QStringLiteral("s3cret-pass"));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture first(dir.filePath(QStringLiteral("first")));
        first.makeLibrary(6, 1, 3 * 1024 * 1024, 17);
        QVERIFY(addDav(first, dav));
        CliResult r = first.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QCOMPARE(BackupFixture::hashesUnder(dav.dataDir()), first.expectedAtDestination());

        // One more photo, whose name the server already holds with other bytes of its size.
        const QString extra = first.library + QStringLiteral("/album0/IMG_extra.jpg");
        QDir album(first.library + QStringLiteral("/album0"));
        QFile any(album.filePath(album.entryList(QDir::Files).value(0)));
        QVERIFY(any.open(QIODevice::ReadOnly));
        QByteArray bytes = any.readAll(); // a JPEG, so the scan takes it
        bytes[bytes.size() - 3] = char(bytes[bytes.size() - 3] ^ 0x5a);
        QVERIFY(writeFile(extra, bytes));
        bytes[bytes.size() - 4] = char(bytes[bytes.size() - 4] ^ 0x5a);
        QVERIFY(writeFile(dav.dataDir() + QStringLiteral("/2019/03/IMG_extra.jpg"), bytes));
        QProcess::execute(QStringLiteral("chown"),
                          {QStringLiteral("-R"), QStringLiteral("www-data"), dav.dataDir()});
        QFile f(extra); // dated like the others, so its name is wanted under 2019/03
        QVERIFY(f.open(QIODevice::ReadWrite) &&
                f.setFileTime(QDateTime(QDate(2019, 3, 15), QTime(12, 0)),
                              QFileDevice::FileModificationTime));
        f.close();

        BackupFixture second(dir.filePath(QStringLiteral("second")));
        second.library = first.library;
        QVERIFY(addDav(second, dav));
        r = second.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QMap<QString, QByteArray> want = first.expectedAtDestination();
        const QByteArray ours = want.take(QStringLiteral("2019/03/IMG_extra.jpg"));
        want.insert(QStringLiteral("2019/03/IMG_extra.jpg"),
                    sha256Hex(dav.dataDir() + QStringLiteral("/2019/03/IMG_extra.jpg")));
        want.insert(QStringLiteral("2019/03/IMG_extra-") + QString::fromLatin1(ours.left(8)) +
                        QStringLiteral(".jpg"),
                    ours);
        QCOMPARE(BackupFixture::hashesUnder(dav.dataDir()), want);
        r = second.cli(
            {QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("1000")});
        QCOMPARE(r.out.count("already at the destination with the same content"), 7);
    }

    void wrongPasswordIsAPermanentFailure()
    {
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), QStringLiteral("s3cret-pass"));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        fx.makeLibrary(2);
        QVERIFY(addDav(fx, dav));
        qputenv("KEEPSAKE_SECRET_DAV", "wrong");
        const CliResult r = fx.cli({QStringLiteral("backup")});
        QCOMPARE(r.exitCode, 12);
        const QJsonArray failures =
            QJsonDocument::fromJson(
                fx.cli({QStringLiteral("--json"), QStringLiteral("failures")}).out)
                .object()
                .value(QStringLiteral("failures"))
                .toArray();
        QCOMPARE(failures.size(), 2);
        const QJsonObject f = failures.first().toObject();
        QCOMPARE(f.value(QStringLiteral("errorClass")).toString(), QStringLiteral("permanent"));
        QCOMPARE(f.value(QStringLiteral("httpStatus")).toInt(), 401);
        QVERIFY(f.value(QStringLiteral("reason"))
                    .toString()
                    .contains(QStringLiteral("refused the user name or password")));
        QVERIFY(BackupFixture::hashesUnder(dav.dataDir()).isEmpty());
    }

    void bandwidthLimitHolds()
    {
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), QStringLiteral("s3cret-pass"));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        fx.makeLibrary(0, 3, 1024 * 1024, 9);
        QVERIFY(addDav(fx, dav));
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("512")));
        QElapsedTimer timer;
        timer.start();
        const CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        // 3 MiB at 512 KiB/s shared by all transfers takes about 6 s, whatever runs in parallel
        // (the bucket may start with up to a second of budget).
        QVERIFY2(timer.elapsed() >= 4500, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(BackupFixture::hashesUnder(dav.dataDir()), fx.expectedAtDestination());
    }

    void killedUploadsResume()
    {
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), QStringLiteral("s3cret-pass"));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        fx.makeLibrary(40, 4, 4 * 1024 * 1024, 5);
        QVERIFY(addDav(fx, dav));
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("4096")));
        QRandomGenerator rnd(7);
        for (int round = 0; round < 8; ++round) {
            QProcess p;
            p.start(cliPath(), fx.argsFor({QStringLiteral("backup")}));
            QVERIFY(p.waitForStarted());
            if (p.waitForFinished(int(rnd.bounded(150, 1200))))
                break;
            p.kill();
            QVERIFY(p.waitForFinished(10000));
        }
        const CliResult r = fx.cli({QStringLiteral("backup")}, 300000);
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        const QMap<QString, QByteArray> got = BackupFixture::hashesUnder(dav.dataDir());
        QCOMPARE(partFiles(got), QStringList());
        QCOMPARE(got, fx.expectedAtDestination());
    }
};

QTEST_GUILESS_MAIN(TestWebDav)
#include "tst_webdav.moc"
