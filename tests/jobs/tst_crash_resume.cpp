// A real `keepsake-cli backup` killed with SIGKILL at random moments, then run to completion:
// nothing lost, nothing duplicated, nothing half-written, nothing sent twice.
#include "BackupFixture.h"
#include "catalog/Database.h"
#include "catalog/EventStore.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

class TestCrashResume : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killedAtRandomMomentsThenCompletes()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        // 240 photos of 2-200 KB and 6 "videos" of 6 MB: long enough to be killed mid-file.
        fx.makeLibrary(240, 6, 6 * 1024 * 1024, 7);
        QVERIFY(fx.setUp());
        // A little throttling makes each run last long enough for kills to land anywhere in it.
        QVERIFY(fx.setSetting(QStringLiteral("policy/bandwidthKBps"), QStringLiteral("4096")));

        QRandomGenerator rnd(20261124);
        int kills = 0;
        int completedEarly = 0;
        for (int round = 0; round < 24; ++round) {
            QProcess p;
            p.start(cliPath(), fx.argsFor({QStringLiteral("backup")}));
            QVERIFY(p.waitForStarted());
            const int delay = int(rnd.bounded(100, 1600));
            if (p.waitForFinished(delay)) {
                ++completedEarly; // it finished before the kill: fine, keep going
                break;
            }
            p.kill(); // SIGKILL: no chance to clean up
            QVERIFY(p.waitForFinished(10000));
            ++kills;
        }
        QVERIFY2(kills >= 20, qPrintable(QStringLiteral("only %1 kills landed").arg(kills)));

        const CliResult last = fx.cli({QStringLiteral("backup")}, 300000);
        QVERIFY2(last.exitCode == 0, last.out + last.err);

        // The destination holds exactly the library, byte for byte, and nothing else.
        const QMap<QString, QByteArray> got = BackupFixture::hashesUnder(fx.destination);
        const QMap<QString, QByteArray> want = fx.expectedAtDestination();
        QStringList extra, missing;
        for (auto it = got.cbegin(); it != got.cend(); ++it)
            if (!want.contains(it.key()))
                extra << it.key();
        for (auto it = want.cbegin(); it != want.cend(); ++it)
            if (!got.contains(it.key()))
                missing << it.key();
        QVERIFY2(
            extra.isEmpty() && missing.isEmpty(),
            qPrintable(QStringLiteral("extra: %1; missing: %2")
                           .arg(extra.join(QLatin1Char(' ')), missing.join(QLatin1Char(' ')))));
        QCOMPARE(got, want);

        Database db;
        Error error;
        QVERIFY(db.open(fx.profile + QStringLiteral("/catalog.sqlite"), &error));
        QSqlQuery q(db.db());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*), sum(state = 'acknowledged') FROM jobs")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), want.size());
        QCOMPARE(q.value(1).toInt(), want.size());
        // No job's bytes were completely sent twice: at most one "succeeded" per job.
        QVERIFY(q.exec(QStringLiteral("SELECT job_id, count(*) FROM job_events WHERE to_state = "
                                      "'succeeded' GROUP BY job_id HAVING count(*) > 1")));
        QVERIFY2(!q.next(), "a job was uploaded twice");
        // Interrupted jobs were checked at the destination on resume.
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM job_events WHERE message LIKE "
                                      "'interrupted%'")));
        QVERIFY(q.next());
        QVERIFY(q.value(0).toInt() > 0);
        QVERIFY(!QDir(fx.profile + QStringLiteral("/tmp")).entryList(QDir::Files).size());
    }

    // Killed after the local copy got its name (link) and before its temporary name was removed:
    // the next run finds the copy complete, and the temporary file beside it goes too.
    void aTemporaryFileLeftBesideACompleteCopyIsRemoved()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        fx.makeLibrary(3, 0, 0, 11);
        QVERIFY(fx.setUp());
        CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        qint64 id = 0;
        QString remotePath;
        {
            Database db;
            Error error;
            QVERIFY(db.open(fx.profile + QStringLiteral("/catalog.sqlite"), &error));
            QSqlQuery q(db.db());
            QVERIFY(q.exec(QStringLiteral("SELECT id, remote_path FROM jobs ORDER BY id LIMIT 1")));
            QVERIFY(q.next());
            id = q.value(0).toLongLong();
            remotePath = q.value(1).toString();
            // As the killed run left it: still running in the catalog.
            QVERIFY(
                q.exec(QStringLiteral("UPDATE jobs SET state = 'running' WHERE id = %1").arg(id)));
        }
        const QString copy = fx.destination + QLatin1Char('/') + remotePath;
        const QString part =
            QFileInfo(copy).absolutePath() + QStringLiteral("/.keepsake-%1.part").arg(id);
        QVERIFY(QFile::copy(copy, part));

        r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QCOMPARE(BackupFixture::hashesUnder(fx.destination), fx.expectedAtDestination());
        const QByteArray history = fx.cli({QStringLiteral("history")}).out;
        QVERIFY2(history.contains("found complete at the destination after an interruption"),
                 history);
    }
};

QTEST_GUILESS_MAIN(TestCrashResume)
#include "tst_crash_resume.moc"
