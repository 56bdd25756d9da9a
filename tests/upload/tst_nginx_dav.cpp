// The same backups against nginx's WebDAV (dav + dav-ext modules): a second real server with
// its own answers (no ETags, its own status codes for MKCOL and MOVE).
#include "BackupFixture.h"
#include "NginxDav.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

class TestNginxDav : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void backupIsByteExactAndNotRepeated()
    {
        qputenv("KEEPSAKE_SECRET_NGX", "nginx-pass");
        QTemporaryDir dir;
        NginxDav dav(dir.filePath(QStringLiteral("nginx")), QStringLiteral("nginx-pass"));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        const QStringList files = fx.makeLibrary(10, 1, 4 * 1024 * 1024, 11);
        QVERIFY(fx.addLibrary());
        QVERIFY(fx.addDestination(QStringLiteral("ngx"), dav.url()));
        // A different file already has one of the names: it stays, ours gets a suffix.
        const QString name = files.first().section(QLatin1Char('/'), -1);
        QVERIFY(writeFile(dav.dataDir() + QStringLiteral("/2019/03/") + name, "theirs"));

        CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err + fx.cli({QStringLiteral("failures")}).out);
        QMap<QString, QByteArray> got = BackupFixture::hashesUnder(dav.dataDir());
        QMap<QString, QByteArray> want = fx.expectedAtDestination();
        const QByteArray ours = want.take(QStringLiteral("2019/03/") + name);
        QCOMPARE(got.take(QStringLiteral("2019/03/") + name),
                 sha256Hex(dav.dataDir() + QStringLiteral("/2019/03/") + name));
        QCOMPARE(got.take(QStringLiteral("2019/03/") + name.chopped(4) + QLatin1Char('-') +
                          QString::fromLatin1(ours.left(8)) + QStringLiteral(".jpg")),
                 ours);
        QCOMPARE(got, want);

        // A second run finds everything acknowledged and sends nothing.
        const QDateTime before =
            QFileInfo(dav.dataDir() + QLatin1Char('/') + want.firstKey()).lastModified();
        r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QCOMPARE(BackupFixture::hashesUnder(dav.dataDir()).size(), want.size() + 2);
        QCOMPARE(QFileInfo(dav.dataDir() + QLatin1Char('/') + want.firstKey()).lastModified(),
                 before);
    }

    void anAnonymousShareNeedsNoKeychain()
    {
        QTemporaryDir dir;
        NginxDav dav(dir.filePath(QStringLiteral("nginx")), QString());
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        fx.makeLibrary(3);
        QVERIFY(fx.addLibrary());
        QVERIFY(fx.addDestination(QStringLiteral("open"),
                                  QStringLiteral("webdav://127.0.0.1:%1/dav").arg(dav.port())));
        // No keychain service at all: nothing needs one.
        const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/keepsake-test-bus");
        const CliResult r = fx.cli({QStringLiteral("backup")});
        qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
        QVERIFY2(r.exitCode == 0, r.out + r.err + fx.cli({QStringLiteral("failures")}).out);
        QCOMPARE(BackupFixture::hashesUnder(dav.dataDir()), fx.expectedAtDestination());
    }

    void wrongPasswordIsAPermanentFailure()
    {
        qputenv("KEEPSAKE_SECRET_NGX", "wrong");
        QTemporaryDir dir;
        NginxDav dav(dir.filePath(QStringLiteral("nginx")), QStringLiteral("nginx-pass"));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        fx.makeLibrary(2);
        QVERIFY(fx.addLibrary());
        QVERIFY(fx.addDestination(QStringLiteral("ngx"), dav.url()));
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 12);
        const QJsonArray failures =
            QJsonDocument::fromJson(
                fx.cli({QStringLiteral("--json"), QStringLiteral("failures")}).out)
                .object()
                .value(QStringLiteral("failures"))
                .toArray();
        QCOMPARE(failures.size(), 2);
        QCOMPARE(failures.first().toObject().value(QStringLiteral("httpStatus")).toInt(), 401);
        QVERIFY(BackupFixture::hashesUnder(dav.dataDir()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNginxDav)
#include "tst_nginx_dav.moc"
