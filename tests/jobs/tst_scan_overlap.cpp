// Issue 8: a first backup of a large library starts uploading while the scan still hashes. The
// library ends with a 1 TiB sparse photo (reading it takes minutes), walked after everything
// else: the real `keepsake-cli backup` must acknowledge uploads while that file is still being
// read. No timing is measured: the proof is the catalog's state at one instant (files
// acknowledged while the scan has not finished) and the server's after a second run.
// The library is Live Photos with identical XMP sidecars, scattered by readdir over the scan's
// batches, so planning what a batch committed must name them exactly as planning after a whole
// scan does: the video and the sidecar beside the photo under the photo's capture date, each
// sidecar under its own name (sidecars are never merged with identical content).
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "NginxDav.h"
#include "catalog/Database.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

namespace {

constexpr int kGroups = 200; // 600 files: two of the scan's batches, and a third with the huge file
const char kHuge[] = "later/huge.jpg";

bool runTool(const QString& program, const QStringList& args)
{
    QProcess p;
    p.start(program, args);
    return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

void setMtime(const QString& path, const QDateTime& when)
{
    QFile f(path);
    f.open(QIODevice::ReadWrite);
    f.setFileTime(when, QFileDevice::FileModificationTime);
}

// counts of (acknowledged jobs, resources of the huge file, sources scanned to their end), read
// while the CLI runs, through a read-only connection of our own.
struct Snapshot
{
    int acknowledged = 0;
    int hugeRows = 0;
    int scanned = 0;
};

Snapshot snapshot(const QString& catalog)
{
    Snapshot s;
    const QString name = QStringLiteral("overlap-poll");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(catalog);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral(
                           "SELECT (SELECT count(*) FROM jobs WHERE state = 'acknowledged'), "
                           "(SELECT count(*) FROM resources WHERE rel_path = '%1'), "
                           "(SELECT count(*) FROM sources WHERE last_scan_at IS NOT NULL)")
                           .arg(QLatin1String(kHuge))) &&
                q.next())
                s = {q.value(0).toInt(), q.value(1).toInt(), q.value(2).toInt()};
        }
    }
    QSqlDatabase::removeDatabase(name);
    return s;
}

} // namespace

class TestScanOverlap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void uploadsStartWhileTheScanHashes()
    {
        qputenv("KEEPSAKE_SECRET_NGX", "nginx-pass");
        QTemporaryDir dir;
        NginxDav dav(dir.filePath(QStringLiteral("nginx")), QStringLiteral("nginx-pass"));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());

        // One real JPEG with an EXIF capture date; each photo is it with a comment segment of
        // its own bytes after the start marker, so every photo differs and keeps its EXIF.
        const QString tpl = dir.filePath(QStringLiteral("template.jpg"));
        QVERIFY(
            runTool(QStringLiteral("convert"), {QStringLiteral("-size"), QStringLiteral("48x32"),
                                                QStringLiteral("plasma:"), tpl}));
        QVERIFY(
            runTool(QStringLiteral("exiv2"),
                    {QStringLiteral("-M"),
                     QStringLiteral("set Exif.Photo.DateTimeOriginal 2021:07:14 18:30:05"), tpl}));
        QFile tf(tpl);
        QVERIFY(tf.open(QIODevice::ReadOnly));
        const QByteArray jpeg = tf.readAll();
        QVERIFY(jpeg.startsWith("\xFF\xD8"));
        const QByteArray xmp("<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta "
                             "xmlns:x=\"adobe:ns:meta/\"/><?xpacket end=\"w\"?>");
        QRandomGenerator rnd(8);
        // The videos' own time (their file time: no QuickTime date) is another month: the
        // photo's EXIF date wins for the whole Live Photo.
        const QDateTime videoTime(QDate(2019, 3, 15), QTime(12, 0));
        for (int i = 0; i < kGroups; ++i) {
            const QString base =
                fx.library + QStringLiteral("/IMG_%1").arg(i, 4, 10, QLatin1Char('0'));
            QByteArray comment(1000, Qt::Uninitialized);
            for (char& c : comment)
                c = char(rnd.generate());
            QVERIFY(writeFile(base + QStringLiteral(".jpg"),
                              QByteArray("\xFF\xD8\xFF\xFE\x03\xEA", 6) + comment + jpeg.mid(2)));
            // ftyp, then a "free" atom of its own bytes (no movie header: no QuickTime date).
            const int pad = 20000 + i;
            QByteArray mov("\0\0\0\x14"
                           "ftypqt  \0\0\0\0qt  ",
                           20);
            const quint32 atom = quint32(8 + pad);
            for (int shift : {24, 16, 8, 0})
                mov.append(char((atom >> shift) & 0xFF));
            mov.append("free");
            mov.append(QByteArray(pad, char(i)));
            QVERIFY(writeFile(base + QStringLiteral(".MOV"), mov));
            setMtime(base + QStringLiteral(".MOV"), videoTime);
            QVERIFY(writeFile(base + QStringLiteral(".jpg.xmp"), xmp));
        }
        // Walked last (a sub-folder comes after the files of its parent), read for minutes.
        const QString huge = fx.library + QLatin1Char('/') + QLatin1String(kHuge);
        QVERIFY(writeFile(huge, QByteArray("\xFF\xD8\xFF\xE0", 4)));
        QVERIFY(QFile::resize(huge, qint64(1) << 40));

        QVERIFY(fx.addLibrary());
        const QString root = dav.dataDir() + QStringLiteral("/backup");
        QVERIFY(QDir().mkpath(root));
        QVERIFY(fx.addDestination(QStringLiteral("ngx"), dav.url() + QStringLiteral("/backup")));
        const QString catalog = fx.profile + QStringLiteral("/catalog.sqlite");

        // Run 1: wait until files are acknowledged, then stop it as a user would (Ctrl+C).
        QProcess cli;
        cli.start(cliPath(), fx.argsFor({QStringLiteral("backup")}));
        QVERIFY(cli.waitForStarted());
        Snapshot seen;
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 120000 && cli.state() == QProcess::Running) {
            seen = snapshot(catalog);
            if (seen.acknowledged >= 10)
                break;
            QTest::qWait(50);
        }
        cli.terminate();
        if (!cli.waitForFinished(20000))
            cli.kill();
        cli.waitForFinished(5000);
        QVERIFY2(seen.acknowledged >= 10,
                 qPrintable(QStringLiteral("%1 files acknowledged while the scan ran (after %2 "
                                           "ms); the CLI said: %3")
                                .arg(seen.acknowledged)
                                .arg(waited.elapsed())
                                .arg(QString::fromLocal8Bit(cli.readAllStandardOutput() +
                                                            cli.readAllStandardError()))));
        // ...and at that instant the scan had not finished: the huge file was not in the
        // catalog and no source had been scanned to its end.
        QCOMPARE(seen.hugeRows, 0);
        QCOMPARE(seen.scanned, 0);
        QCOMPARE(cli.exitCode(), 13); // interrupted: stopped before the end

        // Run 2: the huge photo is replaced by a small one; the backup goes on where it stopped.
        QVERIFY(QFile::remove(huge));
        QVERIFY(writeFile(huge, QByteArray("\xFF\xD8\xFF\xE0", 4) + QByteArray(5000, 'x') +
                                    QByteArray("\xFF\xD9", 2)));
        setMtime(huge, videoTime);
        const CliResult last = fx.cli({QStringLiteral("backup")}, 300000);
        QVERIFY2(last.exitCode == 0,
                 last.out + last.err + fx.cli({QStringLiteral("failures")}).out);

        const Holdings held = BackupFixture::hashesUnder(root);
        const AuditReport audit = auditBackup(fx, QStringLiteral("ngx"), held);
        QVERIFY2(audit.ok(), qPrintable(audit.text()));
        QCOMPARE(audit.acknowledged, 3 * kGroups + 1);
        // Named as a whole scan would name them: the photo's capture month for the whole Live
        // Photo, every sidecar its own file beside its photo.
        QStringList misnamed;
        for (int i = 0; i < kGroups; ++i) {
            const QString base = QStringLiteral("2021/07/IMG_%1").arg(i, 4, 10, QLatin1Char('0'));
            for (const char* ext : {".jpg", ".MOV", ".jpg.xmp"}) {
                if (!held.contains(base + QLatin1String(ext)))
                    misnamed << base + QLatin1String(ext);
            }
        }
        QVERIFY2(misnamed.isEmpty(), qPrintable(QStringLiteral("not at the destination: ") +
                                                misnamed.mid(0, 10).join(QStringLiteral(", "))));
        QVERIFY(held.contains(QStringLiteral("2019/03/huge.jpg")));
        QCOMPARE(held.size(), 3 * kGroups + 1);
        Database db;
        Error dbError;
        QVERIFY(db.open(catalog, &dbError));
        QSqlQuery q(db.db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM jobs j JOIN resources r ON r.id = "
                                      "j.resource_id WHERE r.role = 'sidecar' AND j.dedup_of IS "
                                      "NULL AND j.state = 'acknowledged'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), kGroups);
        // The plans made while the scans ran cancelled nothing (no file of the library was ever
        // missing) and each file was acknowledged once: nothing sent twice.
        QVERIFY(q.exec(QStringLiteral("SELECT (SELECT count(*) FROM job_events WHERE to_state = "
                                      "'cancelled'), (SELECT count(*) FROM job_events WHERE "
                                      "to_state = 'acknowledged'), (SELECT count(DISTINCT job_id) "
                                      "FROM job_events WHERE to_state = 'acknowledged')")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        QCOMPARE(q.value(1).toInt(), 3 * kGroups + 1);
        QCOMPARE(q.value(2).toInt(), 3 * kGroups + 1);
    }
};

QTEST_GUILESS_MAIN(TestScanOverlap)
#include "tst_scan_overlap.moc"
