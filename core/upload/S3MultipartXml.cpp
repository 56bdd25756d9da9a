#include "S3MultipartXml.h"

#include "S3Checksums.h"

#include <QXmlStreamReader>

namespace ks {

QString xmlValue(const QByteArray& xml, QLatin1String element)
{
    QXmlStreamReader reader(xml);
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement() && reader.name() == element)
            return reader.readElementText();
    }
    return {};
}

PartList parseListParts(const QByteArray& xml)
{
    PartList list;
    QXmlStreamReader reader(xml);
    ListedPart part;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isEndElement() && reader.name() == QLatin1String("Part")) {
            list.parts.append(part);
            part = {};
            continue;
        }
        if (!reader.isStartElement())
            continue;
        const auto name = reader.name();
        if (name == QLatin1String("PartNumber"))
            part.number = reader.readElementText().toInt();
        else if (name == QLatin1String("Size"))
            part.size = reader.readElementText().toLongLong();
        else if (name == QLatin1String("ETag"))
            part.etag = normalizedEtag(reader.readElementText());
        else if (name == QLatin1String("IsTruncated"))
            list.truncated = reader.readElementText() == QLatin1String("true");
        else if (name == QLatin1String("NextPartNumberMarker"))
            list.nextMarker = reader.readElementText().toInt();
    }
    return list;
}

} // namespace ks
