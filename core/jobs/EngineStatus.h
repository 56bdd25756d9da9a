#pragma once

#include "policy/PauseReason.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ks {

struct TransferProgress
{
    qint64 jobId = 0;
    QString localPath;
    QString remotePath;
    QString destination;
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
};

// A snapshot of what the engine is doing and why, for the status line, the tray, and
// `keepsake-cli status`.
struct EngineStatus
{
    // headline() speaks the installed translation (context "ks::EngineStatus").
    Q_DECLARE_TR_FUNCTIONS(ks::EngineStatus)

public:
    QMap<QString, qint64> countsByState; // keys: jobStateName()
    qint64 filesDone = 0, filesTotal = 0, bytesDone = 0, bytesTotal = 0;
    double bytesPerSecond = 0;
    qint64 etaSeconds = -1;
    QList<PauseReason> pauseReasons; // what holds back every destination there is
    // What the policies hold back per kind of destination (a local folder needs no network):
    // "why is this file not backed up?" answers per destination from these.
    QList<PauseReason> localBlockers, networkBlockers;
    QStringList waitingForConsent; // "upload nas", "read-source /home/a/Pictures"
    QList<TransferProgress> transfers;
    qint64 failures = 0;
    qint64 waitingRetry = 0; // pending after a transient failure, with a time set
    bool scanning = false;
    bool running = false;
    qint64 lastCheckedMs = 0;

    // One line that says what is happening and why.
    QString headline(qint64 nowMs) const;
    QJsonObject toJson() const;
};

} // namespace ks

Q_DECLARE_METATYPE(ks::EngineStatus)
