#include "PollEventDispatcher.h"

#include <QThread>

#if KEEPSAKE_POLL_EVENT_DISPATCHER
#include <QtCore/private/qeventdispatcher_unix_p.h>
#endif

namespace ks {

bool usePollEventDispatcher(QThread& thread)
{
#if KEEPSAKE_POLL_EVENT_DISPATCHER
    if (thread.isRunning() || thread.eventDispatcher())
        return false;
    thread.setEventDispatcher(new QEventDispatcherUNIX); // the thread owns it
    return true;
#else
    Q_UNUSED(thread);
    return false;
#endif
}

} // namespace ks
