#include "Destination.h"

#include <QMetaObject>

namespace ks {

void DestinationReply::finish(const DestinationResult& result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result = result;
    QMetaObject::invokeMethod(this, &DestinationReply::finished, Qt::QueuedConnection);
}

} // namespace ks
