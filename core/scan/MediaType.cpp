#include "MediaType.h"

#include <QStringList>

namespace ks {

namespace {

bool startsWith(const QByteArray& head, const char* magic, int offset = 0)
{
    return head.mid(offset).startsWith(QByteArray(magic));
}

MediaType photo(const char* name)
{
    return {MediaKind::Photo, QString::fromLatin1(name)};
}

MediaType video(const char* name)
{
    return {MediaKind::Video, QString::fromLatin1(name)};
}

// ISO base media (ftyp box): HEIF family, Canon CR3, or a video.
MediaType isoMedia(const QByteArray& head, const QString& ext)
{
    const QByteArray brand = head.mid(8, 4);
    const QByteArray compat = head.mid(16, 32);
    if (brand == "crx ")
        return photo("cr3");
    for (const char* heif : {"heic", "heix", "heim", "heis", "mif1", "msf1", "avif"}) {
        if (brand == heif)
            return photo(brand == "avif" ? "avif" : "heic");
    }
    if (brand == "qt  ")
        return video("mov");
    if (brand == "M4V " || brand == "M4VH" || brand == "M4VP" || ext == QLatin1String("m4v"))
        return video("m4v");
    if (compat.contains("heic") || compat.contains("mif1"))
        return photo("heic");
    if (ext == QLatin1String("mov"))
        return video("mov");
    return video("mp4");
}

MediaType tiffBased(const QString& ext)
{
    static const char* const raws[] = {"dng", "cr2", "nef", "nrw", "arw", "srf", "sr2",
                                       "orf", "rw2", "pef", "srw", "3fr", "erf", "kdc"};
    for (const char* raw : raws) {
        if (ext == QLatin1String(raw))
            return photo(raw);
    }
    return photo("tiff");
}

} // namespace

MediaType detectMediaType(const QByteArray& head, const QString& extension)
{
    const QString ext = extension.toLower();
    if (startsWith(head, "\xFF\xD8\xFF"))
        return photo("jpeg");
    if (startsWith(head, "\x89PNG\r\n\x1A\n"))
        return photo("png");
    if (startsWith(head, "RIFF") && startsWith(head, "WEBP", 8))
        return photo("webp");
    if (startsWith(head, "GIF87a") || startsWith(head, "GIF89a"))
        return photo("gif");
    if (startsWith(head, "FUJIFILMCCD-RAW"))
        return photo("raf");
    // Olympus ORF ("IIRO"/"IIRS") and Panasonic RW2 ("IIU\0") use their own TIFF magic.
    if (startsWith(head, "IIRO") || startsWith(head, "IIRS") || startsWith(head, "MMOR"))
        return photo("orf");
    if (head.size() >= 4 && head.startsWith(QByteArray("IIU\0", 4)))
        return photo("rw2");
    if (head.size() >= 4 &&
        (head.startsWith(QByteArray("II*\0", 4)) || head.startsWith(QByteArray("MM\0*", 4))))
        return tiffBased(ext);
    if (startsWith(head, "ftyp", 4))
        return isoMedia(head, ext);
    // QuickTime files without ftyp start with another top-level atom.
    for (const char* atom : {"moov", "mdat", "wide", "free", "skip"}) {
        if (startsWith(head, atom, 4) &&
            (ext == QLatin1String("mov") || ext == QLatin1String("mp4")))
            return video(ext == QLatin1String("mov") ? "mov" : "mp4");
    }
    // Sidecars: XMP packets and Apple's AAE adjustment plists (both XML).
    const QByteArray trimmed = head.trimmed();
    if (ext == QLatin1String("xmp") &&
        (trimmed.startsWith("<?xpacket") || trimmed.startsWith("<x:xmpmeta") ||
         trimmed.startsWith("<?xml")))
        return {MediaKind::Sidecar, QStringLiteral("xmp")};
    if (ext == QLatin1String("aae") &&
        (trimmed.startsWith("<?xml") || trimmed.startsWith("bplist")))
        return {MediaKind::Sidecar, QStringLiteral("aae")};
    return {};
}

QString mediaKindName(MediaKind kind)
{
    switch (kind) {
    case MediaKind::Photo:
        return QStringLiteral("photo");
    case MediaKind::Video:
        return QStringLiteral("video");
    case MediaKind::Sidecar:
        return QStringLiteral("sidecar");
    case MediaKind::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

bool isMediaExtension(const QString& extension)
{
    static const QStringList exts = {
        QStringLiteral("jpg"),  QStringLiteral("jpeg"), QStringLiteral("jpe"),
        QStringLiteral("heic"), QStringLiteral("heif"), QStringLiteral("hif"),
        QStringLiteral("avif"), QStringLiteral("png"),  QStringLiteral("webp"),
        QStringLiteral("gif"),  QStringLiteral("tif"),  QStringLiteral("tiff"),
        QStringLiteral("dng"),  QStringLiteral("cr2"),  QStringLiteral("cr3"),
        QStringLiteral("nef"),  QStringLiteral("nrw"),  QStringLiteral("arw"),
        QStringLiteral("raf"),  QStringLiteral("orf"),  QStringLiteral("rw2"),
        QStringLiteral("pef"),  QStringLiteral("srw"),  QStringLiteral("mp4"),
        QStringLiteral("mov"),  QStringLiteral("m4v"),  QStringLiteral("xmp"),
        QStringLiteral("aae")};
    return exts.contains(extension);
}

} // namespace ks
