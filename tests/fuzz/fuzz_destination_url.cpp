// Destination URLs as a user types them (CLI, settings window): checked and normalised without
// crashing; a normalised URL is accepted again unchanged; an S3 URL's settings give part sizes
// S3 accepts and object URLs inside the bucket and prefix.
#include "FuzzTarget.h"
#include "RemoteContainment.h"

#include "upload/DestinationFactory.h"
#include "upload/S3Settings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString text = QString::fromUtf8(ks::fuzz::bytesOf(data, size));
    QString normalized;
    ks::Error error;
    (void)ks::destinationNeedsSecret(text);
    (void)ks::destinationNeedsNetwork(text);
    if (ks::validateDestinationUrl(text, &normalized, &error)) {
        QString again;
        ks::Error error2;
        const bool accepted = ks::validateDestinationUrl(normalized, &again, &error2);
        if (!accepted)
            std::fprintf(stderr, "\"%s\" -> \"%s\" refused: %s\n", qPrintable(text),
                         qPrintable(normalized), qPrintable(error2.message));
        KS_FUZZ_CHECK(accepted);
        KS_FUZZ_CHECK(again == normalized);
    } else {
        KS_FUZZ_CHECK(!error.message.isEmpty());
    }

    const QUrl url(text, QUrl::StrictMode);
    ks::S3Settings s3;
    ks::Error s3Error;
    if (!ks::S3Settings::fromUrl(url, &s3, &s3Error))
        return 0;
    KS_FUZZ_CHECK(s3.parallelParts >= 1 && s3.parallelParts <= 4);
    KS_FUZZ_CHECK(s3.prefix.isEmpty() || s3.prefix.endsWith(QLatin1Char('/')));
    for (const qint64 fileSize :
         {qint64(0), qint64(1), qint64(5) << 30, qint64(5) << 40, qint64(1) << 50}) {
        const qint64 part = s3.partSizeFor(fileSize);
        KS_FUZZ_CHECK(part > 0);
        KS_FUZZ_CHECK((fileSize + part - 1) / part <= ks::S3Settings::kMaxParts);
    }
    const QString key = s3.keyFor(QStringLiteral("2019/03/IMG_0001.jpg"));
    const QUrl object = s3.urlFor(key);
    KS_FUZZ_CHECK(object.isValid());
    // Below the prefix the user chose, also as the server resolves the path.
    QStringList root;
    if (s3.pathStyle)
        root << s3.bucket;
    for (const QString& seg : s3.prefix.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        root << seg;
    const QStringList segs = ks::fuzz::serverSegments(object.path(QUrl::FullyEncoded).toLatin1());
    KS_FUZZ_CHECK(ks::fuzz::staysBelow(segs, root));
    return 0;
}
