#include "RemotePathTemplate.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QStringList>
#include <QTimeZone>

namespace ks {

namespace {
const QStringList kFields = {QStringLiteral("year"),     QStringLiteral("month"),
                             QStringLiteral("day"),      QStringLiteral("source"),
                             QStringLiteral("hash8"),    QStringLiteral("ext"),
                             QStringLiteral("filename"), QStringLiteral("basename")};

QString sanitizeSegment(QString s)
{
    s.replace(QLatin1Char('\\'), QLatin1Char('_'));
    s.remove(QLatin1Char('\0'));
    return s;
}
} // namespace

RemotePathTemplate::RemotePathTemplate(QString pattern) : m_pattern(std::move(pattern))
{
    if (!validate(m_pattern).isEmpty())
        m_pattern = defaultTemplate();
}

QString RemotePathTemplate::validate(const QString& pattern)
{
    static const QRegularExpression field(QStringLiteral("\\{([a-z0-9]+)\\}"));
    auto it = field.globalMatch(pattern);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!kFields.contains(name))
            return QStringLiteral("unknown field {%1}; known: {%2}")
                .arg(name, kFields.join(QStringLiteral("}, {")));
    }
    // Without one of these, different photos would all get the same name.
    if (!pattern.contains(QStringLiteral("{filename}")) &&
        !pattern.contains(QStringLiteral("{basename}")) &&
        !pattern.contains(QStringLiteral("{hash8}")))
        return QStringLiteral("the template must contain {filename}, {basename} or {hash8}");
    return {};
}

QString RemotePathTemplate::render(const Input& in) const
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(in.captureWallMs, QTimeZone::utc());
    const qsizetype dot = in.fileName.lastIndexOf(QLatin1Char('.'));
    const QString base = dot > 0 ? in.fileName.left(dot) : in.fileName;
    const QString ext = dot > 0 ? in.fileName.mid(dot + 1).toLower() : QString();
    QString out = m_pattern;
    out.replace(QStringLiteral("{year}"), t.toString(QStringLiteral("yyyy")))
        .replace(QStringLiteral("{month}"), t.toString(QStringLiteral("MM")))
        .replace(QStringLiteral("{day}"), t.toString(QStringLiteral("dd")))
        .replace(QStringLiteral("{source}"), sanitizeSegment(in.sourceName))
        .replace(QStringLiteral("{hash8}"), QString::fromLatin1(in.sha256.toHex().left(8)))
        .replace(QStringLiteral("{ext}"), ext)
        .replace(QStringLiteral("{filename}"), sanitizeSegment(in.fileName))
        .replace(QStringLiteral("{basename}"), sanitizeSegment(base));
    QStringList clean;
    for (const QString& seg : out.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (seg == QLatin1String(".") || seg == QLatin1String(".."))
            continue;
        clean << seg;
    }
    return clean.join(QLatin1Char('/'));
}

QString withSuffix(const QString& remotePath, const QString& suffix)
{
    const qsizetype slash = remotePath.lastIndexOf(QLatin1Char('/'));
    const qsizetype dot = remotePath.indexOf(QLatin1Char('.'), slash + 2);
    if (dot < 0)
        return remotePath + QLatin1Char('-') + suffix;
    return remotePath.left(dot) + QLatin1Char('-') + suffix + remotePath.mid(dot);
}

} // namespace ks
