#pragma once

#include <QObject>

namespace ks {

struct NetworkState
{
    enum class Reachability { Unknown, Offline, Local, Site, Online };
    Reachability reachability = Reachability::Unknown;
    bool metered = false;
    bool captivePortal = false;
    bool operator==(const NetworkState& o) const
    {
        return reachability == o.reachability && metered == o.metered &&
               captivePortal == o.captivePortal;
    }
};

// Where the engine learns about the network. Injectable: tests and other platforms provide
// their own; QtNetworkStateSource is the real one.
class NetworkStateSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual NetworkState state() const = 0;
Q_SIGNALS:
    void changed();
};

} // namespace ks
