#include "FileToSocket.h"

#ifdef Q_OS_LINUX
#include <cerrno>
#include <csignal>
#include <ctime>
#include <pthread.h>
#include <sys/sendfile.h>
#endif

namespace ks {

FileToSocketResult sendFileToSocket(qintptr socketFd, int fileFd, qint64 offset, qint64 count)
{
    FileToSocketResult result;
#ifdef Q_OS_LINUX
    if (socketFd < 0 || fileFd < 0 || count <= 0) {
        result.unavailable = count > 0;
        return result;
    }
    // sendfile() has no MSG_NOSIGNAL (which Qt's own socket writes use): writing to a connection
    // the peer closed raises SIGPIPE, whose default action ends the process. It is blocked on
    // this thread for the call, and one it raised is taken away before the mask is restored.
    sigset_t pipe;
    sigset_t old;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, &old);
    off_t at = off_t(offset);
    ssize_t n;
    do {
        n = ::sendfile(int(socketFd), fileFd, &at, size_t(count));
    } while (n < 0 && errno == EINTR);
    const int error = n < 0 ? errno : 0;
    if (error == EPIPE) {
        const timespec now{0, 0};
        while (sigtimedwait(&pipe, nullptr, &now) == SIGPIPE) {
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (n > 0)
        result.sent = n;
    else if (error == EAGAIN || error == EWOULDBLOCK)
        result.socketFull = true;
    else
        result.unavailable = true; // an error, or 0: the file ended early (it shrank)
#else
    Q_UNUSED(socketFd);
    Q_UNUSED(fileFd);
    Q_UNUSED(offset);
    Q_UNUSED(count);
    result.unavailable = true;
#endif
    return result;
}

} // namespace ks
