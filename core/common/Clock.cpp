#include "Clock.h"

namespace ks {

namespace {
class SystemClock : public Clock
{
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};
} // namespace

Clock& systemClock()
{
    static SystemClock clock;
    return clock;
}

} // namespace ks
