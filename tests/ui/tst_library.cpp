// The Library tab after a real backup (the engine behind EngineHost, a local folder destination),
// "why" from the tab, and the notification rules with a manual clock.
#include "LibraryTab.h"
#include "MainWindow.h"
#include "NotificationPolicy.h"
#include "TestSupport.h"
#include "catalog/ConsentStore.h"
#include "catalog/Database.h"
#include "catalog/DestinationStore.h"
#include "catalog/SourceStore.h"
#include "jobs/EngineHost.h"
#include "policy/ConsentScope.h"

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

namespace {

QByteArray jpeg(int n)
{
    return QByteArray("\xFF\xD8\xFF\xE0", 4) + QByteArray::number(n).repeated(300 + n) +
           QByteArray("\xFF\xD9", 2);
}

EngineStatus status(qint64 done, qint64 total, qint64 failures, bool running)
{
    EngineStatus s;
    s.filesDone = done;
    s.filesTotal = total;
    s.failures = failures;
    s.running = running;
    return s;
}

} // namespace

class TestLibrary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(ui); }

    void countsAndBackedUpAmountsAfterABackup()
    {
        QTemporaryDir dir;
        Error e;
        const Profile profile = Profile::open(dir.filePath(QStringLiteral("profile")), &e);
        Database db;
        QVERIFY(db.open(profile.catalogPath(), &e));
        const QString library = dir.filePath(QStringLiteral("Pictures"));
        const QString disk = dir.filePath(QStringLiteral("Backup"));
        const QString nas = dir.filePath(QStringLiteral("Nas"));
        QVERIFY(QDir().mkpath(disk));
        QVERIFY(QDir().mkpath(nas));
        // Two photos, a RAW, a video, a sidecar, and a file that is none of them.
        const QMap<QString, QByteArray> files{
            {QStringLiteral("IMG_1.jpg"), jpeg(1)},
            {QStringLiteral("trip/IMG_2.jpg"), jpeg(2)},
            {QStringLiteral("trip/DSC_3.dng"), QByteArray("II*\0", 4) + QByteArray(4000, 'r')},
            {QStringLiteral("trip/CLIP_4.mov"),
             QByteArray("\0\0\0\x14", 4) + "ftypqt  " + QByteArray(6000, 'v')},
            {QStringLiteral("IMG_1.xmp"),
             QByteArray("<?xpacket begin=''?><x:xmpmeta xmlns:x='adobe:ns:meta/'/>")},
        };
        qint64 photoBytes = 0, totalBytes = 0;
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            QVERIFY(writeFile(library + QLatin1Char('/') + it.key(), it.value()));
            totalBytes += it.value().size();
            if (it.key().endsWith(QLatin1String(".jpg")))
                photoBytes += it.value().size();
        }
        QVERIFY(writeFile(library + QStringLiteral("/notes.txt"), "not a photo"));

        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(SourceStore(db.db()).add(library, now, &e));
        QVERIFY(DestinationStore(db.db()).add(QStringLiteral("disk"),
                                              QStringLiteral("local://") + disk, {}, now, &e));
        QVERIFY(DestinationStore(db.db()).add(QStringLiteral("nas"),
                                              QStringLiteral("local://") + nas, {}, now, &e));
        ConsentStore consents(db.db());
        QVERIFY(consents.grant(consent::readSource, library, QStringLiteral("test"), now, &e));
        QVERIFY(consents.grant(consent::upload, QStringLiteral("disk"), QStringLiteral("test"), now,
                               &e)); // nas: no consent

        EngineHost host(profile);
        MainWindow window(host, db.db());
        window.show();
        LibraryTab* tab = window.libraryTab();
        QVERIFY(tab);
        QCOMPARE(window.tabs()->indexOf(tab), window.tabs()->count() - 1);
        QSignalSpy idle(&host, &EngineHost::idle);
        QVERIFY(host.start(&e));
        QVERIFY(idle.wait(30000));

        // The tab follows jobsChanged (throttled) until the acknowledged copies are counted.
        QTRY_VERIFY_WITH_TIMEOUT(tab->summary().destinations.size() == 2 &&
                                     tab->summary().destinations.first().acknowledged.files == 5,
                                 15000);
        const LibrarySummary& s = tab->summary();
        QVERIFY(s.valid);
        QCOMPARE(s.photos.files, 2);
        QCOMPARE(s.photos.bytes, photoBytes);
        QCOMPARE(s.raw.files, 1);
        QCOMPARE(s.raw.bytes, qint64(files.value(QStringLiteral("trip/DSC_3.dng")).size()));
        QCOMPARE(s.videos.files, 1);
        QCOMPARE(s.videos.bytes, qint64(files.value(QStringLiteral("trip/CLIP_4.mov")).size()));
        QCOMPARE(s.sidecars.files, 1);
        QCOMPARE(s.all.files, 5);
        QCOMPARE(s.all.bytes, totalBytes);
        const DestinationCoverage& d = s.destinations.at(0);
        QCOMPARE(d.name, QStringLiteral("disk"));
        QCOMPARE(d.acknowledged.bytes, totalBytes);
        QCOMPARE(d.total.files, 5);
        QVERIFY(d.complete());
        const DestinationCoverage& n = s.destinations.at(1);
        QCOMPARE(n.name, QStringLiteral("nas"));
        QCOMPARE(n.acknowledged.files, 0);
        QVERIFY(!n.complete());

        // What the widget shows is what core computed.
        QTableWidget* kinds = tab->kindsTable();
        QCOMPARE(kinds->item(0, 1)->text(), QLocale().toString(2));
        QCOMPARE(kinds->item(2, 1)->text(), QLocale().toString(1)); // videos
        QCOMPARE(kinds->item(4, 2)->text(), QLocale().formattedDataSize(totalBytes));
        QTableWidget* dests = tab->destinationsTable();
        QCOMPARE(dests->rowCount(), 2);
        QCOMPARE(dests->item(0, 0)->text(), QStringLiteral("disk"));
        QCOMPARE(dests->item(0, 1)->text(), QStringLiteral("5 of 5"));
        QCOMPARE(dests->item(1, 1)->text(), QStringLiteral("0 of 5"));
        QCOMPARE(dests->item(1, 3)->text(), QStringLiteral("0%"));

        // "Why?" from the tab: typed path, Explain, answer per destination.
        window.tabs()->setCurrentWidget(tab);
        QSignalSpy explained(tab, &LibraryTab::explanationShown);
        auto* path = tab->findChild<QLineEdit*>(QStringLiteral("whyPath"));
        QVERIFY(path);
        path->setText(library + QStringLiteral("/trip/IMG_2.jpg"));
        QTest::mouseClick(tab->findChild<QPushButton*>(QStringLiteral("whyExplain")),
                          Qt::LeftButton);
        QVERIFY(explained.wait(10000));
        const Explanation& why = tab->explanation();
        QCOMPARE(why.destinations.size(), 2);
        QCOMPARE(why.destinations.at(0).code, QStringLiteral("backed-up"));
        QVERIFY(QFile::exists(disk + QLatin1Char('/') + why.destinations.at(0).remotePath));
        QCOMPARE(why.destinations.at(1).code, QStringLiteral("waiting-upload-consent"));
        const QString shown = tab->answerView()->toPlainText();
        QCOMPARE(shown, why.text());
        QVERIFY(shown.contains(QStringLiteral("disk: Backed up at ") +
                               why.destinations.at(0).remotePath));
        QVERIFY(shown.contains(QStringLiteral("nas: Waiting for your consent to upload")));

        tab->explain(library + QStringLiteral("/notes.txt"));
        QVERIFY(explained.wait(10000));
        QCOMPARE(tab->explanation().code, QStringLiteral("not-media"));
        tab->explain(dir.filePath(QStringLiteral("elsewhere.jpg")));
        QVERIFY(explained.wait(10000));
        QCOMPARE(tab->explanation().code, QStringLiteral("outside-sources"));
        host.stop();
    }

    void refreshIsThrottled()
    {
        QTemporaryDir dir;
        Error e;
        const Profile profile = Profile::open(dir.filePath(QStringLiteral("profile")), &e);
        Database db;
        QVERIFY(db.open(profile.catalogPath(), &e));
        EngineHost host(profile); // not started: only its jobsChanged signal is used
        QElapsedTimer sinceFirst; // started before the tab's first count, so never later
        sinceFirst.start();
        LibraryTab tab(host, db.db());
        QSignalSpy shown(&tab, &LibraryTab::summaryShown);
        QVERIFY(shown.wait(5000)); // the first count, at once
        for (int i = 0; i < 50; ++i)
            Q_EMIT host.jobsChanged();
        QVERIFY(shown.wait(5000));
        QVERIFY2(sinceFirst.elapsed() >= LibraryTab::kRefreshIntervalMs,
                 qPrintable(QString::number(sinceFirst.elapsed())));
        QTest::qWait(LibraryTab::kRefreshIntervalMs + 500);
        QCOMPARE(shown.size(), 2); // fifty changes, one recount
    }

    // The aggregates are one pass over resources and an index range over jobs: with half a
    // million files they stay well within the throttle interval, and "why" stays instant.
    void staysFastWithHalfAMillionFiles()
    {
        QTemporaryDir dir;
        Error e;
        Database db;
        QVERIFY(db.open(dir.filePath(QStringLiteral("catalog.sqlite")), &e));
        const char* const fill[] = {
            "INSERT INTO sources (id, path, added_at) VALUES (1, '/p', 0)",
            "INSERT INTO destinations (id, name, url, added_at) VALUES (1, 'usb', "
            "'local:///mnt', 0)",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000) "
            "INSERT INTO assets (id, source_id, group_key, kind) SELECT i, 1, 'a/' || i, 'photo' "
            "FROM n",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000) "
            "INSERT INTO resources (id, asset_id, source_id, rel_path, role, media_type, size, "
            "sha256) SELECT i, i, 1, 'a/' || i || '.jpg', 'original', CASE i % 10 WHEN 0 THEN "
            "'mov' WHEN 1 THEN 'nef' WHEN 2 THEN 'xmp' ELSE 'jpeg' END, 1000 + i, randomblob(32) "
            "FROM n",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500000) "
            "INSERT INTO jobs (resource_id, destination_id, state, remote_path, bytes_total, "
            "created_ms, updated_ms) SELECT i, 1, CASE WHEN i % 3 = 0 THEN 'pending' ELSE "
            "'acknowledged' END, 'r/' || i, 1000 + i, 0, 0 FROM n",
        };
        for (const char* statement : fill) {
            QSqlQuery q(db.db());
            QVERIFY2(q.exec(QString::fromLatin1(statement)), qPrintable(q.lastError().text()));
        }
        QElapsedTimer t;
        t.start();
        const LibrarySummary s = LibraryStats(db.db()).summary(&e);
        const qint64 summaryMs = t.elapsed();
        QVERIFY(s.valid);
        QCOMPARE(s.all.files, 500000);
        QCOMPARE(s.photos.files, 350000);
        QCOMPARE(s.raw.files, 50000);
        QCOMPARE(s.videos.files, 50000);
        QCOMPARE(s.sidecars.files, 50000);
        QCOMPARE(s.destinations.first().acknowledged.files, 333334);
        QVERIFY2(summaryMs < 5000, qPrintable(QString::number(summaryMs)));

        ConsentStore consents(db.db());
        QVERIFY(consents.grant(consent::readSource, QStringLiteral("/p"), QStringLiteral("test"), 0,
                               &e));
        QVERIFY(
            consents.grant(consent::upload, QStringLiteral("usb"), QStringLiteral("test"), 0, &e));
        t.restart();
        const Explanation why =
            BackupExplanation(db.db()).explain(QStringLiteral("/p/a/499998.jpg"));
        const qint64 whyMs = t.elapsed();
        QCOMPARE(why.destinations.first().code, QStringLiteral("queued"));
        // Pending jobs ahead of it: every third id below 499998.
        QVERIFY2(why.destinations.first().sentence.contains(QStringLiteral("number 166666 ")),
                 qPrintable(why.text()));
        QVERIFY2(whyMs < 2000, qPrintable(QString::number(whyMs)));
        qInfo("summary %lld ms, why %lld ms", summaryMs, whyMs);
    }

    void notifiesOnceForABatchOfFailures()
    {
        ManualClock clock;
        NotificationPolicy policy(clock);
        QVERIFY(!policy.update(status(0, 10, 0, true)));
        // Failures arrive one by one while the engine works: no notice per file.
        for (int f = 1; f <= 4; ++f) {
            clock.advance(500);
            QVERIFY(!policy.update(status(0, 10, f, true)));
        }
        clock.advance(NotificationPolicy::kSettleMs);
        const std::optional<Notice> n = policy.update(status(0, 10, 4, true));
        QVERIFY(n);
        QCOMPARE(n->newFailures, 4);
        QVERIFY(!n->complete);
        // The same failures are never notified again.
        for (int i = 0; i < 10; ++i) {
            clock.advance(10'000);
            QVERIFY(!policy.update(status(0, 10, 4, true)));
        }

        // New failures within a minute of a notice wait; they are not lost.
        ManualClock c2;
        NotificationPolicy p2(c2);
        p2.update(status(0, 10, 0, true));
        c2.advance(1000);
        p2.update(status(0, 10, 2, true));
        c2.advance(NotificationPolicy::kSettleMs);
        QVERIFY(p2.update(status(0, 10, 2, true)));
        c2.advance(5000);
        p2.update(status(0, 10, 3, true));
        c2.advance(NotificationPolicy::kSettleMs);
        QVERIFY(!p2.update(status(0, 10, 3, true))); // only ~8 s after the last notice
        c2.advance(30'000);
        QVERIFY(!p2.update(status(0, 10, 3, true)));
        c2.advance(NotificationPolicy::kMinIntervalMs - 38'000 + 1);
        const std::optional<Notice> later = p2.update(status(0, 10, 3, true));
        QVERIFY(later);
        QCOMPARE(later->newFailures, 1);

        // Failures there before the session started are no news.
        ManualClock c3;
        NotificationPolicy p3(c3);
        QVERIFY(!p3.update(status(0, 10, 7, false)));
        c3.advance(NotificationPolicy::kMinIntervalMs * 2);
        QVERIFY(!p3.update(status(0, 10, 7, false)));
    }

    void notifiesBackupCompleteOnceAfterUploads()
    {
        ManualClock clock;
        NotificationPolicy policy(clock);
        QVERIFY(!policy.update(status(2, 6, 0, false))); // two were backed up before
        for (int done = 2; done <= 6; ++done) {
            clock.advance(250);
            QVERIFY(!policy.update(status(done, 6, 0, true)));
        }
        // Idle a moment between jobs is not "complete" yet.
        clock.advance(250);
        QVERIFY(!policy.update(status(6, 6, 0, false)));
        clock.advance(NotificationPolicy::kSettleMs);
        const std::optional<Notice> n = policy.update(status(6, 6, 0, false));
        QVERIFY(n);
        QVERIFY(n->complete);
        QCOMPARE(n->uploaded, 4);
        QVERIFY(n->allBackedUp);
        QCOMPARE(n->newFailures, 0);
        for (int i = 0; i < 20; ++i) {
            clock.advance(30'000);
            QVERIFY(!policy.update(status(6, 6, 0, false)));
        }

        // Idle without having uploaded anything: nothing to say.
        ManualClock c2;
        NotificationPolicy quiet(c2);
        quiet.update(status(0, 3, 0, true));
        c2.advance(NotificationPolicy::kMinIntervalMs);
        QVERIFY(!quiet.update(status(0, 3, 0, false)));
        c2.advance(NotificationPolicy::kMinIntervalMs);
        QVERIFY(!quiet.update(status(0, 3, 0, false)));

        // Paused with work left is not complete; turned off, nothing is shown.
        ManualClock c3;
        NotificationPolicy paused(c3);
        paused.update(status(0, 3, 0, true));
        paused.update(status(1, 3, 0, true));
        EngineStatus p = status(1, 3, 0, false);
        p.pauseReasons.append({QStringLiteral("user"), QStringLiteral("paused by you")});
        c3.advance(NotificationPolicy::kMinIntervalMs);
        QVERIFY(!paused.update(p));
        paused.setEnabled(false);
        c3.advance(1000);
        QVERIFY(!paused.update(status(3, 3, 0, true)));
        c3.advance(NotificationPolicy::kMinIntervalMs);
        QVERIFY(!paused.update(status(3, 3, 0, false)));
    }
};

QTEST_MAIN(TestLibrary)
#include "tst_library.moc"
