#pragma once

#include <QLatin1String>
#include <QString>

namespace ks {

// Counts in core's sentences are Qt plural forms: tr("%n file(s) ...", nullptr, n). The
// installed translation picks the form (the app installs German, or keepsake_en.ts for English).
// keepsake-cli installs none, so its output stays in the source language for scripts, and Qt
// would print "1 file(s)" as written: this picks the English form there. A translated text
// never contains "(s)" (tests/ui/tst_translations checks the .ts files), so it passes unchanged.
inline QString englishPlural(QString text, qint64 n)
{
    return text.replace(QLatin1String("(s)"), n == 1 ? QString() : QStringLiteral("s"));
}

} // namespace ks
