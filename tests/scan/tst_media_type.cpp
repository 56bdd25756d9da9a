// Content-signature detection: the bytes decide, the extension only splits shared containers.
#include "scan/MediaType.h"

#include <QTest>

using namespace ks;

class TestMediaType : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void detect_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QString>("ext");
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("kind");
        const int photo = int(MediaKind::Photo), video = int(MediaKind::Video),
                  sidecar = int(MediaKind::Sidecar), none = int(MediaKind::Unknown);
        auto ftyp = [](const char* brand, const char* compat = "mif1") {
            return QByteArray("\0\0\0\x18"
                              "ftyp",
                              8) +
                   brand + QByteArray("\0\0\0\0", 4) + compat;
        };
        QTest::newRow("jpeg, wrong extension") << QByteArray("\xFF\xD8\xFF\xE1xxxx") << "png"
                                               << "jpeg" << photo;
        QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1A\n....") << "png"
                             << "png" << photo;
        QTest::newRow("webp") << QByteArray("RIFF\x10\0\0\0WEBPVP8 ", 16) << "webp"
                              << "webp" << photo;
        QTest::newRow("gif") << QByteArray("GIF89a....") << "gif"
                             << "gif" << photo;
        QTest::newRow("tiff") << QByteArray("II*\0\x08\0\0\0", 8) << "tif"
                              << "tiff" << photo;
        QTest::newRow("dng") << QByteArray("II*\0\x08\0\0\0", 8) << "dng"
                             << "dng" << photo;
        QTest::newRow("nef") << QByteArray("MM\0*\0\0\0\x08", 8) << "NEF"
                             << "nef" << photo;
        QTest::newRow("cr2") << QByteArray("II*\0\x10\0\0\0CR", 10) << "cr2"
                             << "cr2" << photo;
        QTest::newRow("arw") << QByteArray("II*\0\x08\0\0\0", 8) << "arw"
                             << "arw" << photo;
        QTest::newRow("orf") << QByteArray("IIRO\x08\0\0\0", 8) << "orf"
                             << "orf" << photo;
        QTest::newRow("rw2") << QByteArray("IIU\0\x08\0\0\0", 8) << "rw2"
                             << "rw2" << photo;
        QTest::newRow("raf") << QByteArray("FUJIFILMCCD-RAW 0201") << "raf"
                             << "raf" << photo;
        QTest::newRow("cr3") << ftyp("crx ", "crx ") << "cr3"
                             << "cr3" << photo;
        QTest::newRow("heic") << ftyp("heic") << "heic"
                              << "heic" << photo;
        QTest::newRow("heif mif1") << ftyp("mif1", "heic") << "heif"
                                   << "heic" << photo;
        QTest::newRow("mov") << ftyp("qt  ", "qt  ") << "mov"
                             << "mov" << video;
        QTest::newRow("mp4") << ftyp("isom", "mp41") << "mp4"
                             << "mp4" << video;
        QTest::newRow("m4v") << ftyp("M4V ", "M4V ") << "m4v"
                             << "m4v" << video;
        QTest::newRow("old quicktime") << QByteArray("\0\0\0\x08wide", 8) << "mov"
                                       << "mov" << video;
        QTest::newRow("xmp") << QByteArray("<?xpacket begin=") << "xmp"
                             << "xmp" << sidecar;
        QTest::newRow("aae") << QByteArray("<?xml version=\"1.0\"") << "aae"
                             << "aae" << sidecar;
        QTest::newRow("text named jpg") << QByteArray("hello world") << "jpg"
                                        << "" << none;
        QTest::newRow("xml not sidecar") << QByteArray("<?xml version=") << "txt"
                                         << "" << none;
        QTest::newRow("empty") << QByteArray() << "jpg"
                               << "" << none;
    }

    void detect()
    {
        QFETCH(QByteArray, head);
        QFETCH(QString, ext);
        QFETCH(QString, type);
        QFETCH(int, kind);
        const MediaType t = detectMediaType(head, ext);
        QCOMPARE(t.name, type);
        QCOMPARE(int(t.kind), kind);
    }
};

QTEST_GUILESS_MAIN(TestMediaType)
#include "tst_media_type.moc"
