// keepsake: the desktop app. All logic lives in core/ and ui/; this only wires them up.
#include <QApplication>
#include <QLabel>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Keepsake"));
    QApplication::setApplicationName(QStringLiteral("keepsake"));
    QApplication::setApplicationVersion(QStringLiteral(KEEPSAKE_VERSION));
    QLabel placeholder(QStringLiteral("Keepsake"));
    placeholder.show();
    return app.exec();
}
