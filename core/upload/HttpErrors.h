#pragma once

#include "common/Error.h"

class QNetworkReply;

namespace ks {

// Maps a finished reply to the engine's error classes: connection trouble, timeouts, 408, 429 and
// 5xx are transient (with Retry-After when the server sent one); refused credentials and other
// 4xx are permanent, with a sentence a person understands. Kind None when the reply succeeded.
Error errorForReply(QNetworkReply* reply, const QString& what);

} // namespace ks
