#include "RemotePathTemplate.h"

#include <QDateTime>
#include <QStringList>
#include <QTimeZone>

namespace ks {

namespace {
const QStringList kFields = {QStringLiteral("year"),     QStringLiteral("month"),
                             QStringLiteral("day"),      QStringLiteral("source"),
                             QStringLiteral("hash8"),    QStringLiteral("ext"),
                             QStringLiteral("filename"), QStringLiteral("basename")};

// Most file systems and servers take names of at most 255 bytes (NAME_MAX); S3 keys are longer,
// but a backup must be restorable to a disk.
constexpr qsizetype kMaxNameBytes = 255;

// Cuts `base` (whole characters, never half a surrogate pair) until base + tail fits in
// kMaxNameBytes of UTF-8.
QString fitName(QString base, const QString& tail)
{
    const qsizetype tailBytes = tail.toUtf8().size();
    while (!base.isEmpty() && base.toUtf8().size() + tailBytes > kMaxNameBytes) {
        base.chop(1);
        if (!base.isEmpty() && base.back().isHighSurrogate())
            base.chop(1);
    }
    return base + tail;
}

// A name longer than 255 bytes keeps its extension and loses the end of its base name.
QString clampName(const QString& name)
{
    if (name.toUtf8().size() <= kMaxNameBytes)
        return name;
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    const bool hasExt = dot > 0 && name.size() - dot <= 16;
    return fitName(hasExt ? name.left(dot) : name, hasExt ? name.mid(dot) : QString());
}

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
    // Every "{name}" with name in [a-z0-9]+ must be known. Scanned by hand: a regular
    // expression here loaded PCRE2 and its JIT into every backup (about 0.5 MiB of peak RSS).
    const auto fieldChar = [](QChar c) {
        return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
               (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
    };
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != QLatin1Char('{'))
            continue;
        qsizetype end = i + 1;
        while (end < pattern.size() && fieldChar(pattern[end]))
            ++end;
        if (end == i + 1 || end == pattern.size() || pattern[end] != QLatin1Char('}'))
            continue;
        const QString name = pattern.mid(i + 1, end - i - 1);
        if (!kFields.contains(name))
            return QStringLiteral("unknown field {%1}; known: {%2}")
                .arg(name, kFields.join(QStringLiteral("}, {")));
        i = end;
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
        clean << clampName(seg);
    }
    return clean.join(QLatin1Char('/'));
}

QString withSuffix(const QString& remotePath, const QString& suffix)
{
    const qsizetype slash = remotePath.lastIndexOf(QLatin1Char('/'));
    const qsizetype dot = remotePath.indexOf(QLatin1Char('.'), slash + 2);
    // The suffix goes into the name, which must still fit in 255 bytes: the base gives way.
    const QString dir = remotePath.left(slash + 1);
    const QString tail = QLatin1Char('-') + suffix + remotePath.mid(dot);
    if (dot < 0 || tail.toUtf8().size() >= kMaxNameBytes)
        return dir + fitName(remotePath.mid(slash + 1), QLatin1Char('-') + suffix);
    return dir + fitName(remotePath.mid(slash + 1, dot - slash - 1), tail);
}

} // namespace ks
