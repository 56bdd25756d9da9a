#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QString>

namespace ks {

struct StrippedCopy
{
    QString path; // the copy to send (the source itself when nothing was stripped)
    qint64 size = 0;
    QByteArray sha256; // of the bytes at `path`; empty when no copy was made
    bool hadLocation = false;
    Error error;
};

// Without the "location" consent a photo leaves the machine without its GPS position: this
// copies it into tempDir, removes every GPS tag from the copy with Exiv2 (EXIF GPSInfo and the
// XMP exif:GPS* properties), and hashes the copy, whose bytes are what gets sent and verified.
// The original is never modified. Safe on worker threads (see initializeMetadataReader()).
StrippedCopy stripLocation(const QString& source, const QString& tempDir, qint64 jobId);

} // namespace ks
