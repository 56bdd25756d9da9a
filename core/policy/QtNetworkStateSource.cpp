#include "QtNetworkStateSource.h"

#include <QNetworkInformation>

namespace ks {

QtNetworkStateSource::QtNetworkStateSource(QObject* parent) : NetworkStateSource(parent)
{
    if (!QNetworkInformation::instance()) {
        for (const char* name : {"glib", "networkmanager"}) {
            if (QNetworkInformation::loadBackendByName(QString::fromLatin1(name)))
                break;
        }
        if (!QNetworkInformation::instance())
            QNetworkInformation::loadDefaultBackend();
    }
    QNetworkInformation* info = QNetworkInformation::instance();
    if (!info)
        return;
    m_backend = info->backendName();
    connect(info, &QNetworkInformation::reachabilityChanged, this, &NetworkStateSource::changed);
    connect(info, &QNetworkInformation::isBehindCaptivePortalChanged, this,
            &NetworkStateSource::changed);
    connect(info, &QNetworkInformation::isMeteredChanged, this, &NetworkStateSource::changed);
}

NetworkState QtNetworkStateSource::state() const
{
    NetworkState s;
    QNetworkInformation* info = QNetworkInformation::instance();
    if (!info)
        return s;
    switch (info->reachability()) {
    case QNetworkInformation::Reachability::Unknown:
        s.reachability = NetworkState::Reachability::Unknown;
        break;
    case QNetworkInformation::Reachability::Disconnected:
        s.reachability = NetworkState::Reachability::Offline;
        break;
    case QNetworkInformation::Reachability::Local:
        s.reachability = NetworkState::Reachability::Local;
        break;
    case QNetworkInformation::Reachability::Site:
        s.reachability = NetworkState::Reachability::Site;
        break;
    case QNetworkInformation::Reachability::Online:
        s.reachability = NetworkState::Reachability::Online;
        break;
    }
    if (info->supports(QNetworkInformation::Feature::CaptivePortal))
        s.captivePortal = info->isBehindCaptivePortal();
    if (info->supports(QNetworkInformation::Feature::Metered))
        s.metered = info->isMetered();
    return s;
}

} // namespace ks
