// keepsake-cli: global options, usage errors, exit codes, sources.
#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace ks::test;

class TestCliBasics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionAndHelp()
    {
        CliResult r = runCli({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("keepsake-cli "));
        r = runCli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("source add"));
        QVERIFY(r.out.contains("Exit codes"));
    }

    void usageErrorsExitTwo()
    {
        QTemporaryDir dir;
        QCOMPARE(runCli({}).exitCode, 2);
        QCOMPARE(runCli({QStringLiteral("--profile"), dir.path(), QStringLiteral("frobnicate")})
                     .exitCode,
                 2);
        QCOMPARE(runCli({QStringLiteral("--profile"), dir.path(), QStringLiteral("source"),
                         QStringLiteral("add")})
                     .exitCode,
                 2);
        QCOMPARE(runCli({QStringLiteral("--profile")}).exitCode, 2);
    }

    void sourcesRoundTrip()
    {
        QTemporaryDir dir;
        const QString profile = dir.filePath(QStringLiteral("profile"));
        const QString photos = dir.filePath(QStringLiteral("photos"));
        QVERIFY(QDir().mkpath(photos));
        const QStringList base{QStringLiteral("--profile"), profile};
        CliResult r =
            runCli(base + QStringList{QStringLiteral("source"), QStringLiteral("add"), photos});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("consent grant read-source"));
        r = runCli(base + QStringList{QStringLiteral("source"), QStringLiteral("add"),
                                      dir.filePath(QStringLiteral("nope"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("does not exist"));
        r = runCli(base + QStringList{QStringLiteral("--json"), QStringLiteral("source"),
                                      QStringLiteral("list")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray list =
            QJsonDocument::fromJson(r.out).object().value(QStringLiteral("sources")).toArray();
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("path")).toString(), photos);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("readConsent")).toBool(), false);
        r = runCli(base + QStringList{QStringLiteral("source"), QStringLiteral("remove"), photos});
        QCOMPARE(r.exitCode, 0);
        r = runCli(base + QStringList{QStringLiteral("source"), QStringLiteral("remove"), photos});
        QCOMPARE(r.exitCode, 1);
    }

    void consentGrantListRevoke()
    {
        QTemporaryDir dir;
        const QString photos = dir.filePath(QStringLiteral("photos"));
        QVERIFY(QDir().mkpath(photos));
        const QStringList base{QStringLiteral("--profile"), dir.filePath(QStringLiteral("p"))};
        auto cli = [&](const QStringList& a) { return runCli(base + a); };
        const QString consentWord = QStringLiteral("consent");
        // Unknown scope and a missing target are usage errors.
        QCOMPARE(cli({consentWord, QStringLiteral("grant"), QStringLiteral("everything")}).exitCode,
                 2);
        QCOMPARE(
            cli({consentWord, QStringLiteral("grant"), QStringLiteral("read-source")}).exitCode, 2);
        QCOMPARE(cli({consentWord, QStringLiteral("grant"), QStringLiteral("location"),
                      QStringLiteral("x")})
                     .exitCode,
                 2);
        // A folder that is not a source cannot be consented to.
        QCOMPARE(cli({consentWord, QStringLiteral("grant"), QStringLiteral("read-source"), photos})
                     .exitCode,
                 1);
        QCOMPARE(cli({QStringLiteral("source"), QStringLiteral("add"), photos}).exitCode, 0);
        QCOMPARE(cli({consentWord, QStringLiteral("grant"), QStringLiteral("read-source"), photos})
                     .exitCode,
                 0);
        QCOMPARE(cli({consentWord, QStringLiteral("grant"), QStringLiteral("location")}).exitCode,
                 0);
        CliResult r = cli({QStringLiteral("--json"), consentWord, QStringLiteral("list")});
        QCOMPARE(r.exitCode, 0);
        QJsonArray list =
            QJsonDocument::fromJson(r.out).object().value(QStringLiteral("consents")).toArray();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("target")).toString(), photos);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("grantedBy")).toString(),
                 QStringLiteral("cli"));
        QCOMPARE(cli({consentWord, QStringLiteral("revoke"), QStringLiteral("location")}).exitCode,
                 0);
        QCOMPARE(cli({consentWord, QStringLiteral("revoke"), QStringLiteral("location")}).exitCode,
                 1);
        r = cli({QStringLiteral("--json"), consentWord, QStringLiteral("list")});
        list = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("consents")).toArray();
        QCOMPARE(list.size(), 1);
        r = cli({QStringLiteral("--json"), consentWord, QStringLiteral("list"),
                 QStringLiteral("--all")});
        list = QJsonDocument::fromJson(r.out).object().value(QStringLiteral("consents")).toArray();
        QCOMPARE(list.size(), 2);
        QVERIFY(list.at(1).toObject().value(QStringLiteral("revokedAt")).isString());
    }

    void corruptCatalogIsAProfileError()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(QStringLiteral("catalog.sqlite")), QByteArray(8192, 'x')));
        CliResult r = runCli({QStringLiteral("--profile"), dir.path(), QStringLiteral("source"),
                              QStringLiteral("list")});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains("not a Keepsake catalog"));
    }
};

QTEST_GUILESS_MAIN(TestCliBasics)
#include "tst_cli_basics.moc"
