#include "S3ResumeState.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace ks {

QByteArray S3ResumeState::toJson() const
{
    return QJsonDocument(QJsonObject{{QStringLiteral("s3key"), key},
                                     {QStringLiteral("uploadId"), uploadId},
                                     {QStringLiteral("size"), size},
                                     {QStringLiteral("partSize"), partSize}})
        .toJson(QJsonDocument::Compact);
}

S3ResumeState S3ResumeState::fromJson(const QByteArray& json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    S3ResumeState s;
    s.key = o.value(QStringLiteral("s3key")).toString();
    s.uploadId = o.value(QStringLiteral("uploadId")).toString();
    s.size = o.value(QStringLiteral("size")).toInteger();
    s.partSize = o.value(QStringLiteral("partSize")).toInteger();
    return s;
}

} // namespace ks
