#pragma once

#include <QtGlobal>

namespace ks {

// Bytes of an open file written to a connected, non-blocking TCP socket by the kernel
// (sendfile): from the page cache to the socket without a copy through this process, which for
// a backup of large photos and videos was most of the engine thread's CPU (docs/benchmarks.md).
struct FileToSocketResult
{
    qint64 sent = 0;          // bytes the socket took
    bool socketFull = false;  // it took none now: wait until it is writable
    bool unavailable = false; // not done here (no sendfile, a file or socket it refuses, a
                              // connection error): write the bytes the usual way instead, which
                              // also reports the connection's error as usual
};

// Sends up to `count` bytes of `fileFd` from `offset` to `socketFd`; neither file offset moves.
// A peer that closed the connection never raises SIGPIPE.
FileToSocketResult sendFileToSocket(qintptr socketFd, int fileFd, qint64 offset, qint64 count);

} // namespace ks
