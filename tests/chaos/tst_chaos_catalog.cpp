// Chaos, storage of the catalog (issue 7): the profile's disk fills up under a backup, and the
// catalog file is damaged (garbage written into it, truncated, emptied). keepsake-cli must say
// so plainly, never make it worse, and the copy Keepsake keeps (catalog.sqlite.bak) must bring
// the profile back without sending anything twice. Real tmpfs mounts, the real keepsake-cli.
#include "BackupFixture.h"
#include "ChaosAudit.h"
#include "StorageChecks.h"
#include "TestMount.h"
#include "catalog/Database.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace ks;
using namespace ks::test;

namespace {

const QString kBackup = QStringLiteral("backup");

QString text(const CliResult& r)
{
    return QString::fromUtf8(r.out + r.err);
}

QString integrity(const QString& catalog)
{
    Database db;
    Error error;
    if (!db.open(catalog, &error))
        return error.message;
    QSqlQuery q(db.db());
    if (!q.exec(QStringLiteral("PRAGMA integrity_check")) || !q.next())
        return QStringLiteral("integrity_check did not run");
    return q.value(0).toString();
}

// The integrity of a copy of the catalog (with its WAL, if any) made in `folder`.
QString integrityOfCopy(const QString& catalog, const QString& folder)
{
    QDir().mkpath(folder);
    const QString copy = folder + QStringLiteral("/catalog.sqlite");
    for (const QString& suffix : {QString(), QStringLiteral("-wal")}) {
        QFile::remove(copy + suffix);
        if (QFileInfo::exists(catalog + suffix) && !QFile::copy(catalog + suffix, copy + suffix))
            return QStringLiteral("cannot copy ") + catalog + suffix;
    }
    return integrity(copy);
}

// Inode and change time of every file at a local destination: a file sent again (a new copy
// linked into place) changes them.
QMap<QString, QPair<quint64, qint64>> identities(const QString& root)
{
    QMap<QString, QPair<quint64, qint64>> out;
    for (const QString& rel : BackupFixture::hashesUnder(root).keys()) {
        struct stat st = {};
        if (::stat(QFile::encodeName(root + QLatin1Char('/') + rel).constData(), &st) == 0)
            out.insert(rel, {quint64(st.st_ino),
                             qint64(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec});
    }
    return out;
}

enum class Damage { GarbageInside, GarbageHeader, Truncated, Emptied };

const char* damageName(Damage d)
{
    switch (d) {
    case Damage::GarbageInside:
        return "garbage-inside";
    case Damage::GarbageHeader:
        return "garbage-header";
    case Damage::Truncated:
        return "truncated";
    case Damage::Emptied:
        return "emptied";
    }
    return "";
}

bool damage(const QString& path, Damage how, quint32 seed)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadWrite))
        return false;
    const qint64 size = f.size();
    QRandomGenerator rnd(seed);
    auto garbage = [&](qint64 at, qint64 length) {
        QByteArray junk(length, Qt::Uninitialized);
        for (char& c : junk)
            c = char(rnd.generate());
        return f.seek(at) && f.write(junk) == length;
    };
    switch (how) {
    case Damage::GarbageInside: // a third of the pages, past the first one
        return garbage((size / 3) & ~qint64(4095), std::max<qint64>(4096, (size / 3) & ~4095));
    case Damage::GarbageHeader:
        return garbage(0, 100);
    case Damage::Truncated:
        return f.resize((size / 2) & ~qint64(4095));
    case Damage::Emptied:
        return f.resize(0);
    }
    return false;
}

} // namespace

class TestChaosCatalog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The profile (catalog and all) sits on a small tmpfs that a filler file leaves almost no
    // room on. The backup must stop with a message naming the full disk, leave the catalog
    // intact, and complete once space is freed.
    void catalogOnFullDisk()
    {
        const int rounds = chaosRounds(3, 6);
        const qint64 roomKb[] = {8, 160, 320, 48, 96, 640};
        QElapsedTimer timer;
        timer.start();
        int unrecorded = 0;
        for (int round = 0; round < rounds; ++round) {
            QTemporaryDir dir;
            BackupFixture fx(dir.path());
            QVERIFY(QDir().mkpath(fx.profile));
            TestMount disk;
            QString error;
            QVERIFY2(disk.mountTmpfs(fx.profile, QStringLiteral("16m"), &error), qPrintable(error));
            fx.makeLibrary(120, 0, 0, 60 + round);
            QVERIFY(fx.setUp());
            const QString filler = fx.profile + QStringLiteral("/filler.bin");
            const qint64 room = roomKb[round % 6] * 1024;
            const qint64 free = QStorageInfo(fx.profile).bytesAvailable();
            QVERIFY(writeFile(filler, QByteArray(std::max<qint64>(0, free - room), 'f')));

            CliResult r = fx.cli({kBackup});
            QVERIFY2(r.exitCode != 0, qPrintable(text(r)));
            QVERIFY2(r.err.contains("full"), qPrintable(text(r)));
            qInfo().noquote() << "round" << round << "said:" << r.err.trimmed();
            // SQLite cannot even read there now (no room for its -shm): check a copy.
            QCOMPARE(integrityOfCopy(fx.profile + QStringLiteral("/catalog.sqlite"),
                                     dir.filePath(QStringLiteral("check"))),
                     QStringLiteral("ok"));
            BackupFixture copy(dir.filePath(QStringLiteral("copy")));
            copy.profile = dir.filePath(QStringLiteral("check"));
            const Holdings held = BackupFixture::hashesUnder(fx.destination);
            // A copy whose acknowledgement found no room is complete but not recorded: the next
            // run checks it at the destination. Anything else must be as for any failure.
            const QMap<QString, QByteArray> want = fx.expectedAtDestination();
            QStringList bad;
            for (const QString& problem :
                 checkAcknowledgedOnly(copy, QStringLiteral("usb"), held)) {
                const QString remote = problem.section(QLatin1Char(' '), 0, 0);
                if (problem.contains(QStringLiteral("not acknowledged")) &&
                    want.value(remote) == held.value(remote))
                    ++unrecorded;
                else
                    bad << problem;
            }
            QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));

            QVERIFY(QFile::remove(filler));
            r = fx.cli({kBackup});
            QVERIFY2(r.exitCode == 0, qPrintable(text(r)));
            const AuditReport audit =
                auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination));
            QVERIFY2(audit.ok(), qPrintable(audit.text()));
            QCOMPARE(audit.acknowledged, 120);
        }
        recordFigures(QStringLiteral("storage-catalog-disk-full"),
                      {{QStringLiteral("rounds"), rounds},
                       {QStringLiteral("completeButUnrecorded"), unrecorded},
                       {QStringLiteral("ms"), timer.elapsed()}});
    }

    // The catalog is damaged after files were backed up that its last copy does not know about.
    // keepsake-cli refuses it (saying how to restore) and leaves it untouched; `catalog restore`
    // keeps it aside and puts the copy back; the next backup finds the files sent since the copy
    // at the destination: none is sent again, none is there twice.
    void catalogDamaged_data()
    {
        QTest::addColumn<int>("how");
        const int repeats = chaosRounds(1, 3);
        for (int i = 0; i < repeats; ++i)
            for (Damage d :
                 {Damage::GarbageInside, Damage::GarbageHeader, Damage::Truncated, Damage::Emptied})
                QTest::addRow("%s-%d", damageName(d), i) << int(d) * 100 + i;
    }

    void catalogDamaged()
    {
        QFETCH(int, how);
        const Damage kind = Damage(how / 100);
        QElapsedTimer timer;
        timer.start();
        QTemporaryDir dir;
        BackupFixture fx(dir.path());
        const QString catalog = fx.profile + QStringLiteral("/catalog.sqlite");
        const QString copy = catalog + QStringLiteral(".bak");
        fx.makeLibrary(60, 0, 0, 80 + how);
        QVERIFY(fx.setUp());
        CliResult r = fx.cli({kBackup});
        QVERIFY2(r.exitCode == 0, qPrintable(text(r)));
        QVERIFY2(QFileInfo::exists(copy), "the engine keeps a copy after a backup run");
        QCOMPARE(integrity(copy), QStringLiteral("ok"));
        const QByteArray firstCopy = sha256Hex(copy);

        // More photos are backed up after the copy was written: the copy a run writes every ten
        // minutes (or one a crash kept from being refreshed) is older than the catalog.
        QVERIFY(QFile::copy(copy, dir.filePath(QStringLiteral("older.bak"))));
        fx.makeLibrary(40, 0, 0, 90 + how);
        r = fx.cli({kBackup});
        QVERIFY2(r.exitCode == 0, qPrintable(text(r)));
        QVERIFY2(sha256Hex(copy) != firstCopy, "a run that acknowledged files refreshes the copy");
        QVERIFY(QFile::remove(copy));
        QVERIFY(QFile::copy(dir.filePath(QStringLiteral("older.bak")), copy));
        QFile(copy).setFileTime(QDateTime::currentDateTime().addSecs(-3600),
                                QFileDevice::FileModificationTime);
        const auto before = identities(fx.destination);
        QCOMPARE(before.size(), 100);

        QVERIFY(damage(catalog, kind, quint32(how)));
        const QByteArray damaged = sha256Hex(catalog);
        r = fx.cli({kBackup});
        QVERIFY2(r.exitCode == 3, qPrintable(text(r)));
        QVERIFY2(r.err.contains("damaged") && r.err.contains("keepsake-cli catalog restore"),
                 qPrintable(text(r)));
        QCOMPARE(sha256Hex(catalog), damaged); // left untouched
        // A damaged catalog never replaces the good copy.
        const QByteArray goodCopy = sha256Hex(copy);
        QVERIFY(fx.cli({QStringLiteral("catalog"), QStringLiteral("backup")}).exitCode != 0);
        QCOMPARE(sha256Hex(copy), goodCopy);

        r = fx.cli({QStringLiteral("catalog"), QStringLiteral("restore")});
        QVERIFY2(r.exitCode == 0, qPrintable(text(r)));
        const QStringList aside =
            QDir(fx.profile).entryList({QStringLiteral("catalog.sqlite.damaged-*")}, QDir::Files);
        QVERIFY2(!aside.filter(QRegularExpression(QStringLiteral("-\\d{6}$"))).isEmpty(),
                 qPrintable(aside.join(QLatin1Char(' '))));
        QCOMPARE(sha256Hex(fx.profile + QLatin1Char('/') +
                           aside.filter(QRegularExpression(QStringLiteral("-\\d{6}$"))).first()),
                 damaged);
        QCOMPARE(integrity(catalog), QStringLiteral("ok"));
        // A healthy catalog is not rolled back by accident.
        QVERIFY(fx.cli({QStringLiteral("catalog"), QStringLiteral("restore")}).exitCode != 0);

        r = fx.cli({kBackup});
        QVERIFY2(r.exitCode == 0, qPrintable(text(r)));
        const AuditReport audit =
            auditBackup(fx, QStringLiteral("usb"), BackupFixture::hashesUnder(fx.destination));
        QVERIFY2(audit.ok(), qPrintable(audit.text()));
        QCOMPARE(audit.acknowledged, 100);
        // Nothing was sent again: every file at the destination is the one written before.
        QCOMPARE(identities(fx.destination), before);
        recordFigures(QStringLiteral("storage-catalog-damaged-%1").arg(damageName(kind)),
                      {{QStringLiteral("rounds"), 1},
                       {QStringLiteral("restoredJobs"), 40},
                       {QStringLiteral("ms"), timer.elapsed()}});
    }
};

QTEST_GUILESS_MAIN(TestChaosCatalog)
#include "tst_chaos_catalog.moc"
