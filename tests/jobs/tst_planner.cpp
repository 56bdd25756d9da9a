// The planner against a real catalog: one job per resource and destination, in batches of 500
// that continue where the last ended (JobStore::unplanned), an asset's resources under one base
// name even when a batch ends inside the asset, a copy as the duplicate of the job that carries
// its content (planned in an earlier batch or in the same one), nothing for a source without
// consent, and a resource added later to an early asset planned by the next pass. What a scan's
// batch plans (planFrom): its assets and those after, nothing before, no removed file settled.
#include "catalog/ConsentStore.h"
#include "catalog/Database.h"
#include "catalog/DestinationStore.h"
#include "catalog/SourceStore.h"
#include "jobs/Planner.h"
#include "policy/ConsentScope.h"

#include <QDateTime>
#include <QHash>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace ks;

class TestPlanner : public QObject
{
    Q_OBJECT

    qint64 m_captureMs =
        QDateTime(QDate(2021, 7, 4), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    int m_hashes = 0;

    qint64 addAsset(QSqlDatabase& db, qint64 sourceId, const QString& groupKey)
    {
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO assets (source_id, group_key, kind, capture_time) "
                                 "VALUES (?, ?, 'photo', ?)"));
        q.addBindValue(sourceId);
        q.addBindValue(groupKey);
        q.addBindValue(m_captureMs);
        return q.exec() ? q.lastInsertId().toLongLong() : 0;
    }

    // Distinct content unless `sha` is given; the content, empty if the insert failed.
    QByteArray addResource(QSqlDatabase& db, qint64 assetId, qint64 sourceId,
                           const QString& relPath, const QString& role, QByteArray sha = {})
    {
        if (sha.isEmpty()) {
            sha = QByteArray(32, '\0');
            const int n = ++m_hashes;
            for (int i = 0; i < 4; ++i)
                sha[i] = char(0x10 + ((n >> (8 * (3 - i))) & 0xff));
        }
        QSqlQuery q(db);
        q.prepare(QStringLiteral("INSERT INTO resources (asset_id, source_id, rel_path, role, "
                                 "media_type, size, sha256) VALUES (?, ?, ?, ?, 'image/jpeg', 1, "
                                 "?)"));
        q.addBindValue(assetId);
        q.addBindValue(sourceId);
        q.addBindValue(relPath);
        q.addBindValue(role);
        q.addBindValue(sha);
        return q.exec() ? sha : QByteArray();
    }

    // rel_path -> remote path of every job.
    static QHash<QString, QString> remotePaths(QSqlDatabase& db)
    {
        QHash<QString, QString> out;
        QSqlQuery q(db);
        q.exec(QStringLiteral("SELECT r.rel_path, j.remote_path FROM jobs j JOIN resources r ON "
                              "r.id = j.resource_id"));
        while (q.next())
            out.insert(q.value(0).toString(), q.value(1).toString());
        return out;
    }

    // A catalog with the source /lib and the destination "d", both consented: the source's id.
    static qint64 openConsentedLibrary(Database& catalog, const QString& path)
    {
        Error error;
        if (!catalog.open(path, &error))
            return 0;
        QSqlDatabase& db = catalog.db();
        const auto lib = SourceStore(db).add(QStringLiteral("/lib"), 1, &error);
        const auto dest = DestinationStore(db).add(QStringLiteral("d"),
                                                   QStringLiteral("local:///d"), {}, 1, &error);
        ConsentStore consents(db);
        if (!lib || !dest ||
            !consents.grant(consent::readSource, lib->path, QStringLiteral("test"), 1, &error) ||
            !consents.grant(consent::upload, QStringLiteral("d"), QStringLiteral("test"), 1,
                            &error))
            return 0;
        return lib->id;
    }

private Q_SLOTS:
    void plansEveryResourceOnceInBatches()
    {
        QTemporaryDir dir;
        Database catalog;
        Error error;
        const qint64 libId =
            openConsentedLibrary(catalog, dir.filePath(QStringLiteral("c.sqlite")));
        QVERIFY(libId > 0);
        QSqlDatabase& db = catalog.db();
        const auto other = SourceStore(db).add(QStringLiteral("/other"), 1, &error);
        QVERIFY(other);

        // 400 assets of three resources (1,200: batches end inside assets), the same names in
        // two folders, so the second folder's names take a suffix that the asset's other
        // resources must share. The sidecars are added last, in reverse: resource ids do not
        // follow the asset order.
        constexpr int kNames = 200;
        QList<qint64> assets;
        for (const QString& folder : {QStringLiteral("a"), QStringLiteral("b")}) {
            for (int i = 0; i < kNames; ++i) {
                const QString key = QStringLiteral("%1/IMG_%2").arg(folder).arg(i);
                const qint64 asset = addAsset(db, libId, key);
                QVERIFY(asset > 0);
                assets << asset;
                QVERIFY(!addResource(db, asset, libId, key + QStringLiteral(".JPG"),
                                     QStringLiteral("original"))
                             .isEmpty());
                QVERIFY(!addResource(db, asset, libId, key + QStringLiteral(".MOV"),
                                     QStringLiteral("live-video"))
                             .isEmpty());
            }
        }
        for (qsizetype i = assets.size() - 1; i >= 0; --i) {
            const QString key = QStringLiteral("%1/IMG_%2")
                                    .arg(i < kNames ? QStringLiteral("a") : QStringLiteral("b"))
                                    .arg(i % kNames);
            QVERIFY(!addResource(db, assets[i], libId, key + QStringLiteral(".xmp"),
                                 QStringLiteral("sidecar"))
                         .isEmpty());
        }
        // Copies: one of b/IMG_7.JPG (planned in an earlier batch), and two files of a new
        // content (one batch: the second is a duplicate of the first planned in it).
        QSqlQuery shaOf(db);
        QVERIFY(shaOf.exec(QStringLiteral("SELECT sha256 FROM resources WHERE rel_path = "
                                          "'b/IMG_7.JPG'")));
        QVERIFY(shaOf.next());
        const qint64 copy7 = addAsset(db, libId, QStringLiteral("c/IMG_7"));
        QVERIFY(!addResource(db, copy7, libId, QStringLiteral("c/IMG_7.JPG"),
                             QStringLiteral("original"), shaOf.value(0).toByteArray())
                     .isEmpty());
        const qint64 twin1 = addAsset(db, libId, QStringLiteral("d/twin 1"));
        const QByteArray twin = addResource(db, twin1, libId, QStringLiteral("d/twin 1.JPG"),
                                            QStringLiteral("original"));
        QVERIFY(!twin.isEmpty());
        const qint64 twin2 = addAsset(db, libId, QStringLiteral("d/twin 2"));
        QVERIFY(!addResource(db, twin2, libId, QStringLiteral("d/twin 2.JPG"),
                             QStringLiteral("original"), twin)
                     .isEmpty());
        const qint64 hidden = addAsset(db, other->id, QStringLiteral("IMG_x"));
        QVERIFY(!addResource(db, hidden, other->id, QStringLiteral("IMG_x.JPG"),
                             QStringLiteral("original"))
                     .isEmpty());

        QCOMPARE(Planner(db).plan(&error), 3 * 2 * kNames + 3);
        QVERIFY(!error);
        QHash<QString, QString> paths = remotePaths(db);
        QCOMPARE(paths.size(), 3 * 2 * kNames + 3); // nothing from /other
        // A copy is a duplicate of the first job with its content: no second upload.
        QSqlQuery dups(db);
        QVERIFY(dups.exec(QStringLiteral(
            "SELECT r.rel_path, pr.rel_path FROM jobs j JOIN resources r ON r.id = j.resource_id "
            "JOIN jobs p ON p.id = j.dedup_of JOIN resources pr ON pr.id = p.resource_id "
            "ORDER BY r.rel_path")));
        QVERIFY(dups.next());
        QCOMPARE(dups.value(0).toString(), QStringLiteral("c/IMG_7.JPG"));
        QCOMPARE(dups.value(1).toString(), QStringLiteral("b/IMG_7.JPG"));
        QVERIFY(dups.next());
        QCOMPARE(dups.value(0).toString(), QStringLiteral("d/twin 2.JPG"));
        QCOMPARE(dups.value(1).toString(), QStringLiteral("d/twin 1.JPG"));
        QVERIFY(!dups.next());
        QCOMPARE(paths.value(QStringLiteral("d/twin 2.JPG")),
                 paths.value(QStringLiteral("d/twin 1.JPG")));
        for (int i = 0; i < kNames; ++i) {
            const QString a = QStringLiteral("a/IMG_%1").arg(i);
            const QString b = QStringLiteral("b/IMG_%1").arg(i);
            const QString base = QStringLiteral("2021/07/IMG_%1").arg(i);
            QCOMPARE(paths.value(a + QStringLiteral(".JPG")), base + QStringLiteral(".JPG"));
            QCOMPARE(paths.value(a + QStringLiteral(".MOV")), base + QStringLiteral(".MOV"));
            QCOMPARE(paths.value(a + QStringLiteral(".xmp")), base + QStringLiteral(".xmp"));
            // The second IMG_i: a suffixed name, and the same one for its video and sidecar.
            const QString bJpg = paths.value(b + QStringLiteral(".JPG"));
            QVERIFY2(bJpg.startsWith(base + QLatin1Char('-')) && bJpg.endsWith(".JPG"),
                     qPrintable(bJpg));
            const QString bBase = bJpg.chopped(4);
            QCOMPARE(paths.value(b + QStringLiteral(".MOV")), bBase + QStringLiteral(".MOV"));
            QCOMPARE(paths.value(b + QStringLiteral(".xmp")), bBase + QStringLiteral(".xmp"));
        }

        // Nothing left: the next pass plans nothing. A resource added to the first asset (the
        // start of the walk) is planned by the pass after, beside its siblings.
        QCOMPARE(Planner(db).plan(&error), 0);
        QVERIFY(!addResource(db, assets.constFirst(), libId, QStringLiteral("a/IMG_0.AAE"),
                             QStringLiteral("sidecar"))
                     .isEmpty());
        QCOMPARE(Planner(db).plan(&error), 1);
        QCOMPARE(remotePaths(db).value(QStringLiteral("a/IMG_0.AAE")),
                 QStringLiteral("2021/07/IMG_0.AAE"));
    }

    void planFromLeavesEarlierAssetsAndRemovedFilesToTheFullPlan()
    {
        QTemporaryDir dir;
        Database catalog;
        Error error;
        const qint64 libId =
            openConsentedLibrary(catalog, dir.filePath(QStringLiteral("c.sqlite")));
        QVERIFY(libId > 0);
        QSqlDatabase& db = catalog.db();
        QList<qint64> assets;
        for (int i = 0; i < 4; ++i) {
            const QString key = QStringLiteral("a/IMG_%1").arg(i);
            assets << addAsset(db, libId, key);
            QVERIFY(!addResource(db, assets.constLast(), libId, key + QStringLiteral(".JPG"),
                                 QStringLiteral("original"))
                         .isEmpty());
        }
        QCOMPARE(Planner(db).plan(&error), 4);
        // The next scan: IMG_0 removed, a sidecar for IMG_1, and a batch that wrote IMG_2 (a new
        // sidecar) and IMG_4 (new).
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE resources SET missing = 1 WHERE rel_path = "
                                      "'a/IMG_0.JPG'")));
        QVERIFY(!addResource(db, assets[1], libId, QStringLiteral("a/IMG_1.xmp"),
                             QStringLiteral("sidecar"))
                     .isEmpty());
        QVERIFY(!addResource(db, assets[2], libId, QStringLiteral("a/IMG_2.xmp"),
                             QStringLiteral("sidecar"))
                     .isEmpty());
        const qint64 img4 = addAsset(db, libId, QStringLiteral("a/IMG_4"));
        QVERIFY(
            !addResource(db, img4, libId, QStringLiteral("a/IMG_4.JPG"), QStringLiteral("original"))
                 .isEmpty());
        const auto stateOf = [&db](const QString& relPath) {
            QSqlQuery s(db);
            s.prepare(QStringLiteral("SELECT j.state FROM jobs j JOIN resources r ON r.id = "
                                     "j.resource_id WHERE r.rel_path = ?"));
            s.addBindValue(relPath);
            return s.exec() && s.next() ? s.value(0).toString() : QString();
        };
        QCOMPARE(Planner(db).planFrom(assets[2], &error), 2);
        QVERIFY(!error);
        QCOMPARE(remotePaths(db).value(QStringLiteral("a/IMG_2.xmp")),
                 QStringLiteral("2021/07/IMG_2.xmp"));
        QCOMPARE(stateOf(QStringLiteral("a/IMG_4.JPG")), QStringLiteral("pending"));
        QCOMPARE(stateOf(QStringLiteral("a/IMG_1.xmp")), QString()); // before the batch
        QCOMPARE(stateOf(QStringLiteral("a/IMG_0.JPG")), QStringLiteral("pending"));
        // The scan's end: the full plan settles the rest.
        QCOMPARE(Planner(db).plan(&error), 1);
        QCOMPARE(stateOf(QStringLiteral("a/IMG_1.xmp")), QStringLiteral("pending"));
        QCOMPARE(stateOf(QStringLiteral("a/IMG_0.JPG")), QStringLiteral("cancelled"));
    }
};

QTEST_GUILESS_MAIN(TestPlanner)
#include "tst_planner.moc"
