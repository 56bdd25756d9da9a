#pragma once

#include <QByteArray>
#include <QString>

namespace ks {

// What the engine keeps for an unfinished multipart upload (DestinationReply's opaque resume
// state), as JSON: the object key, the upload id and how the file was cut into parts. A key
// without an upload id records an upload being started whose id was not heard yet.
struct S3ResumeState
{
    QString key;
    QString uploadId;
    qint64 size = 0;
    qint64 partSize = 0;

    bool isValid() const { return !key.isEmpty() && !uploadId.isEmpty() && partSize > 0; }
    QByteArray toJson() const;
    static S3ResumeState fromJson(const QByteArray& json);
};

} // namespace ks
