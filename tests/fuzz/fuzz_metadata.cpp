// Hostile photo metadata: any bytes through Exiv2 as the scanner reads a small file (in memory),
// and through detectMediaType as the scanner decides whether it is a photo at all.
#include "FuzzTarget.h"

#include "scan/MediaType.h"
#include "scan/MetadataReader.h"

#include <QStringList>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes = ks::fuzz::bytesOf(data, size);
    const qint64 mtime = 1552651200000; // 2019-03-15 12:00 UTC
    const ks::CaptureInfo info = ks::readCaptureInfo(bytes, mtime);
    // Whatever the file says, the scanner always gets a capture time and where it came from.
    static const QStringList origins = {QStringLiteral("exif"), QStringLiteral("xmp"),
                                        QStringLiteral("quicktime"), QStringLiteral("mtime")};
    KS_FUZZ_CHECK(origins.contains(info.origin));
    (void)ks::detectMediaType(bytes.left(ks::kMediaSignatureBytes), QStringLiteral("jpg"));
    return 0;
}
