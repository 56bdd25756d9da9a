#pragma once

#include "NetworkState.h"

namespace ks {

// The network as QNetworkInformation sees it. Tries the "glib" backend (GNetworkMonitor, works
// without NetworkManager), then "networkmanager", then any default; with none, the state stays
// Unknown and never blocks. QNetworkInformation is one instance per process: create this on
// the thread that reads it (the engine thread).
class QtNetworkStateSource : public NetworkStateSource
{
    Q_OBJECT
public:
    explicit QtNetworkStateSource(QObject* parent = nullptr);
    NetworkState state() const override;
    QString backendName() const { return m_backend; }

private:
    QString m_backend;
};

} // namespace ks
