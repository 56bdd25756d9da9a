#pragma once

#include <QByteArray>
#include <QString>

namespace ks {

enum class MediaKind {
    Unknown,
    Photo,
    Video,
    Sidecar,
};

struct MediaType
{
    MediaKind kind = MediaKind::Unknown;
    QString name; // "jpeg", "heic", "png", "webp", "gif", "tiff", "dng", "cr2", "cr3", "nef",
                  // "arw", "raf", "orf", "rw2", "mp4", "mov", "m4v", "xmp", "aae"
    bool isKnown() const { return kind != MediaKind::Unknown; }
};

// How many leading bytes detectMediaType() wants to see.
constexpr int kMediaSignatureBytes = 64;

// Recognises media by content signature. The extension (lower case, no dot) only decides
// between formats that share a container: TIFF-based camera RAW (DNG, CR2, NEF, ARW, ORF, RW2)
// and ISO media (MP4, MOV, M4V, HEIC). A photo with a wrong extension is still a photo.
MediaType detectMediaType(const QByteArray& head, const QString& extension);

QString mediaKindName(MediaKind kind);

// Whether a (lower-case) extension is one photo and video files usually carry.
bool isMediaExtension(const QString& extension);

} // namespace ks
