#include "translations/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace ks {

namespace {
const auto installedName = QStringLiteral("ks-translator");
} // namespace

QLocale uiLocale(const QString& requested)
{
    return requested.isEmpty() ? QLocale::system() : QLocale(requested);
}

bool installTranslations(const QLocale& locale)
{
    QCoreApplication* app = QCoreApplication::instance();
    // Translators are found by name so that switching language in tests does not stack them.
    for (QTranslator* old :
         app->findChildren<QTranslator*>(installedName, Qt::FindDirectChildrenOnly)) {
        QCoreApplication::removeTranslator(old);
        delete old;
    }
    auto install = [app](const QLocale& l, const QString& name, const QString& dir) {
        auto* translator = new QTranslator(app);
        translator->setObjectName(installedName);
        // load(QLocale, ...) tries every UI language of the locale (de_AT, then de).
        if (!translator->load(l, name, QStringLiteral("_"), dir)) {
            delete translator;
            return false;
        }
        QCoreApplication::installTranslator(translator);
        return true;
    };
    install(locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    return install(locale, QStringLiteral("keepsake"), QStringLiteral(":/i18n"));
}

} // namespace ks
