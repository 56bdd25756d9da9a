// The audit every kill scenario ends with must itself fail when something is wrong: one real
// backup, then each kind of damage the kills could cause, made by hand, must be reported (and
// undone before the next).
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "catalog/Database.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

namespace {

bool sql(const BackupFixture& fx, const QString& statement)
{
    Database db;
    Error error;
    if (!db.open(fx.profile + QStringLiteral("/catalog.sqlite"), &error))
        return false;
    QSqlQuery q(db.db());
    return q.exec(statement);
}

QString audited(const BackupFixture& fx)
{
    const AuditReport r =
        auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination));
    return r.problems.join(QLatin1Char('\n'));
}

} // namespace

class TestChaosKillAudit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findsEveryKindOfDamage()
    {
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        const QStringList files = fx.makeLibrary(6, 0, 0, 5);
        QVERIFY(fx.setUp());
        const CliResult r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        const AuditReport clean =
            auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination));
        QVERIFY2(clean.ok(), qPrintable(clean.text()));
        QCOMPARE(clean.sourceFiles, 6);
        QCOMPARE(clean.acknowledged, 6);

        const QString name = files.first().section(QLatin1Char('/'), -1);
        const QString there = fx.destination + QStringLiteral("/2019/03/") + name;
        QFile original(there);
        QVERIFY(original.open(QIODevice::ReadOnly));
        const QByteArray bytes = original.readAll();
        original.close();

        // A second copy under another name, and a temporary copy left behind.
        for (const QString& extra :
             {QStringLiteral("/2019/03/copy.jpg"), QStringLiteral("/2019/03/.keepsake-1.part")}) {
            QVERIFY(writeFile(fx.destination + extra, bytes));
            QVERIFY(audited(fx).contains(QStringLiteral("no job put it there")));
            QVERIFY(QFile::remove(fx.destination + extra));
        }
        // Half-written under the final name; then missing.
        QVERIFY(writeFile(there, bytes.left(bytes.size() / 2)));
        QVERIFY(audited(fx).contains(QStringLiteral("has other bytes")));
        QVERIFY(QFile::remove(there));
        QVERIFY(audited(fx).contains(QStringLiteral("is not at the destination")));
        QVERIFY(writeFile(there, bytes));
        QVERIFY(audited(fx).isEmpty());

        // A file the catalog never heard of; a file changed since it was hashed.
        const QString newcomer = fx.library + QStringLiteral("/late.jpg");
        QVERIFY(writeFile(newcomer, "late"));
        QVERIFY(audited(fx).contains(QStringLiteral("late.jpg: on disk but not in the catalog")));
        QVERIFY(QFile::remove(newcomer));
        const QString source = fx.library + QLatin1Char('/') + files.first();
        QFile in(source);
        QVERIFY(in.open(QIODevice::ReadOnly));
        const QByteArray sourceBytes = in.readAll();
        in.close();
        QVERIFY(writeFile(source, "changed"));
        QVERIFY(audited(fx).contains(QStringLiteral("catalog hash differs")));
        QVERIFY(writeFile(source, sourceBytes));
        QVERIFY(audited(fx).isEmpty());

        // A job not acknowledged; a job sent twice.
        QVERIFY(sql(fx, QStringLiteral("UPDATE jobs SET state = 'pending' WHERE id = "
                                       "(SELECT min(id) FROM jobs)")));
        QVERIFY(audited(fx).contains(QStringLiteral("not acknowledged")));
        QVERIFY(sql(fx, QStringLiteral("UPDATE jobs SET state = 'acknowledged'")));
        QVERIFY(sql(fx, QStringLiteral("INSERT INTO job_events (job_id, at_ms, to_state) "
                                       "SELECT min(id), 1, 'succeeded' FROM jobs")));
        QVERIFY(audited(fx).contains(QStringLiteral("sent 2 times")));
        AuditOptions resend;
        resend.allowResend = true;
        QVERIFY(auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination),
                            resend)
                    .ok());
        QVERIFY(sql(fx, QStringLiteral("DELETE FROM job_events WHERE at_ms = 1")));

        // Something left in the profile's tmp folder.
        QVERIFY(writeFile(fx.profile + QStringLiteral("/tmp/strip-1.jpg"), "x"));
        QVERIFY(audited(fx).contains(QStringLiteral("profile tmp holds")));
        QVERIFY(QFile::remove(fx.profile + QStringLiteral("/tmp/strip-1.jpg")));
        QVERIFY2(audited(fx).isEmpty(), qPrintable(audited(fx)));
    }
};

QTEST_GUILESS_MAIN(TestChaosKillAudit)
#include "tst_chaos_kill_audit.moc"
