#pragma once

#include <QByteArray>
#include <QString>

namespace ks {

// Where a photo goes at a destination: a template such as "{year}/{month}/{filename}" with
// {year}, {month}, {day} (of the capture time), {source} (the source folder's name), {hash8}
// (first 8 hex digits of the content hash), {ext} (lower-case extension), {filename} and
// {basename} (name without extension).
class RemotePathTemplate
{
public:
    static QString defaultTemplate() { return QStringLiteral("{year}/{month}/{filename}"); }

    explicit RemotePathTemplate(QString pattern = defaultTemplate());

    // Checks a user-supplied template; returns an empty string when valid, else the reason.
    static QString validate(const QString& pattern);

    struct Input
    {
        QString fileName;     // of the asset's original
        qint64 captureWallMs; // floating wall clock (see MetadataReader.h)
        QString sourceName;
        QByteArray sha256; // raw
    };
    // A cleaned, relative path: no empty, "." or ".." segments, no leading '/', no segment over
    // 255 bytes of UTF-8 (a longer one loses the end of its base name, keeping its extension).
    QString render(const Input& input) const;

private:
    QString m_pattern;
};

// Adds a deterministic suffix before the extension: "IMG_1.jpg" -> "IMG_1-3fa9c2e1.jpg"; a name
// that would grow past 255 bytes loses the end of its base name instead.
QString withSuffix(const QString& remotePath, const QString& suffix);

} // namespace ks
