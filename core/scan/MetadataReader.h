#pragma once

#include <QByteArray>
#include <QString>

namespace ks {

struct CaptureInfo
{
    // Wall-clock capture time as written by the camera, stored as if it were UTC ("floating"),
    // so {year}/{month} never shift with the machine's time zone. 0 when unknown.
    qint64 wallClockMs = 0;
    bool hasOffset = false;
    int offsetSeconds = 0; // the camera's UTC offset, when the file records one
    QString origin;        // "exif", "xmp", "quicktime" or "mtime"
    bool hasGps = false;   // any GPS position tag: needs the location consent to leave as is
    QString problem; // non-fatal: the metadata could not be read (the file is still backed up)
};

// Reads capture time and GPS presence with Exiv2: Exif DateTimeOriginal, then CreateDate /
// DateTime, then XMP; for video the QuickTime creation time (UTC). Falls back to the file's
// modification time (local wall clock). Safe to call from several threads at once once
// initializeMetadataReader() ran.
CaptureInfo readCaptureInfo(const QString& path, qint64 mtimeMs);
// The same from the file's bytes already in memory (small files, read once).
CaptureInfo readCaptureInfo(const QByteArray& contents, qint64 mtimeMs);

// Whether Exiv2 would read a file starting with these bytes (1 KiB is plenty) with one of its video
// readers (RIFF, Matroska, QuickTime, ASF). Those trust the sizes a file claims and can loop for
// minutes on a hostile one, so Keepsake never hands such a file to Exiv2.
bool isExiv2Video(const QByteArray& head);

// Exiv2's XMP toolkit must be initialised once, before threads use it.
void initializeMetadataReader();

} // namespace ks
