// Issue 7, security: a planted secret (WebDAV password, S3 secret key, a per-run secret from the
// environment) never appears in any file of the profile (catalog, its WAL, logs, backups), in
// anything keepsake-cli prints, or in a running backup's command line and environment; the
// profile stays private under a permissive umask; file names made of SQL are data.
// Runs against the real gnome-keyring: ctest under dbus-run-session (scripts/test.sh).
#include "ApacheDav.h"
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "S3rver.h"
#include "catalog/Database.h"
#include "catalog/EventStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace ks;
using namespace ks::test;

namespace {

// A folder in the WebDAV server's data folder the server (running as www-data) may write in.
bool serverFolder(const QString& path)
{
    return QDir().mkpath(path) && QFile::setPermissions(path, QFileDevice::Permissions(0x7777));
}

QString randomSecret()
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    QString s;
    for (int i = 0; i < 32; ++i)
        s += QLatin1Char(alphabet[QRandomGenerator::system()->bounded(int(sizeof alphabet - 1))]);
    return s;
}

// The forms a secret could leak in: as typed, base64 (alone and as the Basic credentials
// "alice:secret"), hex, and percent-encoded.
QList<QByteArray> encodingsOf(const QString& secret)
{
    const QByteArray raw = secret.toUtf8();
    return {raw,
            raw.toBase64(),
            QByteArray("alice:" + raw).toBase64(),
            QByteArray("alice:" + raw).toBase64(QByteArray::OmitTrailingEquals),
            raw.toHex(),
            QUrl::toPercentEncoding(secret)};
}

// Every place under root (files of any name, hidden ones too) holding one of `needles`.
QStringList filesHolding(const QString& root, const QList<QByteArray>& needles)
{
    QStringList found;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = f.readAll();
        for (const QByteArray& n : needles)
            if (bytes.contains(n))
                found << QStringLiteral("%1 (%2)").arg(path, QString::fromLatin1(n));
    }
    return found;
}

QStringList blobsHolding(const QMap<QString, QByteArray>& blobs, const QList<QByteArray>& needles)
{
    QStringList found;
    for (auto it = blobs.cbegin(); it != blobs.cend(); ++it)
        for (const QByteArray& n : needles)
            if (it.value().contains(n))
                found << it.key();
    return found;
}

QByteArray readProc(qint64 pid, const char* what)
{
    QFile f(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(what)));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString modeOf(const QString& path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return QStringLiteral("missing");
    return QString::number(st.st_mode & 07777, 8);
}

} // namespace

class TestChaosSecurity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secretsLeaveNoTrace()
    {
        const QString password = randomSecret();
        const QString s3Secret = randomSecret();
        const QString runSecret = randomSecret();
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), password);
        S3rver s3(dir.filePath(QStringLiteral("s3rver")), QStringLiteral("KSSECKEY"), s3Secret);
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        QVERIFY(serverFolder(dav.dataDir() + QStringLiteral("/backup")));
        QVERIFY2(s3.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        const QStringList files = fx.makeLibrary(6, 1, 3 * 1024 * 1024, 501);
        QVERIFY(fx.addLibrary());
        qunsetenv("KEEPSAKE_SECRET_NAS");
        qunsetenv("KEEPSAKE_SECRET_S3");

        // Everything keepsake-cli prints, by command.
        QMap<QString, QByteArray> printed;
        int step = 0;
        auto cli = [&](const QStringList& args, const QByteArray& stdinData = {}) {
            const CliResult r = runCli(fx.argsFor(args), 120000, stdinData);
            const QString key =
                QStringLiteral("%1 %2").arg(++step).arg(args.join(QLatin1Char(' ')));
            printed.insert(key + QStringLiteral(" (stdout)"), r.out);
            printed.insert(key + QStringLiteral(" (stderr)"), r.err);
            return r;
        };
        // Secrets go in through standard input into the keychain, never as arguments.
        CliResult r =
            cli({QStringLiteral("destination"), QStringLiteral("add"), QStringLiteral("nas"),
                 dav.url() + QStringLiteral("/backup"), QStringLiteral("--password-stdin")},
                password.toUtf8() + '\n');
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = cli({QStringLiteral("destination"), QStringLiteral("add"), QStringLiteral("s3"),
                 s3.url(QStringLiteral("backup")), QStringLiteral("--password-stdin")},
                s3Secret.toUtf8() + '\n');
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (const QString& d : {QStringLiteral("nas"), QStringLiteral("s3")})
            QCOMPARE(cli({QStringLiteral("consent"), QStringLiteral("grant"),
                          QStringLiteral("upload"), d})
                         .exitCode,
                     0);
        for (const QString& d : {QStringLiteral("nas"), QStringLiteral("s3")}) {
            r = cli({QStringLiteral("destination"), QStringLiteral("test"), d});
            QVERIFY2(r.exitCode == 0, r.out + r.err);
        }

        // A slow backup, so its command line, environment and open catalog can be looked at.
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("2048")));
        QProcess backup;
        backup.start(cliPath(), fx.argsFor({QStringLiteral("backup")}));
        QVERIFY(backup.waitForStarted());
        QTest::qWait(1200);
        printed.insert(QStringLiteral("/proc/pid/cmdline of a running backup"),
                       readProc(backup.processId(), "cmdline"));
        printed.insert(QStringLiteral("/proc/pid/environ of a running backup"),
                       readProc(backup.processId(), "environ"));
        const QStringList duringRun =
            filesHolding(fx.profile, encodingsOf(password) + encodingsOf(s3Secret));
        QVERIFY2(backup.state() == QProcess::NotRunning || backup.waitForFinished(120000),
                 "backup did not end");
        printed.insert(QStringLiteral("backup (stdout)"), backup.readAllStandardOutput());
        printed.insert(QStringLiteral("backup (stderr)"), backup.readAllStandardError());
        QCOMPARE(backup.exitCode(), 0);
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("0")));

        const QString first = fx.library + QLatin1Char('/') + files.first();
        for (const QString& json : {QString(), QStringLiteral("--json")}) {
            const QStringList j = json.isEmpty() ? QStringList() : QStringList{json};
            cli(j + QStringList{QStringLiteral("status")});
            cli(j + QStringList{QStringLiteral("why"), first});
            cli(j + QStringList{QStringLiteral("history"), QStringLiteral("--limit"),
                                QStringLiteral("1000")});
            cli(j + QStringList{QStringLiteral("failures")});
            cli(j + QStringList{QStringLiteral("destination"), QStringLiteral("list")});
        }

        // Failing runs: a wrong password in the keychain, and one given for this run only.
        fx.makeLibrary(3, 0, 0, 502);
        r = cli({QStringLiteral("destination"), QStringLiteral("password"), QStringLiteral("nas")},
                "not-" + password.toUtf8().left(8) + '\n');
        QCOMPARE(r.exitCode, 0);
        r = cli({QStringLiteral("backup")});
        QVERIFY(r.exitCode != 0);
        for (const QString& json : {QString(), QStringLiteral("--json")}) {
            const QStringList j = json.isEmpty() ? QStringList() : QStringList{json};
            cli(j + QStringList{QStringLiteral("failures")});
            cli(j + QStringList{QStringLiteral("destination"), QStringLiteral("test"),
                                QStringLiteral("nas")});
        }
        qputenv("KEEPSAKE_SECRET_S3", runSecret.toUtf8());
        r = cli({QStringLiteral("backup")});
        QVERIFY(r.exitCode != 0);
        cli({QStringLiteral("--json"), QStringLiteral("failures")});
        qunsetenv("KEEPSAKE_SECRET_S3");
        // The right password again: the failures go through.
        r = cli({QStringLiteral("destination"), QStringLiteral("password"), QStringLiteral("nas")},
                password.toUtf8() + '\n');
        QCOMPARE(r.exitCode, 0);
        r = cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);

        // The run-only secret is in no file either (it is in the test's own environment, which
        // keepsake-cli inherited, so /proc is not asked about it).
        QList<QByteArray> needles = encodingsOf(password) + encodingsOf(s3Secret);
        QStringList leaks = duringRun + filesHolding(fx.profile, needles + encodingsOf(runSecret)) +
                            blobsHolding(printed, needles);
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));
        // The grep can find: the secrets did reach the servers (the backups above succeeded
        // with them) and the needles are well-formed.
        QVERIFY(!blobsHolding({{QStringLiteral("probe"), "x" + password.toUtf8() + "x"}}, needles)
                     .isEmpty());
        AuditOptions options;
        const AuditReport report =
            auditBackup(fx, QStringLiteral("nas"),
                        BackupFixture::hashesUnder(dav.dataDir() + "/backup"), options);
        QVERIFY2(report.ok(), qPrintable(report.text()));
        const AuditReport s3Report = auditBackup(
            fx, QStringLiteral("s3"), s3.objectHashes(QStringLiteral("backup/")), options);
        QVERIFY2(s3Report.ok(), qPrintable(s3Report.text()));
        recordFigures(QStringLiteral("security-secrets"),
                      {{QStringLiteral("cli_runs"), step + 1},
                       {QStringLiteral("outputs_grepped"), printed.size()},
                       {QStringLiteral("needles"), needles.size() + 6}});
    }

    void profileIsPrivateWhateverTheUmask_data()
    {
        QTest::addColumn<QString>("umask");
        QTest::newRow("000") << QStringLiteral("000");
        QTest::newRow("022") << QStringLiteral("022");
    }

    void profileIsPrivateWhateverTheUmask()
    {
        QFETCH(QString, umask);
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        fx.makeLibrary(8, 1, 3 * 1024 * 1024, 503);
        // keepsake-cli itself runs with the umask, from the profile's creation on.
        auto cli = [&](const QStringList& args) {
            QProcess p;
            p.start(QStringLiteral("sh"),
                    QStringList{QStringLiteral("-c"),
                                QStringLiteral("umask %1; exec \"$0\" \"$@\"").arg(umask),
                                cliPath()} +
                        fx.argsFor(args));
            p.waitForFinished(120000);
            return p.exitCode();
        };
        QCOMPARE(cli({QStringLiteral("source"), QStringLiteral("add"), fx.library}), 0);
        QCOMPARE(cli({QStringLiteral("consent"), QStringLiteral("grant"),
                      QStringLiteral("read-source"), fx.library}),
                 0);
        QCOMPARE(cli({QStringLiteral("destination"), QStringLiteral("add"), QStringLiteral("usb"),
                      QStringLiteral("local://") + fx.destination}),
                 0);
        QCOMPARE(cli({QStringLiteral("consent"), QStringLiteral("grant"), QStringLiteral("upload"),
                      QStringLiteral("usb")}),
                 0);
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("2048")));

        // While a backup runs the catalog has its -wal and -shm.
        QProcess backup;
        backup.start(QStringLiteral("sh"),
                     QStringList{QStringLiteral("-c"),
                                 QStringLiteral("umask %1; exec \"$0\" \"$@\"").arg(umask),
                                 cliPath()} +
                         fx.argsFor({QStringLiteral("backup")}));
        QVERIFY(backup.waitForStarted());
        QTest::qWait(1000);
        QStringList open;
        QStringList bad;
        auto check = [&](QStringList* seen) {
            QDirIterator it(fx.profile,
                            QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                const QString path = it.next();
                const QFileInfo fi(path);
                const QString name = fi.fileName();
                if (seen)
                    *seen << name;
                const bool isCatalogFile =
                    name.startsWith(QLatin1String("catalog.sqlite")) || name.endsWith(".log");
                const auto others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                                    QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
                if ((fi.isDir() || isCatalogFile) && (fi.permissions() & others))
                    bad << QStringLiteral("%1 is %2").arg(path, modeOf(path));
            }
        };
        check(&open);
        QVERIFY2(backup.state() == QProcess::NotRunning || backup.waitForFinished(120000),
                 "backup did not end");
        QCOMPARE(backup.exitCode(), 0);
        check(nullptr);
        QVERIFY2(open.contains(QStringLiteral("catalog.sqlite-wal")), qPrintable(open.join(',')));
        QCOMPARE(modeOf(fx.profile), QStringLiteral("700"));
        QCOMPARE(modeOf(fx.profile + QStringLiteral("/catalog.sqlite")), QStringLiteral("600"));
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
        // An existing profile made readable by others is tightened on the next run.
        QFile::setPermissions(fx.profile, QFileDevice::Permissions(0x7755));
        QFile::setPermissions(fx.profile + QStringLiteral("/catalog.sqlite"),
                              QFileDevice::Permissions(0x6644));
        QCOMPARE(cli({QStringLiteral("status")}), 0);
        QCOMPARE(modeOf(fx.profile), QStringLiteral("700"));
        QCOMPARE(modeOf(fx.profile + QStringLiteral("/catalog.sqlite")), QStringLiteral("600"));
        const AuditReport report =
            auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination));
        QVERIFY2(report.ok(), qPrintable(report.text()));
    }

    void sqlInFileNamesIsData()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        // Names made of SQL, LIKE wildcards and quotes, each beside a decoy that a pattern
        // left unescaped would also match.
        const QStringList names{QStringLiteral("'; DROP TABLE jobs; --.jpg"),
                                QStringLiteral("Robert'); DROP TABLE assets;--.jpg"),
                                QStringLiteral("100%_done.jpg"),
                                QStringLiteral("100xydone.jpg"),
                                QStringLiteral("a_b.jpg"),
                                QStringLiteral("axb.jpg"),
                                QStringLiteral("say \"cheese\".jpg"),
                                QStringLiteral("back\\slash.jpg")};
        QRandomGenerator rnd(504);
        for (const QString& n : names) {
            QByteArray bytes(4000 + int(rnd.bounded(4000u)), Qt::Uninitialized);
            for (char& c : bytes)
                c = char(rnd.generate());
            bytes[0] = char(0xFF);
            bytes[1] = char(0xD8);
            bytes[2] = char(0xFF);
            const QString path = fx.library + QLatin1Char('/') + n;
            QVERIFY(writeFile(path, bytes));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.setFileTime(QDateTime(QDate(2019, 3, 15), QTime(12, 0)),
                          QFileDevice::FileModificationTime);
        }
        QVERIFY(fx.setUp());
        CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        const Holdings held = BackupFixture::hashesUnder(fx.destination);
        QCOMPARE(held.size(), names.size());
        const AuditReport report = auditBackup(fx, QStringLiteral("usb"), held);
        QVERIFY2(report.ok(), qPrintable(report.text()));

        for (const QString& n : names) {
            r = fx.cli({QStringLiteral("--json"), QStringLiteral("why"),
                        fx.library + QLatin1Char('/') + n});
            QCOMPARE(r.exitCode, 0);
            const QJsonObject o = QJsonDocument::fromJson(r.out).object();
            QVERIFY2(o.value(QStringLiteral("backedUp")).toBool(), r.out.constData());
            const QJsonArray d = o.value(QStringLiteral("destinations")).toArray();
            QCOMPARE(d.size(), 1);
            // The remote name is the file's name (a backslash becomes '_' on the way).
            QCOMPARE(d.first().toObject().value(QStringLiteral("remotePath")).toString(),
                     QStringLiteral("2019/03/") +
                         QString(n).replace(QLatin1Char('\\'), QLatin1Char('_')));
        }
        // The history search matches the text literally: "%_" and "_" are no wildcards.
        Database db;
        Error error;
        QVERIFY(db.open(fx.profile + QStringLiteral("/catalog.sqlite"), &error));
        EventStore events(db.db());
        for (const auto& [text, only] :
             {std::pair{QStringLiteral("100%_"), QStringLiteral("100%_done.jpg")},
              std::pair{QStringLiteral("a_b"), QStringLiteral("a_b.jpg")},
              std::pair{QStringLiteral("'; DROP"), QStringLiteral("'; DROP TABLE jobs; --.jpg")},
              std::pair{QStringLiteral("\"cheese\""), QStringLiteral("say \"cheese\".jpg")},
              std::pair{QStringLiteral("k\\s"), QStringLiteral("back\\slash.jpg")}}) {
            EventFilter filter;
            filter.text = text;
            const QList<EventRow> rows = events.page(filter, 0, 1000);
            QVERIFY2(!rows.isEmpty(), qPrintable(text));
            QCOMPARE(events.count(filter), qint64(rows.size()));
            for (const EventRow& e : rows)
                QVERIFY2(e.localPath.endsWith(QLatin1Char('/') + only), qPrintable(e.localPath));
        }
        // And the tables are all still there.
        QSqlQuery q(db.db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM jobs")) && q.next());
        QCOMPARE(q.value(0).toInt(), names.size());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM assets")) && q.next());
        QCOMPARE(q.value(0).toInt(), names.size());
    }
};

QTEST_GUILESS_MAIN(TestChaosSecurity)
#include "tst_chaos_security.moc"
