#pragma once

#include <QLocalServer>
#include <QObject>

namespace ks {

class Profile;

// The running engine's ear for other processes: `keepsake-cli retry`, `pause`, `consent
// revoke`... write the catalog, then nudge through this local socket so the engine re-reads it
// at once. (The engine also polls, so a lost nudge only costs a fraction of a second.) A second
// `keepsake` launch uses it to raise the running window.
class ControlServer : public QObject
{
    Q_OBJECT
public:
    explicit ControlServer(QObject* parent = nullptr);
    // Listens on the profile's socket; call only while holding the profile's EngineLock.
    bool listen(const Profile& profile);

Q_SIGNALS:
    void reloadRequested();
    void raiseRequested();

private:
    void onConnection();
    QLocalServer m_server;
};

// Client side. Returns true when a running engine received the message.
namespace control {
bool send(const Profile& profile, const QByteArray& message); // "reload" or "raise"
inline bool nudge(const Profile& profile)
{
    return send(profile, "reload");
}
} // namespace control

} // namespace ks
