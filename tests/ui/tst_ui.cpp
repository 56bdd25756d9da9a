// The desktop app's flows on the offscreen platform, with the real engine behind them.
#include "ConsentAsker.h"
#include "FailuresModel.h"
#include "FirstRunController.h"
#include "HistoryModel.h"
#include "MainWindow.h"
#include "TestSupport.h"
#include "catalog/Database.h"
#include "catalog/SettingKeys.h"
#include "catalog/SettingsStore.h"
#include "jobs/EngineHost.h"

#include <QAction>
#include <QDir>
#include <QDirIterator>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

namespace {
// Answers consent questions the way a test says, and remembers what was asked.
class ScriptedAsker : public ConsentAsker
{
public:
    QMap<QString, bool> answers; // scope -> answer
    QList<ConsentRequest> asked;
    bool ask(const ConsentRequest& r) override
    {
        asked << r;
        return answers.value(r.scope, false);
    }
};

int filesUnder(const QString& root)
{
    int n = 0;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

void makePhotos(const QString& dir, int count, int first = 0)
{
    for (int i = first; i < first + count; ++i)
        writeFile(QStringLiteral("%1/IMG_%2.jpg").arg(dir).arg(i),
                  QByteArray("\xFF\xD8\xFF\xE0", 4) + QByteArray::number(i).repeated(500 + i));
}
} // namespace

class TestUi : public QObject
{
    Q_OBJECT

    struct App
    {
        QTemporaryDir dir;
        Profile profile;
        Database db;
        QString library, destination;

        App()
        {
            Error e;
            profile = Profile::open(dir.filePath(QStringLiteral("profile")), &e);
            db.open(profile.catalogPath(), &e);
            library = dir.filePath(QStringLiteral("Pictures"));
            destination = dir.filePath(QStringLiteral("Backup"));
            makePhotos(library, 4);
        }
    };

private Q_SLOTS:
    void initTestCase() { Q_INIT_RESOURCE(ui); }

    void refusingConsentUploadsNothing()
    {
        App app;
        ScriptedAsker asker;
        asker.answers = {{QStringLiteral("read-source"), true}, {QStringLiteral("upload"), false}};
        LibraryCount count = countLibrary(app.library).result();
        QCOMPARE(count.photos, 4);
        const auto outcome = FirstRunController(app.db.db(), asker)
                                 .run(app.library, QStringLiteral("disk"), app.destination, count);
        QVERIFY(!outcome.error);
        QCOMPARE(asker.asked.size(), 2);
        QVERIFY(asker.asked.at(0).text.contains(QStringLiteral("4 photos and 0 videos")));
        QVERIFY(asker.asked.at(1).text.contains(app.destination));

        EngineHost host(app.profile);
        QSignalSpy idle(&host, &EngineHost::idle);
        Error e;
        QVERIFY(host.start(&e));
        QVERIFY(idle.wait(30000));
        const EngineStatus s = idle.first().first().value<EngineStatus>();
        QCOMPARE(s.waitingForConsent, QStringList{QStringLiteral("upload disk")});
        QCOMPARE(filesUnder(app.destination), 0);
    }

    void retryFromTheFailuresList()
    {
        App app;
        ScriptedAsker asker;
        asker.answers = {{QStringLiteral("read-source"), true}, {QStringLiteral("upload"), true}};
        FirstRunController(app.db.db(), asker)
            .run(app.library, QStringLiteral("disk"), app.destination, {});
        QVERIFY(QDir(app.destination).removeRecursively()); // the disk is not plugged in
        SettingsStore(app.db.db()).setValue(settingkeys::maxAttempts, QStringLiteral("1"));

        EngineHost host(app.profile);
        MainWindow window(host, app.db.db());
        window.show();
        QSignalSpy idle(&host, &EngineHost::idle);
        Error e;
        QVERIFY(host.start(&e));
        QVERIFY(idle.wait(30000));
        QTRY_COMPARE_WITH_TIMEOUT(window.failuresModel()->rowCount(), 4, 10000);
        QTRY_VERIFY(
            window.statusLine()->text().contains(QStringLiteral("Needs attention: 4 failures")));
        QVERIFY(window.failuresModel()
                    ->data(window.failuresModel()->index(0, FailuresModel::Reason), Qt::DisplayRole)
                    .toString()
                    .contains(QStringLiteral("not there")));

        QVERIFY(QDir().mkpath(app.destination)); // plugged in
        window.tabs()->setCurrentIndex(1);
        auto* view = window.findChild<QTableView*>(QStringLiteral("failuresView"));
        view->selectRow(0);
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("retry")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(filesUnder(app.destination), 1, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(window.failuresModel()->rowCount(), 3, 10000);
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("retryAll")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(filesUnder(app.destination), 4, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(window.failuresModel()->rowCount(), 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            window.statusLine()->text().startsWith(QStringLiteral("Up to date")), 10000);
    }

    void pauseSaysWhy()
    {
        App app;
        ScriptedAsker asker;
        asker.answers = {{QStringLiteral("read-source"), true}, {QStringLiteral("upload"), true}};
        FirstRunController(app.db.db(), asker)
            .run(app.library, QStringLiteral("disk"), app.destination, {});
        EngineHost host(app.profile);
        MainWindow window(host, app.db.db());
        window.show();
        Error e;
        QVERIFY(host.start(&e));
        auto* pause = window.findChild<QPushButton*>(QStringLiteral("pause"));
        QAction* forever = pause->menu()->findChild<QAction*>(QStringLiteral("pauseIndefinitely"));
        QVERIFY(forever);
        forever->trigger();
        makePhotos(app.library + QStringLiteral("/new"), 2, 100);
        host.rescan();
        QTRY_VERIFY_WITH_TIMEOUT(window.statusLine()->text() == QStringLiteral("Paused by you"),
                                 15000);
        QVERIFY(window.findChild<QPushButton*>(QStringLiteral("resume"))->isVisible());
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("resume")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(filesUnder(app.destination), 6, 15000);
    }

    void historyFilters()
    {
        App app;
        ScriptedAsker asker;
        asker.answers = {{QStringLiteral("read-source"), true}, {QStringLiteral("upload"), true}};
        FirstRunController(app.db.db(), asker)
            .run(app.library, QStringLiteral("disk"), app.destination, {});
        {
            EngineHost host(app.profile);
            QSignalSpy idle(&host, &EngineHost::idle);
            Error e;
            QVERIFY(host.start(&e));
            QVERIFY(idle.wait(30000));
        }
        HistoryModel model(app.db.db());
        QVERIFY(model.rowCount() >= 12); // registered, started, sent, acknowledged for each
        EventFilter acknowledged;
        acknowledged.toState = QStringLiteral("acknowledged");
        model.setFilter(acknowledged);
        QCOMPARE(model.rowCount(), 4);
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.data(model.index(r, HistoryModel::Outcome), Qt::DisplayRole).toString(),
                     QStringLiteral("acknowledged"));
        acknowledged.text = QStringLiteral("IMG_2");
        model.setFilter(acknowledged);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, HistoryModel::File), Qt::DisplayRole).toString(),
                 QStringLiteral("IMG_2.jpg"));
        EventFilter future;
        future.fromMs = QDateTime::currentMSecsSinceEpoch() + 3600'000;
        model.setFilter(future);
        QCOMPARE(model.rowCount(), 0);

        model.setFilter(acknowledged);
        const QString csv = app.dir.filePath(QStringLiteral("h.csv"));
        QString error;
        QVERIFY(model.exportCsv(csv, &error));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines.at(1).contains("IMG_2.jpg"));
    }
};

QTEST_MAIN(TestUi)
#include "tst_ui.moc"
