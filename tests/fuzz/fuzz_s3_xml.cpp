// S3's XML answers as Keepsake reads them: ListParts (which parts the server holds),
// InitiateMultipartUpload (the upload id), ListMultipartUploads, CompleteMultipartUpload and
// Error bodies.
#include "FuzzTarget.h"

#include "upload/S3AbandonedUploads.h"
#include "upload/S3Multipart.h"
#include "upload/S3Operation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray xml = ks::fuzz::bytesOf(data, size);
    const ks::PartList list = ks::parseListParts(xml);
    for (const ks::ListedPart& part : list.parts)
        KS_FUZZ_CHECK(!part.etag.contains(QLatin1Char('"')));
    for (const ks::ListedUpload& upload : ks::parseListUploads(xml).uploads)
        KS_FUZZ_CHECK(!upload.key.isEmpty() && !upload.uploadId.isEmpty());
    (void)ks::xmlValue(xml, QLatin1String("UploadId"));
    (void)ks::xmlValue(xml, QLatin1String("ETag"));
    const ks::S3ErrorBody error = ks::parseS3Error(xml);
    (void)error;
    // The resume state Keepsake keeps for a multipart upload is JSON in the catalog; it must
    // survive any bytes there as well.
    const ks::S3ResumeState state = ks::S3ResumeState::fromJson(xml);
    if (state.isValid()) {
        const ks::S3ResumeState again = ks::S3ResumeState::fromJson(state.toJson());
        KS_FUZZ_CHECK(again.key == state.key && again.uploadId == state.uploadId &&
                      again.size == state.size && again.partSize == state.partSize);
    }
    return 0;
}
