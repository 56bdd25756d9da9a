#pragma once

#include <QLocale>
#include <QString>

namespace ks {

// The language the UI speaks: `requested` (from --lang or $KEEPSAKE_LANG, e.g. "de" or "de_DE")
// when given, else the system's.
QLocale uiLocale(const QString& requested);

// Installs Keepsake's translation for `locale` (embedded in keepsake-ui under :/i18n) and Qt's
// own (standard buttons and dialogs) when the system has it; replaces any installed before.
// Returns false when Keepsake has no translation for that language: the UI stays in English,
// the language of the source strings.
bool installTranslations(const QLocale& locale);

} // namespace ks
