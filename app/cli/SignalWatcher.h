#pragma once

#include <QObject>

namespace ks::cli {

// Turns SIGINT and SIGTERM into a Qt signal on the main thread (a self-pipe: the handler only
// writes a byte), so a backup can record its state and exit cleanly instead of dying mid-write.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signal);
};

} // namespace ks::cli
