#include "MetadataReader.h"

#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QTimeZone>
#include <QtEndian>
#include <exiv2/exiv2.hpp>
#include <functional>
#include <limits>
#include <mutex>

namespace ks {

namespace {

// "2021:05:06 07:08:09" (Exif) or "2021-05-06T07:08:09[+02:00]" (XMP) -> floating ms.
bool parseDateTime(const std::string& text, qint64* wallMs, int* offset, bool* hasOffset)
{
    QString s = QString::fromStdString(text).trimmed();
    if (s.size() < 19)
        return false;
    if (s.at(4) == QLatin1Char(':'))
        s[4] = s[7] = QLatin1Char('-');
    // The date and the time apart: read as one QDateTime, they were local time, and each
    // photo cost a conversion (glibc looks at /etc/localtime each time) and moved a time in the
    // hour a clock change skips.
    const QDate date = QDate::fromString(s.left(10), Qt::ISODate);
    const QTime time = QTime::fromString(s.mid(11, 8), Qt::ISODate);
    if (!date.isValid() || !time.isValid() || date.year() < 1900)
        return false;
    QDateTime floating(date, time, QTimeZone::utc());
    *wallMs = floating.toMSecsSinceEpoch();
    const QString rest = s.mid(19);
    // "+hh:mm" or "-hh:mm" anywhere after the seconds (no regular expression: this runs for
    // every photo, and compiling one each time was a sixth of a first scan's CPU).
    qsizetype sign = -1;
    for (qsizetype i = 0; i + 6 <= rest.size() && sign < 0; ++i) {
        const auto digit = [&](qsizetype k) { return rest.at(i + k).isDigit(); };
        if ((rest.at(i) == QLatin1Char('+') || rest.at(i) == QLatin1Char('-')) && digit(1) &&
            digit(2) && rest.at(i + 3) == QLatin1Char(':') && digit(4) && digit(5))
            sign = i;
    }
    if (sign >= 0) {
        const int h = rest.mid(sign + 1, 2).toInt();
        const int m = rest.mid(sign + 4, 2).toInt();
        *offset = (rest.at(sign) == QLatin1Char('-') ? -1 : 1) * (h * 3600 + m * 60);
        *hasOffset = true;
    } else if (rest.startsWith(QLatin1Char('Z'))) {
        *offset = 0;
        *hasOffset = true;
    }
    return true;
}

bool parseOffset(const std::string& text, int* offset)
{
    const QString s = QString::fromStdString(text).trimmed();
    if (s.size() != 6 || (s.at(0) != QLatin1Char('+') && s.at(0) != QLatin1Char('-')))
        return false;
    *offset = (s.at(0) == QLatin1Char('-') ? -1 : 1) *
              (s.mid(1, 2).toInt() * 3600 + s.mid(4, 2).toInt() * 60);
    return true;
}

void fromMtime(CaptureInfo& info, qint64 mtimeMs)
{
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(mtimeMs);
    info.offsetSeconds = local.offsetFromUtc();
    info.hasOffset = true;
    info.wallClockMs = mtimeMs + qint64(info.offsetSeconds) * 1000;
    info.origin = QStringLiteral("mtime");
}

} // namespace

void initializeMetadataReader()
{
    static std::once_flag once;
    std::call_once(once, [] {
        Exiv2::XmpParser::initialize();
        Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
#ifdef EXV_ENABLE_BMFF
        Exiv2::enableBMFF(true);
#endif
    });
}

namespace {
// Exiv2 0.27 calls it Image::AutoPtr, 0.28 Image::UniquePtr.
using ImagePtr = decltype(Exiv2::ImageFactory::open(std::string()));
CaptureInfo captureInfoOf(const std::function<ImagePtr()>& open, qint64 mtimeMs);

// Exiv2 0.27's video readers (RIFF 20, Matroska 21, QuickTime 22, ASF 24) trust the sizes a file
// claims: a 596-byte MOV whose first box says 64 MB kept Exiv2 0.27.6 busy for minutes
// (tests/fuzz/metadata/regressions). Such files never reach Exiv2; Keepsake reads a QuickTime or
// MP4 creation time itself, checking every size against the file.
} // namespace

bool isExiv2Video(const QByteArray& head)
{
    try {
        const int type = Exiv2::ImageFactory::getType(
            reinterpret_cast<const Exiv2::byte*>(head.constData()), long(head.size()));
        return type == 20 || type == 21 || type == 22 || type == 24;
    } catch (const std::exception&) {
        return false;
    }
}

namespace {

// The movie header's creation time (seconds since 1904-01-01 UTC): > 0 found, 0 none, -1 a box
// that claims more bytes than its parent holds.
qint64 quickTimeCreation(QIODevice& in)
{
    qint64 pos = 0;
    qint64 limit = in.size();
    bool inMoov = false;
    for (int boxes = 0; pos + 8 <= limit && boxes < 10000; ++boxes) {
        if (!in.seek(pos))
            return -1;
        const QByteArray h = in.read(16);
        if (h.size() < 8)
            return -1;
        quint64 size = qFromBigEndian<quint32>(h.constData());
        qint64 header = 8;
        if (size == 1) {
            if (h.size() < 16)
                return -1;
            size = qFromBigEndian<quint64>(h.constData() + 8);
            header = 16;
        } else if (size == 0) {
            size = quint64(limit - pos); // to the end of its parent
        }
        if (size < quint64(header) || size > quint64(limit - pos))
            return -1;
        const QByteArray type = h.mid(4, 4);
        if (!inMoov && type == "moov") {
            inMoov = true;
            limit = pos + qint64(size);
            pos += header;
            continue;
        }
        if (inMoov && type == "mvhd") {
            in.seek(pos + header);
            const QByteArray body = in.read(12);
            if (body.size() < 8 || (body.at(0) == 1 && body.size() < 12))
                return -1;
            const quint64 t = body.at(0) == 1 ? qFromBigEndian<quint64>(body.constData() + 4)
                                              : qFromBigEndian<quint32>(body.constData() + 4);
            return t > quint64(std::numeric_limits<qint64>::max()) ? -1 : qint64(t);
        }
        pos += qint64(size);
    }
    return 0;
}

// Seconds since 1904 -> CaptureInfo; up to the end of year 9999, else the milliseconds would
// overflow.
bool fromQuickTime(qint64 secs1904, CaptureInfo& info)
{
    constexpr qint64 k1904To1970 = 2082844800;
    constexpr qint64 k1970To10000 = 253402300800;
    if (secs1904 <= k1904To1970 || secs1904 - k1904To1970 >= k1970To10000)
        return false;
    info.wallClockMs = (secs1904 - k1904To1970) * 1000;
    info.hasOffset = true;
    info.offsetSeconds = 0;
    info.origin = QStringLiteral("quicktime");
    return true;
}

CaptureInfo videoCaptureInfo(QIODevice& in, qint64 mtimeMs)
{
    CaptureInfo info;
    const qint64 secs = quickTimeCreation(in);
    if (secs < 0)
        info.problem = QStringLiteral("the video's structure is damaged; using the file's time");
    if (!fromQuickTime(secs, info))
        fromMtime(info, mtimeMs);
    return info;
}
} // namespace

CaptureInfo readCaptureInfo(const QString& path, qint64 mtimeMs)
{
    initializeMetadataReader();
    QFile file(path);
    if (file.open(QIODevice::ReadOnly) && isExiv2Video(file.peek(1024)))
        return videoCaptureInfo(file, mtimeMs);
    file.close();
    return captureInfoOf(
        [&path] { return Exiv2::ImageFactory::open(QFile::encodeName(path).toStdString()); },
        mtimeMs);
}

CaptureInfo readCaptureInfo(const QByteArray& contents, qint64 mtimeMs)
{
    initializeMetadataReader();
    if (isExiv2Video(contents.left(1024))) {
        QBuffer buffer;
        buffer.setData(contents);
        buffer.open(QIODevice::ReadOnly);
        return videoCaptureInfo(buffer, mtimeMs);
    }
    return captureInfoOf(
        [&contents] {
            return Exiv2::ImageFactory::open(
                reinterpret_cast<const Exiv2::byte*>(contents.constData()), long(contents.size()));
        },
        mtimeMs);
}

namespace {
CaptureInfo captureInfoOf(const std::function<ImagePtr()>& open, qint64 mtimeMs)
{
    initializeMetadataReader();
    CaptureInfo info;
    try {
        auto image = open();
        image->readMetadata();
        const Exiv2::ExifData& exif = image->exifData();
        const Exiv2::XmpData& xmp = image->xmpData();
        for (const char* key : {"Exif.Photo.DateTimeOriginal", "Exif.Photo.DateTimeDigitized",
                                "Exif.Image.DateTime"}) {
            auto it = exif.findKey(Exiv2::ExifKey(key));
            if (it != exif.end() && parseDateTime(it->toString(), &info.wallClockMs,
                                                  &info.offsetSeconds, &info.hasOffset)) {
                info.origin = QStringLiteral("exif");
                auto off = exif.findKey(Exiv2::ExifKey("Exif.Photo.OffsetTimeOriginal"));
                if (off != exif.end() && parseOffset(off->toString(), &info.offsetSeconds))
                    info.hasOffset = true;
                break;
            }
        }
        if (info.origin.isEmpty()) {
            for (const char* key :
                 {"Xmp.exif.DateTimeOriginal", "Xmp.photoshop.DateCreated", "Xmp.xmp.CreateDate"}) {
                auto it = xmp.findKey(Exiv2::XmpKey(key));
                if (it != xmp.end() && parseDateTime(it->toString(), &info.wallClockMs,
                                                     &info.offsetSeconds, &info.hasOffset)) {
                    info.origin = QStringLiteral("xmp");
                    break;
                }
            }
        }
        if (info.origin.isEmpty()) {
            // QuickTime's time as Exiv2 writes it into XMP (seconds since 1904-01-01 UTC).
            auto it = xmp.findKey(Exiv2::XmpKey("Xmp.video.DateUTC"));
            if (it != xmp.end())
                fromQuickTime(QString::fromStdString(it->toString()).toLongLong(), info);
        }
        for (auto it = exif.begin(); it != exif.end(); ++it) {
            if (it->groupName() == "GPSInfo" &&
                (it->tagName() == "GPSLatitude" || it->tagName() == "GPSLongitude")) {
                info.hasGps = true;
                break;
            }
        }
        if (!info.hasGps) {
            auto lat = xmp.findKey(Exiv2::XmpKey("Xmp.exif.GPSLatitude"));
            info.hasGps = lat != xmp.end();
        }
    } catch (const std::exception& e) {
        info.problem = QStringLiteral("metadata unreadable (%1); using the file's time")
                           .arg(QString::fromLocal8Bit(e.what()).left(200));
    }
    if (info.origin.isEmpty())
        fromMtime(info, mtimeMs);
    return info;
}
} // namespace

} // namespace ks
