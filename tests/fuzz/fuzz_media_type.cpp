// Content sniffing: the first bytes of a file and its extension decide whether it is a photo,
// a video or nothing Keepsake backs up. The first input byte picks the extension.
#include "FuzzTarget.h"

#include "scan/MediaType.h"

#include <QStringList>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const QStringList extensions = {QString(),
                                           QStringLiteral("jpg"),
                                           QStringLiteral("heic"),
                                           QStringLiteral("png"),
                                           QStringLiteral("dng"),
                                           QStringLiteral("cr2"),
                                           QStringLiteral("cr3"),
                                           QStringLiteral("nef"),
                                           QStringLiteral("arw"),
                                           QStringLiteral("orf"),
                                           QStringLiteral("rw2"),
                                           QStringLiteral("raf"),
                                           QStringLiteral("mp4"),
                                           QStringLiteral("mov"),
                                           QStringLiteral("m4v"),
                                           QStringLiteral("xmp"),
                                           QStringLiteral("aae"),
                                           QStringLiteral("txt")};
    if (size == 0)
        return 0;
    const QString ext = extensions.at(data[0] % extensions.size());
    const QByteArray head = ks::fuzz::bytesOf(data + 1, size - 1);
    const ks::MediaType t = ks::detectMediaType(head, ext);
    // A kind always comes with its name, and no name without a kind.
    KS_FUZZ_CHECK(t.isKnown() == !t.name.isEmpty());
    // Only the first kMediaSignatureBytes count: the scanner reads no more for the decision.
    const ks::MediaType cut = ks::detectMediaType(head.left(ks::kMediaSignatureBytes), ext);
    KS_FUZZ_CHECK(cut.kind == t.kind && cut.name == t.name);
    (void)ks::isMediaExtension(ext);
    return 0;
}
