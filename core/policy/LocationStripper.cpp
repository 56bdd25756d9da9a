#include "LocationStripper.h"

#include "common/ThreadPriority.h"
#include "scan/FileHasher.h"
#include "scan/MetadataReader.h"

#include <QDir>
#include <QFile>
#include <exiv2/exiv2.hpp>

namespace ks {

StrippedCopy stripLocation(const QString& source, const QString& tempDir, qint64 jobId)
{
    lowerCurrentThreadPriority(); // a pool thread, copying the file on the backup's behalf
    initializeMetadataReader();
    StrippedCopy out;
    {
        // Never through Exiv2's video readers (see isExiv2Video); Keepsake finds no position in
        // a video, so there is nothing to strip.
        QFile f(source);
        if (f.open(QIODevice::ReadOnly) && isExiv2Video(f.peek(1024))) {
            out.path = source;
            return out;
        }
    }
    QDir().mkpath(tempDir);
    const QString copy = tempDir + QStringLiteral("/job-%1-nogps").arg(jobId) +
                         source.mid(source.lastIndexOf(QLatin1Char('.')));
    QFile::remove(copy);
    if (!QFile::copy(source, copy)) {
        out.error = Error::permanent(QStringLiteral("Could not make a copy without location "
                                                    "data in %1")
                                         .arg(tempDir));
        return out;
    }
    try {
        auto image = Exiv2::ImageFactory::open(QFile::encodeName(copy).toStdString());
        image->readMetadata();
        Exiv2::ExifData& exif = image->exifData();
        Exiv2::XmpData& xmp = image->xmpData();
        for (auto it = exif.begin(); it != exif.end();) {
            if (it->groupName() == "GPSInfo") {
                it = exif.erase(it);
                out.hadLocation = true;
            } else {
                ++it;
            }
        }
        for (auto it = xmp.begin(); it != xmp.end();) {
            if (it->key().rfind("Xmp.exif.GPS", 0) == 0) {
                it = xmp.erase(it);
                out.hadLocation = true;
            } else {
                ++it;
            }
        }
        if (out.hadLocation)
            image->writeMetadata();
    } catch (const std::exception& e) {
        QFile::remove(copy);
        out.error = Error::permanent(QStringLiteral("The location data could not be removed: %1")
                                         .arg(QString::fromLocal8Bit(e.what()).left(200)));
        return out;
    }
    // What goes out is read again: Exiv2 erases by its own key, and a property under an odd
    // namespace URI that shares a standard prefix stays in the file (found by fuzzing,
    // tests/fuzz/strip_location/regressions). A position that did not go stays home.
    const QString result = out.hadLocation ? copy : source;
    if (readCaptureInfo(result, 0).hasGps) {
        QFile::remove(copy);
        out.error = Error::permanent(QStringLiteral("The location data could not be removed from "
                                                    "this file, so it is not sent without the "
                                                    "location consent"));
        return out;
    }
    if (!out.hadLocation) {
        QFile::remove(copy);
        out.path = source;
        return out;
    }
    const HashResult h = hashFile(copy);
    if (h.error) {
        out.error = h.error;
        return out;
    }
    out.path = copy;
    out.size = h.bytesRead;
    out.sha256 = h.sha256;
    return out;
}

} // namespace ks
