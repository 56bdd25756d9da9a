// The remote path template with hostile file and folder names: whatever the template, the file
// name and the source folder's name, the rendered path is relative and clean, and on a WebDAV
// server or in an S3 bucket it stays below the destination's root or prefix.
// Input: template NUL file-name NUL source-name NUL 8 bytes of capture time (any may be missing).
#include "FuzzTarget.h"
#include "RemoteContainment.h"

#include "jobs/RemotePathTemplate.h"

#include <cstring>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QList<QByteArray> f = ks::fuzz::fieldsOf(data, size, 4);
    const QString pattern = QString::fromUtf8(f.at(0));
    ks::RemotePathTemplate::Input in;
    in.fileName = QString::fromUtf8(f.at(1));
    in.sourceName = QString::fromUtf8(f.at(2));
    qint64 when = 0;
    std::memcpy(&when, f.at(3).leftJustified(8, '\0').constData(), 8);
    in.captureWallMs = when % (qint64(10000) * 365 * 24 * 3600 * 1000); // within Qt's range
    in.sha256 = QByteArray(32, '\x5a');
    // A file name on disk never holds '/' or NUL (the scanner gets it from readdir).
    if (in.fileName.contains(QLatin1Char('/')) || in.fileName.contains(QChar(0)) ||
        in.fileName.isEmpty() || in.fileName == QLatin1String(".") ||
        in.fileName == QLatin1String(".."))
        return 0;

    const QString why = ks::RemotePathTemplate::validate(pattern);
    const ks::RemotePathTemplate t(pattern); // falls back to the default when invalid
    const QString path = t.render(in);
    KS_FUZZ_CHECK(!path.isEmpty());
    KS_FUZZ_CHECK(!path.startsWith(QLatin1Char('/')));
    KS_FUZZ_CHECK(!path.contains(QChar(0)));
    for (const QString& seg : path.split(QLatin1Char('/'))) {
        KS_FUZZ_CHECK(!seg.isEmpty());
        KS_FUZZ_CHECK(seg != QLatin1String(".") && seg != QLatin1String(".."));
        KS_FUZZ_CHECK(seg.toUtf8().size() <= 255); // NAME_MAX of the destination's disk
    }
    ks::fuzz::checkRemotePathContained(path);
    // The collision suffix keeps the path inside its folder too.
    const QString suffixed = ks::withSuffix(path, QStringLiteral("3fa9c2e1"));
    KS_FUZZ_CHECK(suffixed.count(QLatin1Char('/')) == path.count(QLatin1Char('/')));
    KS_FUZZ_CHECK(suffixed.section(QLatin1Char('/'), -1).toUtf8().size() <= 255);
    KS_FUZZ_CHECK(suffixed.contains(QStringLiteral("3fa9c2e1")));
    KS_FUZZ_CHECK(suffixed != path);
    ks::fuzz::checkRemotePathContained(suffixed);
    (void)why;
    return 0;
}
