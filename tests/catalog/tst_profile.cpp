// Profile directory resolution and the one-engine-per-profile lock.
#include "TestSupport.h"
#include "profile/EngineLock.h"
#include "profile/Profile.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;

class TestProfile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void createdPrivate()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p/q"));
        Error error;
        Profile p = Profile::open(path, &error);
        QVERIFY(p.isValid());
        const QFile::Permissions perms = QFileInfo(path).permissions();
        QVERIFY(perms.testFlags(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup |
                                          QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
        QCOMPARE(perms & others, QFile::Permissions());
    }

    void environmentOverride()
    {
        QTemporaryDir dir;
        qputenv("KEEPSAKE_PROFILE", dir.filePath(QStringLiteral("env")).toUtf8());
        Error error;
        Profile p = Profile::open(QString(), &error);
        qunsetenv("KEEPSAKE_PROFILE");
        QCOMPARE(p.dir(), dir.filePath(QStringLiteral("env")));
    }

    void secondEngineIsRefused()
    {
        QTemporaryDir dir;
        Error error;
        Profile p = Profile::open(dir.path(), &error);
        EngineLock first(p);
        QVERIFY(first.tryLock(&error));
        EngineLock second(p);
        QVERIFY(!second.tryLock(&error));
        QVERIFY2(error.message.contains(QStringLiteral("already running")),
                 qPrintable(error.message));
        QVERIFY(EngineLock::isHeld(p));
        first.unlock();
        QVERIFY(!EngineLock::isHeld(p));
        QVERIFY(second.tryLock(&error));
    }

    void lockOfDeadProcessIsTakenOver()
    {
        QTemporaryDir dir;
        Error error;
        Profile p = Profile::open(dir.path(), &error);
        // A lock file as a killed process leaves it: a PID that no longer runs.
        QProcess dead;
        dead.start(QStringLiteral("true"));
        QVERIFY(dead.waitForFinished());
        const qint64 pid = dead.processId() ? dead.processId() : 999999;
        QFile f(p.lockPath());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::number(pid) + "\nkeepsake-cli\n" +
                QSysInfo::machineHostName().toUtf8() + "\n");
        f.close();
        EngineLock lock(p);
        QVERIFY2(lock.tryLock(&error), qPrintable(error.message));
    }
};

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
