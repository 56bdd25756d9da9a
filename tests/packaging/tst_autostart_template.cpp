// Writes the autostart entry the way the app does (ui/Autostart.cpp) into a temporary
// XDG_CONFIG_HOME and compares it byte for byte with the packaged template.
//   tst_autostart_template EXECUTABLE TEMPLATE
#include "Autostart.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <cstdio>

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: tst_autostart_template EXECUTABLE TEMPLATE\n");
        return 2;
    }
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    QCoreApplication app(argc, argv);

    QString error;
    if (!ks::autostart::enable(QString::fromLocal8Bit(argv[1]), &error)) {
        std::fprintf(stderr, "FAIL: autostart::enable: %s\n", qPrintable(error));
        return 1;
    }
    const QString written = ks::autostart::entryPath();
    if (!written.startsWith(config.path())) {
        std::fprintf(stderr, "FAIL: entry written outside XDG_CONFIG_HOME: %s\n", qPrintable(written));
        return 1;
    }
    QFile a(written), b(QString::fromLocal8Bit(argv[2]));
    if (!a.open(QIODevice::ReadOnly) || !b.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "FAIL: cannot read %s or %s\n", qPrintable(written), argv[2]);
        return 1;
    }
    const QByteArray got = a.readAll(), want = b.readAll();
    if (got != want) {
        std::fprintf(stderr,
                     "FAIL: the app's autostart entry differs from packaging/linux/"
                     "keepsake-autostart.desktop.in; update one of them.\n--- app writes:\n%s"
                     "--- template:\n%s",
                     got.constData(), want.constData());
        return 1;
    }
    std::printf("PASS: %s matches the template\n", qPrintable(written));
    return 0;
}
