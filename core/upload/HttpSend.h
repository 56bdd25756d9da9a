#pragma once

#include <QByteArray>

class QIODevice;
class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace ks {

// The one way the destinations send a request. A file body (FileRangeDevice) PUT, and a MOVE,
// MKCOL or HEAD with no body, over plain http:// with no proxy in the way go out on the engine
// thread's own socket (DirectHttpReply); everything else, and HTTPS always, through
// QNetworkAccessManager::sendCustomRequest. Both
// answer with a QNetworkReply that behaves the same. KEEPSAKE_DIRECT_HTTP=0 sends everything
// through QNAM (for A/B measurements and as a way out).
QNetworkReply* sendRequest(QNetworkAccessManager* network, const QNetworkRequest& request,
                           const QByteArray& verb, QIODevice* body);

// Whether sendRequest() would take the direct path for this request.
bool directHttpApplies(QNetworkAccessManager* network, const QNetworkRequest& request,
                       const QByteArray& verb, QIODevice* body);

} // namespace ks
