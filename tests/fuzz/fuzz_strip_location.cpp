// Without the location consent a photo leaves without its GPS position: Exiv2 rewrites a copy.
// Hostile metadata must neither crash that nor let a position through: when stripping says it
// succeeded, the copy holds no GPS tag Keepsake can read, and its hash is the hash of its bytes.
#include "FuzzTarget.h"

#include "policy/LocationStripper.h"
#include "scan/MetadataReader.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static QTemporaryDir dir;
    KS_FUZZ_CHECK(dir.isValid());
    const QString source = dir.filePath(QStringLiteral("source.jpg"));
    {
        QFile f(source);
        KS_FUZZ_CHECK(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(reinterpret_cast<const char*>(data), qint64(size));
    }
    const ks::StrippedCopy copy = ks::stripLocation(source, dir.path(), 1);
    if (!copy.error && copy.path != source) {
        QFile f(copy.path);
        KS_FUZZ_CHECK(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        KS_FUZZ_CHECK(bytes.size() == copy.size);
        KS_FUZZ_CHECK(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256) == copy.sha256);
        KS_FUZZ_CHECK(!ks::readCaptureInfo(bytes, 0).hasGps);
        f.close();
        QFile::remove(copy.path);
    } else if (!copy.error) {
        // Nothing stripped: the original goes as it is, so it must carry no position.
        KS_FUZZ_CHECK(!copy.hadLocation);
        KS_FUZZ_CHECK(!ks::readCaptureInfo(ks::fuzz::bytesOf(data, size), 0).hasGps);
    }
    QFile::remove(source);
    return 0;
}
