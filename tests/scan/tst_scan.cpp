// The library scan on a generated library: detection, grouping, capture time, hashes, problems,
// incremental rescans and the scan/assets CLI.
#include "LibraryFixture.h"
#include "TestSupport.h"
#include "catalog/AssetStore.h"
#include "catalog/ConsentStore.h"
#include "catalog/Database.h"
#include "catalog/SourceStore.h"
#include "common/WorkPool.h"
#include "policy/ConsentScope.h"
#include "scan/LibraryScanner.h"
#include "scan/LibraryWatcher.h"
#include "scan/ScanRun.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QTimeZone>

using namespace ks;
using namespace ks::test;

class TestScan : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_lib;
    QString m_catalog;

    ScanSummary scan(const QStringList& only = {})
    {
        std::atomic_bool cancel(false);
        return runScan(m_catalog, only, cancel);
    }

    QHash<QString, AssetRow> assetsByName()
    {
        Database db;
        Error error;
        db.open(m_catalog, &error);
        QHash<QString, AssetRow> out;
        for (const AssetRow& a : AssetStore(db.db()).assets(&error))
            out.insert(a.groupKey, a);
        return out;
    }

    // A source of its own with read consent (the mixed library of init() has none): the
    // test's counts are of its files only.
    QString ownSource()
    {
        const QString root =
            m_dir.filePath(QStringLiteral("own-%1").arg(QTest::currentTestFunction()));
        Database db;
        Error e;
        if (!QDir().mkpath(root) || !db.open(m_catalog, &e) ||
            !SourceStore(db.db()).add(root, 1, &e) ||
            !ConsentStore(db.db()).grant(consent::readSource, root, QStringLiteral("test"), 1, &e))
            return QString();
        return root;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_lib = m_dir.filePath(QStringLiteral("lib-%1").arg(QTest::currentTestFunction()));
        m_catalog = m_dir.filePath(QStringLiteral("%1.sqlite").arg(QTest::currentTestFunction()));
        QString error;
        QVERIFY2(makeMixedLibrary(m_lib, &error), qPrintable(error));
        Database db;
        Error e;
        QVERIFY(db.open(m_catalog, &e));
        QVERIFY(SourceStore(db.db()).add(m_lib, 1, &e));
    }

    void nothingIsReadWithoutConsent()
    {
        const ScanSummary s = scan();
        QCOMPARE(s.sourcesWaitingForConsent, QStringList{m_lib});
        QCOMPARE(s.filesHashed, 0);
        QVERIFY(assetsByName().isEmpty());
    }

    void mixedLibrary()
    {
        Database db;
        Error e;
        QVERIFY(db.open(m_catalog, &e));
        QVERIFY(
            ConsentStore(db.db()).grant(consent::readSource, m_lib, QStringLiteral("test"), 1, &e));
        const ScanSummary s = scan();
        QVERIFY2(!s.error, qPrintable(s.error.message));
        QVERIFY(s.sourcesWaitingForConsent.isEmpty());

        const QHash<QString, AssetRow> assets = assetsByName();
        // Live Photo: JPEG + MOV + AAE grouped as one asset.
        const AssetRow live = assets.value(QStringLiteral("2021/trip/IMG_0001"));
        QCOMPARE(live.kind, QStringLiteral("live"));
        QCOMPARE(live.resources.size(), 3);
        QCOMPARE(live.resources.at(0).role, QStringLiteral("original"));
        QCOMPARE(live.resources.at(0).mediaType, QStringLiteral("jpeg"));
        QVERIFY(live.resources.at(0).hasGps);
        QCOMPARE(live.resources.at(1).role, QStringLiteral("live-video"));
        QCOMPARE(live.resources.at(1).mediaType, QStringLiteral("mov"));
        QCOMPARE(live.resources.at(2).role, QStringLiteral("sidecar"));
        QCOMPARE(live.resources.at(2).mediaType, QStringLiteral("aae"));
        // The photo's EXIF time wins over the video's, with its zone.
        QCOMPARE(live.captureOrigin, QStringLiteral("exif"));
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(live.captureWallMs, QTimeZone::utc()),
                 QDateTime(QDate(2021, 7, 14), QTime(18, 30, 5), QTimeZone::utc()));
        QVERIFY(live.hasOffset);
        QCOMPARE(live.offsetSeconds, 7200);
        for (const ResourceRow& r : live.resources)
            QCOMPARE(r.sha256.toHex(), sha256Hex(r.path));

        const AssetRow drawing = assets.value(QStringLiteral("misc/drawing"));
        QCOMPARE(drawing.kind, QStringLiteral("photo"));
        QCOMPARE(drawing.resources.size(), 2);
        QCOMPARE(drawing.resources.at(1).mediaType, QStringLiteral("xmp"));
        QCOMPARE(drawing.captureOrigin, QStringLiteral("mtime"));

        const AssetRow heic = assets.value(QStringLiteral("misc/IMG_0002"));
        QCOMPARE(heic.resources.value(0).mediaType, QStringLiteral("heic"));

        // Truncated and corrupt-metadata photos are still backed up, with their reason noted.
        QVERIFY(assets.contains(QStringLiteral("misc/cut")));
        QCOMPARE(assets.value(QStringLiteral("misc/badexif")).captureOrigin,
                 QStringLiteral("mtime"));
        QVERIFY(!assets.contains(QStringLiteral("misc/notes")));
        QVERIFY(!assets.contains(QStringLiteral("misc/empty")));

        QStringList reasons;
        for (const ScanProblemRow& p : AssetStore(db.db()).scanProblems(&e))
            reasons << p.path + QStringLiteral(": ") + p.reason;
        const QString all = reasons.join(QLatin1Char('\n'));
        QVERIFY2(all.contains(QStringLiteral("misc/empty.jpg: empty file")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("misc/cut.jpg: looks truncated")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("misc/badexif.jpg: metadata unreadable")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("misc/loop: folder loop")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("misc/dangling.jpg: broken symbolic link")),
                 qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("not valid UTF-8")), qPrintable(all));
    }

    void incrementalRescanReadsOnlyChanges()
    {
        Database db;
        Error e;
        QVERIFY(db.open(m_catalog, &e));
        QVERIFY(
            ConsentStore(db.db()).grant(consent::readSource, m_lib, QStringLiteral("test"), 1, &e));
        const ScanSummary first = scan();
        QVERIFY(first.filesHashed >= 8);

        ScanSummary again = scan();
        QCOMPARE(again.filesHashed, 0);
        QCOMPARE(again.filesUnchanged, first.filesSeen);
        // What the first scan noticed about files it does not read again is still known, and
        // the walk's own findings are found again.
        const auto problemPaths = [&] {
            QStringList paths;
            for (const ScanProblemRow& p : AssetStore(db.db()).scanProblems(&e))
                paths << p.path;
            return paths;
        };
        QVERIFY(problemPaths().contains(QStringLiteral("misc/cut.jpg")));
        QVERIFY(problemPaths().contains(QStringLiteral("misc/badexif.jpg")));
        QVERIFY(problemPaths().contains(QStringLiteral("misc/dangling.jpg")));
        QCOMPARE(again.problems, first.problems);
        // A file that is gone takes its problem with it.
        QVERIFY(QFile::remove(m_lib + QStringLiteral("/misc/cut.jpg")));
        again = scan();
        QVERIFY(!problemPaths().contains(QStringLiteral("misc/cut.jpg")));
        QVERIFY(problemPaths().contains(QStringLiteral("misc/badexif.jpg")));

        // One changed file is read again, and only it.
        QVERIFY(writeFile(m_lib + QStringLiteral("/misc/IMG_0002.bin"),
                          QByteArray("\0\0\0\x18"
                                     "ftypheic\0\0\0\0mif1heic",
                                     24) +
                              QByteArray(3000, 'k')));
        again = scan();
        QCOMPARE(again.filesHashed, 1);
        QCOMPARE(again.filesChanged, 1);

        // A renamed file is the same resource, not a new one.
        const qint64 before =
            assetsByName().value(QStringLiteral("misc/drawing")).resources.at(0).id;
        QVERIFY(QFile::rename(m_lib + QStringLiteral("/misc/drawing.png"),
                              m_lib + QStringLiteral("/misc/renamed.png")));
        again = scan();
        QCOMPARE(again.filesMoved, 1);
        QCOMPARE(again.filesNew, 0);
        QCOMPARE(assetsByName().value(QStringLiteral("misc/renamed")).resources.at(0).id, before);

        // A deleted file is marked missing; nothing else changes.
        QVERIFY(QFile::remove(m_lib + QStringLiteral("/2021/trip/IMG_0001.AAE")));
        again = scan();
        QCOMPARE(again.filesMissing, 1);
        QCOMPARE(again.filesHashed, 0);
        const AssetRow live = assetsByName().value(QStringLiteral("2021/trip/IMG_0001"));
        QCOMPARE(live.resources.at(2).missing, true);
    }

    void scannerAndWatcherRunOffThread()
    {
        Database db;
        Error e;
        QVERIFY(db.open(m_catalog, &e));
        QVERIFY(
            ConsentStore(db.db()).grant(consent::readSource, m_lib, QStringLiteral("test"), 1, &e));
        LibraryScanner scanner(m_catalog);
        QSignalSpy done(&scanner, &LibraryScanner::finished);
        scanner.start();
        QVERIFY(scanner.isRunning());
        // The scan runs on Keepsake's pool, not the global one: Qt's raster engine makes the UI
        // thread wait for the global pool, and a scan there froze the window at start-up
        // (core/common/WorkPool.h). (Whether the pool is still busy at this instant depends on
        // the machine: a library this small may be done already, so it is not asserted.)
        QCOMPARE(QThreadPool::globalInstance()->activeThreadCount(), 0);
        // Once the pool has done the work but before finished() reached this thread, the scan
        // still counts as running: an engine asking in between must not think it is all over.
        QDeadlineTimer deadline(30000);
        while (workPool()->activeThreadCount() > 0 && !deadline.hasExpired())
            QThread::msleep(5);
        QVERIFY(scanner.isRunning());
        QVERIFY(done.isEmpty());
        QVERIFY(done.wait(30000));
        QVERIFY(!scanner.isRunning());
        QVERIFY(done.first().first().value<ScanSummary>().filesHashed >= 8);

        LibraryWatcher watcher(nullptr, 200);
        watcher.watch({m_lib});
        QSignalSpy changed(&watcher, &LibraryWatcher::changed);
        QVERIFY(writeFile(m_lib + QStringLiteral("/2021/trip/new.png"),
                          QByteArray("\x89PNG\r\n\x1A\n", 8) + QByteArray(100, 'p')));
        QVERIFY(changed.wait(10000));
        const QStringList folders = changed.first().first().toStringList();
        QCOMPARE(folders, QStringList{m_lib + QStringLiteral("/2021/trip")});
        scanner.start(folders);
        QVERIFY(done.wait(30000));
        const ScanSummary s = done.last().first().value<ScanSummary>();
        QCOMPARE(s.filesNew, 1);
        QCOMPARE(s.filesHashed, 1);
    }

    // A source with more files to read than the scan holds in its queue at once (it drops the
    // queued part as it goes) and with groups whose members the folder lists far apart: every
    // batch must still commit its groups whole, with their roles, and a later rescan that takes
    // members away (or changes them) must settle those groups again.
    // Uploads start from the first batch the scan commits (afterBatch): it is small, so a
    // library of large photos does not hash a gigabyte before the first file can leave.
    void theFirstBatchIsSmall()
    {
        const QString root = ownSource();
        QVERIFY(!root.isEmpty());
        constexpr int kFiles = 300;
        for (int i = 0; i < kFiles; ++i) {
            QFile f(root + QStringLiteral("/IMG_%1.jpg").arg(i, 3, 10, QLatin1Char('0')));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray("\xFF\xD8\xFF\xE0") + QByteArray::number(i) +
                    QByteArray("\xFF\xD9"));
        }
        QList<qint64> committed; // files hashed at each commit
        std::atomic_bool cancel(false);
        const ScanSummary s = runScan(m_catalog, {}, cancel, [&committed](const ScanProgress& p) {
            committed.append(p.filesHashed);
        });
        QVERIFY2(!s.error, qPrintable(s.error.message));
        QVERIFY(!committed.isEmpty());
        QCOMPARE(s.filesHashed, kFiles);
        QCOMPARE(committed.constLast(), kFiles);
        QVERIFY2(committed.constFirst() > 0 && committed.constFirst() <= 32,
                 qPrintable(QString::number(committed.constFirst())));
        QVERIFY(committed.size() >= 3); // 32, then batches of 256 and the rest
    }

    // The engine plans each batch's jobs in afterBatch, on the scan's thread: it must run after
    // the batch's commit (it reads the batch), before the batch's progress (the engine starts
    // the jobs then), with the lowest asset the batch wrote (it plans from there on). A hook
    // that fails ends the scan with its error, as a failed write of the scan's own would.
    void afterBatchRunsBetweenCommitAndProgress()
    {
        const QString root = ownSource();
        QVERIFY(!root.isEmpty());
        const auto writeFiles = [&root](const QString& prefix, int count) {
            for (int i = 0; i < count; ++i) {
                QFile f(root +
                        QStringLiteral("/%1_%2.jpg").arg(prefix).arg(i, 3, 10, QLatin1Char('0')));
                if (!f.open(QIODevice::WriteOnly))
                    return false;
                f.write(QByteArray("\xFF\xD8\xFF\xE0") + prefix.toUtf8() + QByteArray::number(i) +
                        QByteArray("\xFF\xD9"));
            }
            return true;
        };
        QVERIFY(writeFiles(QStringLiteral("IMG"), 600));
        QStringList calls; // "batch N" (files at or after its asset) and "progress N" (hashed)
        std::atomic_bool cancel(false);
        ScanSummary s = runScan(
            m_catalog, {}, cancel,
            [&calls](const ScanProgress& p) {
                calls << QStringLiteral("progress %1").arg(p.filesHashed);
            },
            [&calls](QSqlDatabase& db, qint64 fromAssetId, Error*) {
                QSqlQuery q(db);
                q.prepare(QStringLiteral("SELECT count(*) FROM resources WHERE asset_id >= ?"));
                q.addBindValue(fromAssetId);
                if (!q.exec() || !q.next())
                    return false;
                calls << QStringLiteral("batch %1").arg(q.value(0).toLongLong());
                return true;
            });
        QVERIFY2(!s.error, qPrintable(s.error.message));
        QCOMPARE(s.filesHashed, 600);
        // New files take new, growing asset ids: the files at or after a batch's lowest asset
        // are that batch's, and the hashed count grows by as many at its progress.
        QVERIFY2(calls.size() >= 6 && calls.size() % 2 == 0, qPrintable(calls.join(u',')));
        qint64 hashed = 0;
        for (qsizetype i = 0; i < calls.size(); i += 2) {
            QVERIFY2(calls[i].startsWith(u"batch ") && calls[i + 1].startsWith(u"progress "),
                     qPrintable(calls.join(u',')));
            const qint64 batch = calls[i].section(u' ', 1).toLongLong();
            const qint64 after = calls[i + 1].section(u' ', 1).toLongLong();
            QVERIFY2(batch > 0 && after - hashed == batch, qPrintable(calls.join(u',')));
            hashed = after;
        }
        QCOMPARE(hashed, 600);

        // A failing hook: the scan stops at its first batch and says the hook's error.
        QVERIFY(writeFiles(QStringLiteral("NEW"), 300));
        int batches = 0;
        int progress = 0;
        s = runScan(
            m_catalog, {}, cancel, [&progress](const ScanProgress&) { ++progress; },
            [&batches](QSqlDatabase&, qint64, Error* error) {
                ++batches;
                *error = Error::permanent(QStringLiteral("the jobs could not be written"));
                return false;
            });
        QCOMPARE(s.error.message, QStringLiteral("the jobs could not be written"));
        QCOMPARE(batches, 1);
        QCOMPARE(progress, 0);
        QVERIFY(s.filesHashed < 300);
    }

    void largeSourceKeepsGroupsWhole()
    {
        Database db;
        Error e;
        QVERIFY(db.open(m_catalog, &e));
        QVERIFY(
            ConsentStore(db.db()).grant(consent::readSource, m_lib, QStringLiteral("test"), 1, &e));
        constexpr int kGroups = 800; // per folder, 2 folders, 2 files each: 3,200 files
        const auto write = [](const QString& path, const QByteArray& bytes) {
            QFile f(path);
            return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
        };
        for (const QString& folder : {QStringLiteral("many/a"), QStringLiteral("many/b")}) {
            QVERIFY(QDir(m_lib).mkpath(folder));
            for (int i = 0; i < kGroups; ++i) {
                const QString base =
                    m_lib + QLatin1Char('/') + folder + QStringLiteral("/IMG_%1").arg(i);
                const QByteArray tag = (folder + QString::number(i)).toUtf8();
                QVERIFY(write(base + QStringLiteral(".jpg"),
                              QByteArray("\xFF\xD8\xFF\xE0") + tag + QByteArray("\xFF\xD9")));
                QVERIFY(
                    write(base + QStringLiteral(".mov"),
                          QByteArray::fromHex("000000146674797071742020000000007174202020") + tag));
            }
        }
        const auto roles = [this] {
            QHash<QString, QString> out; // path below many/ -> role, and the asset's kind
            for (const AssetRow& a : assetsByName()) {
                for (const ResourceRow& r : a.resources) {
                    if (!r.missing && r.path.contains(QStringLiteral("/many/")))
                        out.insert(r.path.section(QStringLiteral("/many/"), 1),
                                   r.role + QLatin1Char(' ') + a.kind);
                }
            }
            return out;
        };
        ScanSummary s = scan();
        QVERIFY2(!s.error, qPrintable(s.error.message));
        QHash<QString, QString> now = roles();
        QCOMPARE(now.size(), 4 * kGroups);
        for (const QString& folder : {QStringLiteral("a"), QStringLiteral("b")}) {
            for (int i = 0; i < kGroups; ++i) {
                const QString base = folder + QStringLiteral("/IMG_%1").arg(i);
                QCOMPARE(now.value(base + QStringLiteral(".jpg")), QStringLiteral("original live"));
                QCOMPARE(now.value(base + QStringLiteral(".mov")),
                         QStringLiteral("live-video live"));
            }
        }

        // Photos removed from some groups, the video from others, and some photos changed in
        // groups that also lose their video: each group ends as its remaining members say.
        for (int i = 0; i < kGroups; i += 7)
            QVERIFY(QFile::remove(m_lib + QStringLiteral("/many/a/IMG_%1.jpg").arg(i)));
        for (int i = 3; i < kGroups; i += 7) {
            const QString base = m_lib + QStringLiteral("/many/b/IMG_%1").arg(i);
            QVERIFY(QFile::remove(base + QStringLiteral(".mov")));
            if (i % 2)
                QVERIFY(write(base + QStringLiteral(".jpg"), QByteArray("\xFF\xD8\xFF\xE1"
                                                                        "changed") +
                                                                 QByteArray::number(i) +
                                                                 QByteArray("\xFF\xD9")));
        }
        s = scan();
        QVERIFY2(!s.error, qPrintable(s.error.message));
        now = roles();
        for (int i = 0; i < kGroups; ++i) {
            const QString a = QStringLiteral("a/IMG_%1").arg(i);
            const QString b = QStringLiteral("b/IMG_%1").arg(i);
            if (i % 7 == 0) {
                QVERIFY(!now.contains(a + QStringLiteral(".jpg")));
                QCOMPARE(now.value(a + QStringLiteral(".mov")), QStringLiteral("original video"));
            } else {
                QCOMPARE(now.value(a + QStringLiteral(".mov")), QStringLiteral("live-video live"));
            }
            if (i % 7 == 3) {
                QVERIFY(!now.contains(b + QStringLiteral(".mov")));
                QCOMPARE(now.value(b + QStringLiteral(".jpg")), QStringLiteral("original photo"));
            } else {
                QCOMPARE(now.value(b + QStringLiteral(".jpg")), QStringLiteral("original live"));
            }
        }
    }

    // The scan compares folder by folder as the walk goes: a source of 12,000 files is never held
    // whole, neither by a first scan (files to read) nor by a rescan (the catalog's files), and
    // what it holds at most does not depend on the source's size. Moves across folders are
    // still found, and a file gone is still missing.
    void scanNeverHoldsTheWholeSource()
    {
        const QString root = ownSource();
        QVERIFY(!root.isEmpty());
        constexpr int kFolders = 40;
        constexpr int kPerFolder = 300;
        // Bounded by the walk's and the catalog's chunks, the batches ahead and one folder: not by
        // the source's size (a scan that held the whole source would hold all 12,000).
        constexpr qint64 kHeldAtMost = 4000;
        const auto write = [](const QString& path, const QByteArray& bytes) {
            QFile f(path);
            return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
        };
        for (int d = 0; d < kFolders; ++d) {
            const QString folder =
                root + QStringLiteral("/big/f%1").arg(d, 2, 10, QLatin1Char('0'));
            QVERIFY(QDir().mkpath(folder));
            for (int i = 0; i < kPerFolder; ++i) {
                QVERIFY(write(folder + QStringLiteral("/IMG_%1.jpg").arg(i),
                              QByteArray("\xFF\xD8\xFF\xE0") + QByteArray::number(d * 1000 + i) +
                                  QByteArray("\xFF\xD9")));
            }
        }
        ScanSummary first = scan();
        QVERIFY2(!first.error, qPrintable(first.error.message));
        QCOMPARE(first.filesNew, kFolders * kPerFolder);
        QVERIFY2(first.filesHeldPeak > 0 && first.filesHeldPeak <= kHeldAtMost,
                 qPrintable(QString::number(first.filesHeldPeak)));

        ScanSummary again = scan();
        QVERIFY2(!again.error, qPrintable(again.error.message));
        QCOMPARE(again.filesUnchanged, kFolders * kPerFolder);
        QCOMPARE(again.filesHashed, 0);
        QVERIFY2(again.filesHeldPeak > 0 && again.filesHeldPeak <= kHeldAtMost,
                 qPrintable(QString::number(again.filesHeldPeak)));

        // A file moved from the last folder to the first (met before its old place is passed)
        // and one from the first to the last, one gone.
        const QString big = root + QStringLiteral("/big/");
        QVERIFY(QFile::rename(big + QStringLiteral("f39/IMG_7.jpg"),
                              big + QStringLiteral("f00/moved-from-39.jpg")));
        QVERIFY(QFile::rename(big + QStringLiteral("f00/IMG_8.jpg"),
                              big + QStringLiteral("f39/moved-from-00.jpg")));
        QVERIFY(QFile::remove(big + QStringLiteral("f15/IMG_9.jpg")));
        ScanSummary changed = scan();
        QVERIFY2(!changed.error, qPrintable(changed.error.message));
        QCOMPARE(changed.filesMoved, 2);
        QCOMPARE(changed.filesNew, 0);
        QCOMPARE(changed.filesMissing, 1);
        QVERIFY2(changed.filesHeldPeak <= kHeldAtMost,
                 qPrintable(QString::number(changed.filesHeldPeak)));
        QHash<QString, QString> present; // path below big/ -> asset group
        for (const AssetRow& a : assetsByName()) {
            for (const ResourceRow& r : a.resources) {
                if (!r.missing && r.path.contains(QStringLiteral("/big/")))
                    present.insert(r.path.section(QStringLiteral("/big/"), 1), a.groupKey);
            }
        }
        QCOMPARE(present.size(), kFolders * kPerFolder - 1);
        QCOMPARE(present.value(QStringLiteral("f00/moved-from-39.jpg")),
                 QStringLiteral("big/f00/moved-from-39"));
        QVERIFY(present.contains(QStringLiteral("f39/moved-from-00.jpg")));
        QVERIFY(!present.contains(QStringLiteral("f39/IMG_7.jpg")));
        QVERIFY(!present.contains(QStringLiteral("f15/IMG_9.jpg")));
    }

    // The walk and the catalog are merged in the order of SQLite's BINARY collation: names
    // where that order differs from a plain string comparison, or where a folder sorts between
    // files of the same stem, must all be found unchanged by a rescan.
    void rescanMergesInTheCatalogsOrder()
    {
        const QString root = ownSource();
        QVERIFY(!root.isEmpty());
        const QStringList names = {
            QStringLiteral("order/x.jpg"),
            QStringLiteral("order/x/a.jpg"),
            QStringLiteral("order/x0.jpg"),
            QStringLiteral("order/x.y/b.jpg"),
            QStringLiteral("order/x-y.jpg"),
            QStringLiteral("order/X.jpg"),
            QStringLiteral("order/\u00e9.jpg"),
            QStringLiteral("order/\uff21.jpg"),              // above the surrogates in UTF-16
            QString::fromUtf8("order/\xf0\x9f\x98\x80.jpg"), // U+1F600: surrogates in UTF-16
            QString::fromUtf8("order/\xf0\x9f\x98\x80/c.jpg"),
            QStringLiteral("order/\uff21/d.jpg"),
        };
        for (int i = 0; i < names.size(); ++i) {
            const QString path = root + QLatin1Char('/') + names.at(i);
            QVERIFY(QDir().mkpath(path.section(QLatin1Char('/'), 0, -2)));
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray("\xFF\xD8\xFF\xE0") + QByteArray::number(i) +
                    QByteArray("\xFF\xD9"));
        }
        ScanSummary first = scan();
        QVERIFY2(!first.error, qPrintable(first.error.message));
        ScanSummary again = scan();
        QVERIFY2(!again.error, qPrintable(again.error.message));
        QCOMPARE(first.filesNew, names.size());
        QCOMPARE(again.filesUnchanged, names.size());
        QCOMPARE(again.filesNew, 0);
        QCOMPARE(again.filesMissing, 0);
        QCOMPARE(again.filesHashed, 0);
    }

    void cliScanAndAssetsJson()
    {
        const QString profile = m_dir.filePath(QStringLiteral("cli-profile"));
        const QStringList base{QStringLiteral("--profile"), profile};
        QCOMPARE(runCli(base + QStringList{QStringLiteral("source"), QStringLiteral("add"), m_lib})
                     .exitCode,
                 0);
        CliResult r = runCli(base + QStringList{QStringLiteral("scan")});
        QCOMPARE(r.exitCode, 10); // waiting for consent
        QVERIFY(r.out.contains("waiting for consent"));
        QCOMPARE(runCli(base + QStringList{QStringLiteral("consent"), QStringLiteral("grant"),
                                           QStringLiteral("read-source"), m_lib})
                     .exitCode,
                 0);
        r = runCli(base + QStringList{QStringLiteral("--json"), QStringLiteral("scan")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(r.out).object().value(QStringLiteral("filesNew")).toInt() >=
                8);
        r = runCli(base + QStringList{QStringLiteral("--json"), QStringLiteral("assets")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        QJsonObject live;
        for (const QJsonValue& v : doc.value(QStringLiteral("assets")).toArray()) {
            if (v.toObject()
                    .value(QStringLiteral("path"))
                    .toString()
                    .endsWith(QStringLiteral("IMG_0001.JPG")))
                live = v.toObject();
        }
        QCOMPARE(live.value(QStringLiteral("kind")).toString(), QStringLiteral("live"));
        QCOMPARE(live.value(QStringLiteral("captureTime")).toString(),
                 QStringLiteral("2021-07-14T18:30:05+02:00"));
        QCOMPARE(live.value(QStringLiteral("resources")).toArray().size(), 3);
        QCOMPARE(live.value(QStringLiteral("sha256")).toString().toLatin1(),
                 sha256Hex(m_lib + QStringLiteral("/2021/trip/IMG_0001.JPG")));
        const QJsonArray problems = doc.value(QStringLiteral("problems")).toArray();
        QVERIFY(problems.size() >= 5);
    }
};

QTEST_GUILESS_MAIN(TestScan)
#include "tst_scan.moc"
