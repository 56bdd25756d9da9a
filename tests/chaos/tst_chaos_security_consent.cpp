// Issue 7, security: consent is enforced in core, not in the front ends. Without `upload`
// consent not one request reaches the WebDAV server (counted by a proxy in front of it);
// without `read-source` the folder is not even listed; without `location` no GPS tag leaves;
// an Engine driven directly in this process (no CLI) refuses the same. And TLS: a pinned
// certificate trusts one destination only, and a changed certificate is refused and explained.
#include "ApacheDav.h"
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "FaultProxy.h"
#include "catalog/Database.h"
#include "jobs/Engine.h"
#include "profile/Profile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

namespace {

// A folder in the WebDAV server's data folder the server (running as www-data) may write in.
bool serverFolder(const QString& path)
{
    return QDir().mkpath(path) && QFile::setPermissions(path, QFileDevice::Permissions(0x7777));
}

const QString kPassword = QStringLiteral("consent-pass");

int requestsSeen(const FaultProxy& proxy)
{
    int n = 0;
    for (const char* m : {"PUT", "PROPFIND", "MKCOL", "MOVE", "DELETE", "GET", "HEAD", "OPTIONS"})
        n += proxy.forwarded(m);
    return n;
}

qint64 count(const BackupFixture& fx, const QString& sql)
{
    Database db;
    Error error;
    if (!db.open(fx.profile + QStringLiteral("/catalog.sqlite"), &error))
        return -1;
    QSqlQuery q(db.db());
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

bool run(const QString& program, const QStringList& args, QByteArray* out = nullptr)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return false;
    if (out)
        *out = p.readAllStandardOutput();
    return true;
}

QString failureReason(const BackupFixture& fx)
{
    const QJsonArray f =
        QJsonDocument::fromJson(fx.cli({QStringLiteral("--json"), QStringLiteral("failures")}).out)
            .object()
            .value(QStringLiteral("failures"))
            .toArray();
    return f.isEmpty() ? QString()
                       : f.first().toObject().value(QStringLiteral("reason")).toString();
}

} // namespace

class TestChaosSecurityConsent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { qputenv("KEEPSAKE_SECRET_NAS", kPassword.toUtf8()); }

    void noUploadConsentNoRequest()
    {
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), kPassword);
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        QVERIFY(serverFolder(dav.dataDir() + QStringLiteral("/backup")));
        FaultProxy proxy(dav.port());
        QVERIFY(proxy.start());
        BackupFixture fx(dir.path());
        fx.makeLibrary(10, 0, 0, 601);
        QVERIFY(fx.addLibrary());
        const QString url =
            QStringLiteral("webdav://alice@127.0.0.1:%1/dav/backup").arg(proxy.port());
        QCOMPARE(fx.cli({QStringLiteral("destination"), QStringLiteral("add"),
                         QStringLiteral("nas"), url})
                     .exitCode,
                 0);
        // Never given, then given and revoked: not one request, not one job.
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 10);
        QCOMPARE(requestsSeen(proxy), 0);
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("grant"),
                         QStringLiteral("upload"), QStringLiteral("nas")})
                     .exitCode,
                 0);
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("revoke"),
                         QStringLiteral("upload"), QStringLiteral("nas")})
                     .exitCode,
                 0);
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 10);
        QCOMPARE(requestsSeen(proxy), 0);
        QCOMPARE(count(fx, QStringLiteral("SELECT count(*) FROM jobs")), 0);
        QVERIFY(BackupFixture::hashesUnder(dav.dataDir()).isEmpty());
        // The probe can see: with consent the same run goes through the proxy.
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("grant"),
                         QStringLiteral("upload"), QStringLiteral("nas")})
                     .exitCode,
                 0);
        const CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err + fx.cli({QStringLiteral("failures")}).out);
        QCOMPARE(proxy.forwarded("PUT"), 10);
        const AuditReport report =
            auditBackup(fx, QStringLiteral("nas"),
                        BackupFixture::hashesUnder(dav.dataDir() + QStringLiteral("/backup")));
        QVERIFY2(report.ok(), qPrintable(report.text()));
    }

    void noReadConsentNotEvenListed()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        fx.makeLibrary(4, 0, 0, 602);
        QVERIFY(fx.setUp());
        // A folder that cannot be listed: any attempt to read it would leave a scan problem.
        const QString secret = dir.filePath(QStringLiteral("private"));
        QVERIFY(writeFile(secret + QStringLiteral("/IMG_1.jpg"), "\xFF\xD8\xFF private"));
        QCOMPARE(fx.cli({QStringLiteral("source"), QStringLiteral("add"), secret}).exitCode, 0);
        QVERIFY(QFile::setPermissions(secret, QFile::WriteOwner | QFile::ExeOwner));
        auto seenOfPrivate = [&] {
            return count(fx, QStringLiteral("SELECT (SELECT count(*) FROM resources r JOIN "
                                            "sources s ON s.id = r.source_id WHERE s.path = '%1')"
                                            " + (SELECT count(*) FROM scan_problems p JOIN "
                                            "sources s ON s.id = p.source_id WHERE s.path = '%1')")
                                 .arg(secret));
        };
        // The library is backed up; the other folder waits for its consent, unread.
        CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 10 && r.out.contains("Waiting for consent: read-source"),
                 r.out + r.err);
        QCOMPARE(seenOfPrivate(), 0);
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("grant"),
                         QStringLiteral("read-source"), secret})
                     .exitCode,
                 0);
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("revoke"),
                         QStringLiteral("read-source"), secret})
                     .exitCode,
                 0);
        fx.cli({QStringLiteral("backup")});
        QCOMPARE(seenOfPrivate(), 0);
        // The probe can see: with consent, the scan tries and reports the folder it cannot list.
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("grant"),
                         QStringLiteral("read-source"), secret})
                     .exitCode,
                 0);
        fx.cli({QStringLiteral("scan")});
        const qint64 withConsent = seenOfPrivate();
        QFile::setPermissions(secret, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY2(withConsent > 0, "the scan of a folder it may read left no trace");
        const AuditReport report =
            auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination));
        QVERIFY2(report.ok(), qPrintable(report.text()));
    }

    void noLocationConsentNoGpsOverWebDav()
    {
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), kPassword);
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        const QString photo = fx.library + QStringLiteral("/gps.jpg");
        QVERIFY(run(QStringLiteral("convert"), {QStringLiteral("-size"), QStringLiteral("40x30"),
                                                QStringLiteral("plasma:"), photo}));
        QVERIFY(run(
            QStringLiteral("exiv2"),
            {QStringLiteral("-M"),
             QStringLiteral("set Exif.Photo.DateTimeOriginal 2022:02:02 10:00:00"),
             QStringLiteral("-M"), QStringLiteral("set Exif.GPSInfo.GPSLatitude 52/1 31/1 0/1"),
             QStringLiteral("-M"), QStringLiteral("set Exif.GPSInfo.GPSLatitudeRef N"),
             QStringLiteral("-M"), QStringLiteral("set Exif.GPSInfo.GPSLongitude 13/1 24/1 0/1"),
             QStringLiteral("-M"), QStringLiteral("set Exif.GPSInfo.GPSLongitudeRef E"), photo}));
        const QByteArray original = sha256Hex(photo);
        QVERIFY(fx.addLibrary());
        QVERIFY(serverFolder(dav.dataDir() + QStringLiteral("/backup")));
        QVERIFY(fx.addDestination(QStringLiteral("nas"), dav.url() + QStringLiteral("/backup")));
        const CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err + fx.cli({QStringLiteral("failures")}).out);
        const QString sent = dav.dataDir() + QStringLiteral("/backup/2022/02/gps.jpg");
        QByteArray tags;
        QVERIFY(run(QStringLiteral("exiv2"), {QStringLiteral("-pa"), sent}, &tags) ||
                !tags.isEmpty());
        QVERIFY2(!tags.contains("GPS"), tags.constData());
        QVERIFY(tags.contains("DateTimeOriginal"));
        QVERIFY(!QFile(sent).readAll().contains("52/1"));
        QCOMPARE(sha256Hex(photo), original);
        // The catalog records what was sent, and the server holds exactly that.
        QCOMPARE(count(fx, QStringLiteral("SELECT count(*) FROM jobs WHERE state = 'acknowledged' "
                                          "AND lower(hex(sent_sha256)) = '%1'")
                               .arg(QString::fromLatin1(sha256Hex(sent)))),
                 1);
        QVERIFY(QDir(fx.profile + QStringLiteral("/tmp")).entryList(QDir::Files).isEmpty());
    }

    // An Engine in this process, driven by its own slots: the CLI is not what enforces consent.
    void engineCalledDirectlyRefusesTheSame()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        fx.makeLibrary(5, 0, 0, 603);
        QVERIFY(fx.setUp(/*uploadConsent=*/false));
        Error error;
        const Profile profile = Profile::open(fx.profile, &error);
        QVERIFY2(!error, qPrintable(error.message));
        auto runEngine = [&](const std::function<void(Engine&)>& call) {
            Engine engine(profile, {});
            QSignalSpy idle(&engine, &Engine::idle);
            engine.start();
            if (!idle.wait(60000))
                return false;
            if (call) {
                idle.clear();
                call(engine);
                if (idle.isEmpty() && !idle.wait(60000))
                    return false;
            }
            engine.stop();
            return true;
        };
        QVERIFY(runEngine([](Engine& e) {
            e.retryAll();
            e.rescan();
        }));
        QVERIFY(BackupFixture::hashesUnder(fx.destination).isEmpty());
        QCOMPARE(count(fx, QStringLiteral("SELECT count(*) FROM jobs")), 0);

        // Given: everything goes. Revoked: new files and retries of old jobs go nowhere.
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("grant"),
                         QStringLiteral("upload"), QStringLiteral("usb")})
                     .exitCode,
                 0);
        QVERIFY(runEngine({}));
        const Holdings before = BackupFixture::hashesUnder(fx.destination);
        QCOMPARE(before.size(), 5);
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("revoke"),
                         QStringLiteral("upload"), QStringLiteral("usb")})
                     .exitCode,
                 0);
        fx.makeLibrary(3, 0, 0, 604);
        QVERIFY(runEngine([](Engine& e) {
            e.rescan();
            e.retryAll();
            e.resume();
        }));
        QCOMPARE(BackupFixture::hashesUnder(fx.destination), before);
        // read-source revoked: the new files are not even in the catalog after a rescan.
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("grant"),
                         QStringLiteral("upload"), QStringLiteral("usb")})
                     .exitCode,
                 0);
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("revoke"),
                         QStringLiteral("read-source"), fx.library})
                     .exitCode,
                 0);
        fx.makeLibrary(2, 0, 0, 605);
        const qint64 resources = count(fx, QStringLiteral("SELECT count(*) FROM resources"));
        QVERIFY(runEngine([&](Engine& e) { e.rescan({fx.library}); }));
        QCOMPARE(count(fx, QStringLiteral("SELECT count(*) FROM resources")), resources);
        QCOMPARE(BackupFixture::hashesUnder(fx.destination), before);
    }

    void pinTrustsOneDestinationOnly()
    {
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), kPassword);
        dav.enableTls();
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        qputenv("KEEPSAKE_SECRET_OTHER", kPassword.toUtf8());
        BackupFixture fx(dir.path());
        fx.makeLibrary(3, 0, 0, 606);
        QVERIFY(fx.addLibrary());
        QVERIFY(serverFolder(dav.dataDir() + QStringLiteral("/a")));
        QVERIFY(serverFolder(dav.dataDir() + QStringLiteral("/b")));
        const QString base = dav.url(QStringLiteral("webdavs"));
        QVERIFY(fx.addDestination(QStringLiteral("nas"), base + QStringLiteral("/a")));
        QVERIFY(fx.addDestination(QStringLiteral("other"), base + QStringLiteral("/b")));
        QCOMPARE(fx.cli({QStringLiteral("destination"), QStringLiteral("trust"),
                         QStringLiteral("nas"), dav.certificateFingerprint()})
                     .exitCode,
                 0);
        const QString hex = dav.certificateFingerprint().toLower().remove(QLatin1Char(':'));
        CliResult r = fx.cli(
            {QStringLiteral("destination"), QStringLiteral("test"), QStringLiteral("other")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(hex.toLatin1()), r.err.constData());
        r = fx.cli({QStringLiteral("backup")});
        QCOMPARE(r.exitCode, 12);
        QCOMPARE(BackupFixture::hashesUnder(dav.dataDir() + QStringLiteral("/a")).size(), 3);
        QVERIFY(BackupFixture::hashesUnder(dav.dataDir() + QStringLiteral("/b")).isEmpty());
        const AuditReport report = auditBackup(fx, QStringLiteral("nas"),
                                               BackupFixture::hashesUnder(dav.dataDir() + "/a"));
        QVERIFY2(report.ok(), qPrintable(report.text()));
    }

    void changedCertificateIsRefusedAndExplained()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        fx.makeLibrary(3, 0, 0, 607);
        QVERIFY(fx.addLibrary());
        QString error;
        auto first =
            std::make_unique<ApacheDav>(dir.filePath(QStringLiteral("apache1")), kPassword);
        first->enableTls();
        QVERIFY2(first->start(&error), qPrintable(error));
        QVERIFY(serverFolder(first->dataDir() + QStringLiteral("/backup")));
        QVERIFY(fx.addDestination(QStringLiteral("nas"), first->url(QStringLiteral("webdavs")) +
                                                             QStringLiteral("/backup")));
        const QString trusted = first->certificateFingerprint();
        QCOMPARE(fx.cli({QStringLiteral("destination"), QStringLiteral("trust"),
                         QStringLiteral("nas"), trusted})
                     .exitCode,
                 0);
        CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err + fx.cli({QStringLiteral("failures")}).out);
        first.reset();

        // The server comes back with another certificate (here on another port; the address
        // is updated in the catalog, the pin stays: the same server as far as Keepsake knows).
        ApacheDav second(dir.filePath(QStringLiteral("apache2")), kPassword);
        second.enableTls();
        QVERIFY2(second.start(&error), qPrintable(error));
        QVERIFY(serverFolder(second.dataDir() + QStringLiteral("/backup")));
        {
            Database db;
            Error dbError;
            QVERIFY(db.open(fx.profile + QStringLiteral("/catalog.sqlite"), &dbError));
            QSqlQuery q(db.db());
            q.prepare(QStringLiteral("UPDATE destinations SET url = ? WHERE name = 'nas'"));
            q.addBindValue(
                QString(second.url(QStringLiteral("webdavs")) + QStringLiteral("/backup")));
            QVERIFY(q.exec());
        }
        fx.makeLibrary(2, 0, 0, 608);
        const QString now = second.certificateFingerprint().toLower().remove(QLatin1Char(':'));
        r = fx.cli({QStringLiteral("destination"), QStringLiteral("test"), QStringLiteral("nas")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("changed since you trusted it") && r.err.contains(now.toLatin1()),
                 r.err.constData());
        r = fx.cli({QStringLiteral("backup")});
        QCOMPARE(r.exitCode, 12);
        QVERIFY(BackupFixture::hashesUnder(second.dataDir()).isEmpty());
        const QString reason = failureReason(fx);
        QVERIFY2(reason.contains(QStringLiteral("changed since you trusted it")) &&
                     reason.contains(trusted.toLower().remove(QLatin1Char(':'))) &&
                     reason.contains(now),
                 qPrintable(reason));
    }
};

QTEST_GUILESS_MAIN(TestChaosSecurityConsent)
#include "tst_chaos_security_consent.moc"
