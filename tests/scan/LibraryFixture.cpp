#include "LibraryFixture.h"

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <fcntl.h>
#include <unistd.h>

namespace ks::test {

bool run(const QString& program, const QStringList& args, QString* error)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = program + QLatin1Char(' ') + args.join(QLatin1Char(' ')) + QStringLiteral(": ") +
                 QString::fromLocal8Bit(p.readAllStandardError());
        return false;
    }
    return true;
}

bool makeMixedLibrary(const QString& root, QString* error)
{
    QDir().mkpath(root + QStringLiteral("/2021/trip"));
    QDir().mkpath(root + QStringLiteral("/misc"));
    const QString jpg = root + QStringLiteral("/2021/trip/IMG_0001.JPG");
    const QString png = root + QStringLiteral("/misc/drawing.png");
    if (!run(QStringLiteral("convert"),
             {QStringLiteral("-size"), QStringLiteral("64x48"), QStringLiteral("plasma:"), jpg},
             error) ||
        !run(QStringLiteral("exiv2"),
             {QStringLiteral("-M"),
              QStringLiteral("set Exif.Photo.DateTimeOriginal 2021:07:14 18:30:05"),
              QStringLiteral("-M"), QStringLiteral("set Exif.Photo.OffsetTimeOriginal +02:00"),
              QStringLiteral("-M"), QStringLiteral("set Exif.GPSInfo.GPSLatitudeRef N"),
              QStringLiteral("-M"), QStringLiteral("set Exif.GPSInfo.GPSLatitude 48/1 51/1 0/1"),
              jpg},
             error) ||
        !run(QStringLiteral("convert"),
             {QStringLiteral("-size"), QStringLiteral("32x32"), QStringLiteral("gradient:"), png},
             error) ||
        !run(QStringLiteral("ffmpeg"),
             {QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-y"),
              QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
              QStringLiteral("color=c=red:s=32x32:d=1"), QStringLiteral("-metadata"),
              QStringLiteral("creation_time=2021-07-14T16:30:07Z"), QStringLiteral("-f"),
              QStringLiteral("mov"), root + QStringLiteral("/2021/trip/IMG_0001.MOV")},
             error))
        return false;
    // Sidecars of the Live Photo, and an XMP beside the drawing (darktable style name).
    writeFile(
        root + QStringLiteral("/2021/trip/IMG_0001.AAE"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict/></plist>\n");
    writeFile(root + QStringLiteral("/misc/drawing.png.xmp"),
              "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta "
              "xmlns:x=\"adobe:ns:meta/\"/><?xpacket end=\"w\"?>");
    // A HEIC header (no encoder here): recognised by its ftyp brand although named .bin.
    writeFile(root + QStringLiteral("/misc/IMG_0002.bin"), QByteArray("\0\0\0\x18"
                                                                      "ftypheic\0\0\0\0mif1heic",
                                                                      24) +
                                                               QByteArray(2000, 'h'));
    // Bad input.
    writeFile(root + QStringLiteral("/misc/empty.jpg"), QByteArray());
    QFile whole(jpg);
    whole.open(QIODevice::ReadOnly);
    const QByteArray jpegBytes = whole.readAll();
    writeFile(root + QStringLiteral("/misc/cut.jpg"), jpegBytes.left(jpegBytes.size() / 2));
    // A JPEG whose EXIF block is garbage: metadata unreadable, file still backed up.
    writeFile(root + QStringLiteral("/misc/badexif.jpg"),
              QByteArray("\xFF\xD8\xFF\xE1\x00\x20"
                         "Exif\0\0MM\0*\xFF\xFF\xFF\xFF",
                         20) +
                  QByteArray(12, '\xEE') + jpegBytes.mid(2));
    writeFile(root + QStringLiteral("/misc/notes.txt"), "not a photo");
    QFile::link(QStringLiteral(".."), root + QStringLiteral("/misc/loop"));
    QFile::link(root + QStringLiteral("/nowhere.jpg"), root + QStringLiteral("/misc/dangling.jpg"));
    // A name that is not valid UTF-8.
    const QByteArray badName = QFile::encodeName(root) + "/misc/bad\xff\xfename.jpg";
    const int fd = ::open(badName.constData(), O_CREAT | O_WRONLY, 0644);
    if (fd >= 0) {
        (void)!::write(fd, jpegBytes.constData(), size_t(jpegBytes.size()));
        ::close(fd);
    }
    return true;
}

} // namespace ks::test
