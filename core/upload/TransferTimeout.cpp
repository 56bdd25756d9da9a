#include "TransferTimeout.h"

#include <QtGlobal>
#include <algorithm>

namespace ks {

int transferTimeoutMs()
{
    constexpr int kDefaultMs = 60'000;
    bool ok = false;
    const int ms = qEnvironmentVariableIntValue("KEEPSAKE_TRANSFER_TIMEOUT_MS", &ok);
    return ok ? std::clamp(ms, 1'000, 600'000) : kDefaultMs;
}

} // namespace ks
