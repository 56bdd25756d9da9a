// The rules the engine follows: the state machine, error classes, backoff, remote names.
#include "common/Error.h"
#include "jobs/JobState.h"
#include "jobs/RemotePathTemplate.h"
#include "jobs/RetryPolicy.h"
#include "jobs/StatusReader.h"

#include <QDateTime>
#include <QTest>
#include <QTimeZone>

using namespace ks;
Q_DECLARE_METATYPE(ks::JobState)

class TestJobRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void transitions_data()
    {
        QTest::addColumn<JobState>("from");
        QTest::addColumn<JobState>("to");
        QTest::addColumn<bool>("allowed");
        using S = JobState;
        const QList<S> all{S::Registered, S::Pending,   S::Running,     S::Succeeded,
                           S::Failed,     S::Cancelled, S::Acknowledged};
        const QList<QPair<S, S>> allowed{
            {S::Registered, S::Pending},      {S::Registered, S::Cancelled},
            {S::Registered, S::Acknowledged}, {S::Pending, S::Running},
            {S::Pending, S::Cancelled},       {S::Pending, S::Acknowledged},
            {S::Running, S::Succeeded},       {S::Running, S::Failed},
            {S::Running, S::Pending},         {S::Running, S::Acknowledged},
            {S::Succeeded, S::Acknowledged},  {S::Succeeded, S::Failed},
            {S::Succeeded, S::Pending},       {S::Failed, S::Pending},
            {S::Failed, S::Cancelled},        {S::Cancelled, S::Pending},
            {S::Acknowledged, S::Pending}};
        // Every pair of states, so a transition added by mistake fails here.
        for (S from : all)
            for (S to : all)
                QTest::addRow("%s->%s", qPrintable(jobStateName(from)),
                              qPrintable(jobStateName(to)))
                    << from << to << allowed.contains({from, to});
    }

    void transitions()
    {
        QFETCH(JobState, from);
        QFETCH(JobState, to);
        QFETCH(bool, allowed);
        QCOMPARE(canTransition(from, to), allowed);
    }

    void stateNamesRoundTrip()
    {
        for (int i = 0; i <= int(JobState::Acknowledged); ++i) {
            JobState s;
            QVERIFY(jobStateFromName(jobStateName(JobState(i)), &s));
            QCOMPARE(s, JobState(i));
        }
        JobState s;
        QVERIFY(!jobStateFromName(QStringLiteral("bogus"), &s));
    }

    void httpErrorClasses_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("expected");
        const int t = int(ErrorClass::Transient), p = int(ErrorClass::Permanent),
                  n = int(ErrorClass::None);
        QTest::newRow("200") << 200 << n;
        QTest::newRow("207") << 207 << n;
        QTest::newRow("400") << 400 << p;
        QTest::newRow("401 auth") << 401 << p;
        QTest::newRow("403") << 403 << p;
        QTest::newRow("404 missing") << 404 << p;
        QTest::newRow("408 timeout") << 408 << t;
        QTest::newRow("413 too large") << 413 << p;
        QTest::newRow("425") << 425 << t;
        QTest::newRow("429 slow down") << 429 << t;
        QTest::newRow("500") << 500 << t;
        QTest::newRow("503") << 503 << t;
        QTest::newRow("507 quota") << 507 << t;
    }

    void httpErrorClasses()
    {
        QFETCH(int, status);
        QFETCH(int, expected);
        QCOMPARE(int(errorClassForHttpStatus(status)), expected);
    }

    void backoff()
    {
        const RetryPolicy policy(5, 2000, 60'000);
        const Error transient = Error::transient(QStringLiteral("reset"));
        // Exponential with ±25 % jitter.
        QCOMPARE(policy.decide(transient, 1, 0.5).delayMs, 2000);
        QCOMPARE(policy.decide(transient, 2, 0.5).delayMs, 4000);
        QCOMPARE(policy.decide(transient, 3, 0.0).delayMs, 6000);
        QCOMPARE(policy.decide(transient, 3, 0.999).delayMs, 9996);
        // Capped.
        const RetryPolicy longPolicy(50, 2000, 60'000);
        QCOMPARE(longPolicy.decide(transient, 20, 0.5).delayMs, 60'000);
        // Bounded: the fifth failure is the last.
        QVERIFY(policy.decide(transient, 4, 0.5).retry);
        QVERIFY(!policy.decide(transient, 5, 0.5).retry);
        // Permanent errors never retry by themselves.
        QVERIFY(!policy.decide(Error::permanent(QStringLiteral("auth")), 1, 0.5).retry);
        QVERIFY(!policy.decide(Error::cancelled(), 1, 0.5).retry);
        // Retry-After wins when longer.
        Error slowDown = Error::transient(QStringLiteral("429"), 429);
        slowDown.retryAfterMs = 30'000;
        QCOMPARE(policy.decide(slowDown, 1, 0.5).delayMs, 30'000);
        slowDown.retryAfterMs = 500;
        QCOMPARE(policy.decide(slowDown, 1, 0.5).delayMs, 2000);
    }

    void statusIsPublishedLessOftenWhenItIsDear()
    {
        // 250 ms while reading it is cheap; with a large catalog at most ~2% of the engine's time.
        QCOMPARE(statusEveryMs(0), 250);
        QCOMPARE(statusEveryMs(5), 250);
        QCOMPARE(statusEveryMs(10), 500);
        QCOMPARE(statusEveryMs(20), 1000);
        QCOMPARE(statusEveryMs(40), 2000);
        QCOMPARE(statusEveryMs(5000), 2000); // a stalled read does not stop the status
    }

    void remotePaths()
    {
        const qint64 t =
            QDateTime(QDate(2021, 7, 4), QTime(23, 59), QTimeZone::utc()).toMSecsSinceEpoch();
        const QByteArray sha = QByteArray::fromHex("3fa9c2e1aa");
        RemotePathTemplate def;
        QCOMPARE(def.render({QStringLiteral("IMG_1.HEIC"), t, QStringLiteral("Pictures"), sha}),
                 QStringLiteral("2021/07/IMG_1.HEIC"));
        RemotePathTemplate custom(QStringLiteral("{source}/{year}-{month}-{day}/{hash8}.{ext}"));
        QCOMPARE(custom.render({QStringLiteral("IMG_1.HEIC"), t, QStringLiteral("Pictures"), sha}),
                 QStringLiteral("Pictures/2021-07-04/3fa9c2e1.heic"));
        // Path tricks in names do not escape the destination.
        RemotePathTemplate src(QStringLiteral("{source}/../{filename}"));
        QCOMPARE(src.render({QStringLiteral("a.jpg"), t, QStringLiteral(".."), sha}),
                 QStringLiteral("a.jpg"));
        QVERIFY(
            !RemotePathTemplate::validate(QStringLiteral("{year}/{nope}/{filename}")).isEmpty());
        QVERIFY(!RemotePathTemplate::validate(QStringLiteral("{year}/{month}")).isEmpty());
        QVERIFY(RemotePathTemplate::validate(QStringLiteral("{year}/{basename}.{ext}")).isEmpty());
        // A field is "{" [a-z0-9]+ "}", wherever it starts; anything else is literal text.
        QVERIFY(!RemotePathTemplate::validate(QStringLiteral("{{nope}/{filename}")).isEmpty());
        QVERIFY(!RemotePathTemplate::validate(QStringLiteral("{filename}{x1}")).isEmpty());
        QVERIFY(
            RemotePathTemplate::validate(QStringLiteral("{}/{Year}/{year/{filename}")).isEmpty());
        QVERIFY(RemotePathTemplate::validate(QStringLiteral("{hash8}{")).isEmpty());
        QCOMPARE(withSuffix(QStringLiteral("2021/07/IMG_1.HEIC"), QStringLiteral("3fa9c2e1")),
                 QStringLiteral("2021/07/IMG_1-3fa9c2e1.HEIC"));
        QCOMPARE(withSuffix(QStringLiteral("2021/07/IMG_1.HEIC.xmp"), QStringLiteral("ab")),
                 QStringLiteral("2021/07/IMG_1-ab.HEIC.xmp"));
        QCOMPARE(withSuffix(QStringLiteral("x/.hidden"), QStringLiteral("ab")),
                 QStringLiteral("x/.hidden-ab"));
    }
};

QTEST_GUILESS_MAIN(TestJobRules)
#include "tst_job_rules.moc"
