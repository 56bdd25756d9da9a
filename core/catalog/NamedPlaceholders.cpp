#include "NamedPlaceholders.h"

#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace ks::sql {

namespace {
constexpr int kKeptNames = 64; // more than any catalog statement binds

// `:p1` for the first; the usual ones built once and shared by every thread (a function-local
// static is initialised once), so a bind allocates nothing.
QString nameOf(int index)
{
    static const QStringList names = [] {
        QStringList list;
        for (int i = 0; i < kKeptNames; ++i)
            list << QStringLiteral(":p") + QString::number(i + 1);
        return list;
    }();
    return index < kKeptNames ? names[index] : QStringLiteral(":p") + QString::number(index + 1);
}

// Calls `onText(from, to)` for each stretch of `statement` between placeholders and
// `onPlaceholder()` for each `?` that SQL reads as one: not inside '...', "..." or a comment.
template <typename Text, typename Placeholder>
void split(const QString& statement, Text onText, Placeholder onPlaceholder)
{
    const qsizetype n = statement.size();
    const QChar* s = statement.constData();
    qsizetype start = 0;
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = s[i];
        if (c == u'\'' || c == u'"') {
            const qsizetype end = statement.indexOf(c, i + 1);
            i = end < 0 ? n : end;
        } else if (c == u'-' && i + 1 < n && s[i + 1] == u'-') {
            const qsizetype end = statement.indexOf(u'\n', i);
            i = end < 0 ? n : end;
        } else if (c == u'/' && i + 1 < n && s[i + 1] == u'*') {
            const qsizetype end = statement.indexOf(QLatin1String("*/"), i + 2);
            i = end < 0 ? n : end + 1;
        } else if (c == u'?') {
            onText(start, i);
            onPlaceholder();
            start = i + 1;
        }
    }
    onText(start, n);
}
} // namespace

QString namedPlaceholders(const QString& statement)
{
    if (!statement.contains(u'?'))
        return statement;
    QString named;
    named.reserve(statement.size() + 64);
    int index = 0;
    split(
        statement,
        [&](qsizetype from, qsizetype to) {
            named += QStringView(statement).sliced(from, to - from);
        },
        [&] { named += nameOf(index++); });
    return named;
}

bool isNamedForm(const QString& named, const QString& statement)
{
    if (named.isEmpty() || statement.isEmpty())
        return false;
    // Walk both: the stretches between placeholders are equal, and each `?` is the next name.
    qsizetype at = 0;
    int index = 0;
    bool same = true;
    split(
        statement,
        [&](qsizetype from, qsizetype to) {
            const QStringView part = QStringView(statement).sliced(from, to - from);
            same = same && QStringView(named).sliced(std::min(at, named.size())).startsWith(part);
            at += part.size();
        },
        [&] {
            const QString name = nameOf(index++);
            same = same && QStringView(named).sliced(std::min(at, named.size())).startsWith(name);
            at += name.size();
        });
    return same && at == named.size();
}

void bindAt(QSqlQuery& q, int index, const QVariant& value)
{
    q.bindValue(nameOf(index), value);
}

} // namespace ks::sql
