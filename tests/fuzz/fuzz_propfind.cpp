// A WebDAV server's PROPFIND answer (207 Multi-Status), as Keepsake reads it to decide whether a
// file is already on the server with the right size.
#include "FuzzTarget.h"

#include "upload/WebDavDestination.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    // No crash, no hang, memory bounded (the fuzzer's limits); what the answer claims is
    // checked against the upload by the callers.
    const ks::DavProperties p = ks::parsePropfind(ks::fuzz::bytesOf(data, size));
    (void)p;
    return 0;
}
