#include "HttpSend.h"

#include "DirectHttpReply.h"
#include "FileRangeDevice.h"

#include <QNetworkAccessManager>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace ks {

namespace {

bool switchedOff()
{
    return qEnvironmentVariable("KEEPSAKE_DIRECT_HTTP") == QLatin1String("0");
}

// True only when QNAM would connect straight to the server too. Anything else (an explicit
// proxy, a proxy factory, a system or application proxy for this URL) stays with QNAM.
bool noProxyApplies(QNetworkAccessManager* network, const QUrl& url)
{
    const QNetworkProxy own = network->proxy();
    if (own.type() == QNetworkProxy::NoProxy)
        return true;
    if (own.type() != QNetworkProxy::DefaultProxy || network->proxyFactory())
        return false;
    const QList<QNetworkProxy> proxies =
        QNetworkProxyFactory::proxyForQuery(QNetworkProxyQuery(url));
    return proxies.isEmpty() || proxies.first().type() == QNetworkProxy::NoProxy ||
           proxies.first().type() == QNetworkProxy::DefaultProxy;
}

bool attributeSet(const QNetworkRequest& request, QNetworkRequest::Attribute attribute)
{
    return request.attribute(attribute).toBool();
}

} // namespace

bool directHttpApplies(QNetworkAccessManager* network, const QNetworkRequest& request,
                       const QByteArray& verb, QIODevice* body)
{
    const QUrl url = request.url();
    if (switchedOff())
        return false;
    auto* file = qobject_cast<FileRangeDevice*>(body);
    const bool filePut = verb == "PUT" && file && file->isOpen() && file->pos() == 0;
    // The body-less requests of every upload (WebDAV: MOVE the temporary file to its name, MKCOL
    // a folder; S3: HEAD the key before the PUT) go the same way: on the connection the PUT just
    // kept alive, without waking QNAM's thread (its share of a small-file backup's CPU was 19%,
    // docs/benchmarks.md). Everything else keeps QNAM: bodies that are not files, answers to
    // read as they arrive (GET).
    const bool bodyless = !body && (verb == "MOVE" || verb == "MKCOL" || verb == "HEAD");
    if (!filePut && !bodyless)
        return false;
    if (url.scheme() != QLatin1String("http") || url.host().isEmpty() || !url.userInfo().isEmpty())
        return false;
    // HTTP/1.1 as QNAM would speak it: the destinations switch HTTP/2 off.
    if (request.attribute(QNetworkRequest::Http2AllowedAttribute, true).toBool() ||
        attributeSet(request, QNetworkRequest::Http2DirectAttribute) ||
        attributeSet(request, QNetworkRequest::SynchronousRequestAttribute))
        return false;
    // A body length that disagrees, or headers that change how the body is sent.
    if (request.hasRawHeader("Content-Length") &&
        request.rawHeader("Content-Length").toLongLong() != (file ? file->size() : 0))
        return false;
    if (request.hasRawHeader("Expect") || request.hasRawHeader("Transfer-Encoding") ||
        request.hasRawHeader("Upgrade"))
        return false;
    // QNAM would send the cookies its jar holds for the URL (a NAS's session, say).
    if (QNetworkCookieJar* jar = network->cookieJar(); jar && !jar->cookiesForUrl(url).isEmpty())
        return false;
    return noProxyApplies(network, url);
}

QNetworkReply* sendRequest(QNetworkAccessManager* network, const QNetworkRequest& request,
                           const QByteArray& verb, QIODevice* body)
{
    if (directHttpApplies(network, request, verb, body))
        return new DirectHttpReply(network, request, verb, body);
    return network->sendCustomRequest(request, verb, body);
}

} // namespace ks
