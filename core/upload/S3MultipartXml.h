#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace ks {

// The XML answers of multipart requests, read.

// One page of a ListParts answer.
struct ListedPart
{
    int number = 0;
    qint64 size = -1;
    QString etag;
};

struct PartList
{
    QList<ListedPart> parts;
    bool truncated = false;
    int nextMarker = 0;
};
PartList parseListParts(const QByteArray& xml);
// The text of the first element called `element` (InitiateMultipartUpload's UploadId).
QString xmlValue(const QByteArray& xml, QLatin1String element);

} // namespace ks
