// Strict TLS against a real Apache over HTTPS with a self-signed certificate: refused by default
// with its fingerprint in the reason, refused with a wrong pin, accepted once that very
// certificate is pinned.
#include "ApacheDav.h"
#include "BackupFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace ks;
using namespace ks::test;

class TestTls : public QObject
{
    Q_OBJECT

    static QJsonArray failures(const BackupFixture& fx)
    {
        return QJsonDocument::fromJson(
                   fx.cli({QStringLiteral("--json"), QStringLiteral("failures")}).out)
            .object()
            .value(QStringLiteral("failures"))
            .toArray();
    }

private Q_SLOTS:
    void selfSignedIsRefusedUntilPinned()
    {
        qputenv("KEEPSAKE_SECRET_NAS", "tls-pass");
        QTemporaryDir dir;
        ApacheDav dav(dir.filePath(QStringLiteral("apache")), QStringLiteral("tls-pass"));
        dav.enableTls();
        QString error;
        QVERIFY2(dav.start(&error), qPrintable(error));
        const QString colons = dav.certificateFingerprint();
        QCOMPARE(colons.size(), 95);
        const QString hex = colons.toLower().remove(QLatin1Char(':'));

        BackupFixture fx(dir.path());
        fx.makeLibrary(4);
        QVERIFY(fx.addLibrary());
        QVERIFY(fx.addDestination(QStringLiteral("nas"), dav.url(QStringLiteral("webdavs"))));

        // The connection test names the certificate it refused, so the user can compare it.
        CliResult r =
            fx.cli({QStringLiteral("destination"), QStringLiteral("test"), QStringLiteral("nas")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(hex.toLatin1()), r.err.constData());
        QVERIFY(r.err.contains("not trusted"));

        r = fx.cli({QStringLiteral("backup")});
        QCOMPARE(r.exitCode, 12);
        QJsonArray f = failures(fx);
        QCOMPARE(f.size(), 4);
        QCOMPARE(f.first().toObject().value(QStringLiteral("errorClass")).toString(),
                 QStringLiteral("permanent"));
        QVERIFY(f.first().toObject().value(QStringLiteral("reason")).toString().contains(hex));
        QVERIFY(BackupFixture::hashesUnder(dav.dataDir()).isEmpty());

        // Pinning some other certificate changes nothing.
        QCOMPARE(fx.cli({QStringLiteral("destination"), QStringLiteral("trust"),
                         QStringLiteral("nas"), QString(64, QLatin1Char('a'))})
                     .exitCode,
                 0);
        QCOMPARE(fx.cli({QStringLiteral("backup")}).exitCode, 12);
        QCOMPARE(failures(fx).size(), 4);
        QVERIFY(BackupFixture::hashesUnder(dav.dataDir()).isEmpty());

        // Nonsense is refused with a clear message.
        r = fx.cli({QStringLiteral("destination"), QStringLiteral("trust"), QStringLiteral("nas"),
                    QStringLiteral("not-a-fingerprint")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("not a SHA-256 fingerprint"));

        // Pinning this certificate (as openssl prints it) lets the failures go through.
        r = fx.cli({QStringLiteral("destination"), QStringLiteral("trust"), QStringLiteral("nas"),
                    colons});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("will be tried again"));
        QCOMPARE(
            fx.cli({QStringLiteral("destination"), QStringLiteral("test"), QStringLiteral("nas")})
                .exitCode,
            0);
        r = fx.cli({QStringLiteral("backup")});
        QVERIFY2(r.exitCode == 0, r.out + r.err);
        QCOMPARE(BackupFixture::hashesUnder(dav.dataDir()), fx.expectedAtDestination());

        // Forgetting the pin makes the server untrusted again.
        QCOMPARE(fx.cli({QStringLiteral("destination"), QStringLiteral("trust"),
                         QStringLiteral("nas"), QStringLiteral("--forget")})
                     .exitCode,
                 0);
        QVERIFY(
            fx.cli({QStringLiteral("destination"), QStringLiteral("test"), QStringLiteral("nas")})
                .exitCode != 0);
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
