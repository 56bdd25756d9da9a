// Secrets in the OS keychain: QtKeychain against a real gnome-keyring-daemon (the suite runs
// under dbus-run-session with an unlocked keyring, see scripts/test.sh) and a real Apache WebDAV.
#include "ApacheDav.h"
#include "BackupFixture.h"
#include "credentials/CredentialStore.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace ks;
using namespace ks::test;

namespace {
const QByteArray kPassword = "Keychain-Only-Secret-7f3a";

bool anyFileContains(const QString& root, const QByteArray& needle)
{
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            return true;
    }
    return false;
}
} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT

    CliResult cliWithStdin(const BackupFixture& fx, const QStringList& args, const QByteArray& in)
    {
        return runCli(fx.argsFor(args), 60000, in);
    }

private Q_SLOTS:
    void init() { qunsetenv("KEEPSAKE_SECRET_DAV"); }

    void passwordLivesOnlyInTheKeychain()
    {
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), QString::fromLatin1(kPassword));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        fx.makeLibrary(3);
        QVERIFY(fx.addLibrary());
        CliResult r =
            cliWithStdin(fx,
                         {QStringLiteral("destination"), QStringLiteral("add"),
                          QStringLiteral("dav"), dav.url(), QStringLiteral("--password-stdin")},
                         kPassword + '\n');
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("in the keychain"));
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("grant"),
                         QStringLiteral("upload"), QStringLiteral("dav")})
                     .exitCode,
                 0);
        r = fx.cli({QStringLiteral("destination"), QStringLiteral("test"), QStringLiteral("dav")});
        QVERIFY2(r.exitCode == 0, r.err.constData());

        r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err + fx.cli({QStringLiteral("failures")}).out);
        QCOMPARE(BackupFixture::hashesUnder(dav.dataDir()), fx.expectedAtDestination());
        QVERIFY(!anyFileContains(fx.profile, kPassword));
    }

    void changedPasswordRetriesItsFailures()
    {
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), QString::fromLatin1(kPassword));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        fx.makeLibrary(2);
        QVERIFY(fx.addLibrary());
        QCOMPARE(cliWithStdin(fx,
                              // The user name may come as an option instead of in the URL.
                              {QStringLiteral("destination"), QStringLiteral("add"),
                               QStringLiteral("dav"),
                               QStringLiteral("webdav://127.0.0.1:%1/dav").arg(dav.port()),
                               QStringLiteral("--user"), QStringLiteral("alice"),
                               QStringLiteral("--password-stdin")},
                              "an-old-password\n")
                     .exitCode,
                 0);
        QCOMPARE(fx.cli({QStringLiteral("consent"), QStringLiteral("grant"),
                         QStringLiteral("upload"), QStringLiteral("dav")})
                     .exitCode,
                 0);
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

        const CliResult r = cliWithStdin(
            fx, {QStringLiteral("destination"), QStringLiteral("password"), QStringLiteral("dav")},
            kPassword + '\n');
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("2 failed uploads to dav will be tried again"));
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 0);
        QCOMPARE(BackupFixture::hashesUnder(dav.dataDir()), fx.expectedAtDestination());
    }

    void removingADestinationForgetsItsSecret()
    {
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), QString::fromLatin1(kPassword));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        const QStringList add{QStringLiteral("destination"), QStringLiteral("add"),
                              QStringLiteral("dav"), dav.url()};
        QCOMPARE(cliWithStdin(fx, add + QStringList{QStringLiteral("--password-stdin")},
                              kPassword + '\n')
                     .exitCode,
                 0);
        QCOMPARE(
            fx.cli({QStringLiteral("destination"), QStringLiteral("test"), QStringLiteral("dav")})
                .exitCode,
            0);
        QCOMPARE(
            fx.cli({QStringLiteral("destination"), QStringLiteral("remove"), QStringLiteral("dav")})
                .exitCode,
            0);
        QCOMPARE(fx.cli(add).exitCode, 0);
        const CliResult r =
            fx.cli({QStringLiteral("destination"), QStringLiteral("test"), QStringLiteral("dav")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("refused the user name or password"), r.err.constData());
    }

    void withoutAKeychainTheSecretCanComeForOneRun()
    {
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), QString::fromLatin1(kPassword));
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        BackupFixture fx(dir.path());
        fx.makeLibrary(2);
        QVERIFY(fx.addLibrary());
        QVERIFY(fx.addDestination(QStringLiteral("dav"), dav.url()));

        const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/keepsake-test-bus");
        const CliResult refused = cliWithStdin(
            fx, {QStringLiteral("destination"), QStringLiteral("password"), QStringLiteral("dav")},
            kPassword + '\n');
        qputenv("KEEPSAKE_SECRET_DAV", kPassword);
        const CliResult backup = fx.cli({QStringLiteral("backup")});
        qputenv("DBUS_SESSION_BUS_ADDRESS", bus);

        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.err.contains("KEEPSAKE_SECRET_"), refused.err.constData());
        QVERIFY2(backup.exitCode == 0, backup.out + backup.err);
        QCOMPARE(BackupFixture::hashesUnder(dav.dataDir()), fx.expectedAtDestination());
    }

    // QtKeychain's process-wide executor lived in the thread of the first job; once that thread
    // had ended, the next job's end never reached it and no job after that one ever started:
    // the third engine of a process waited for its destination's secret for ever. Three
    // threads, one after another, each read a secret (found or not, with or without a keyring)
    // and end.
    void readsFromThreadAfterThread()
    {
        QTemporaryDir dir;
        for (int i = 0; i < 3; ++i) {
            QThread thread;
            thread.start();
            auto* store = new CredentialStore(dir.path());
            store->moveToThread(&thread);
            std::atomic<bool> answered{false};
            QMetaObject::invokeMethod(
                store,
                [store, &answered] {
                    store->read(QStringLiteral("nothing-here"),
                                [&answered](const QString&, const Error&) { answered = true; });
                },
                Qt::QueuedConnection);
            QTRY_VERIFY2_WITH_TIMEOUT(answered, qPrintable(QStringLiteral("thread %1").arg(i + 1)),
                                      15000);
            QMetaObject::invokeMethod(
                store, [store] { delete store; }, Qt::BlockingQueuedConnection);
            thread.quit();
            QVERIFY(thread.wait(5000));
        }
    }
};

QTEST_GUILESS_MAIN(TestKeychain)
#include "tst_keychain.moc"
