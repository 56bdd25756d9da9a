#pragma once

#include "EngineStatus.h"
#include "common/Clock.h"
#include "policy/PauseReason.h"

#include <QCoreApplication>
#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <functional>

namespace ks {

// The answer for one destination. `code` is stable (scripts and tests key on it):
//   backed-up, duplicate, changed, waiting-upload-consent, waiting-read-consent, not-planned,
//   paused-user, paused-policy, waiting-retry, waiting, queued, uploading, verifying, failed,
//   skipped, duplicate-waiting, registered
struct DestinationAnswer
{
    QString destination;
    QString code;
    QString sentence;
    QString remotePath;
    qint64 acknowledgedMs = 0;
    qint64 jobId = 0;
};

// "Why is this file not backed up?" in plain sentences. `code` says the file's overall case:
//   outside-sources, folder, no-such-file, waiting-read-consent, source-unavailable,
//   scan-problem, not-media, not-scanned, missing, cannot-back-up, not-read-yet,
//   no-destination, backed-up, per-destination
struct Explanation
{
    QString path; // absolute, cleaned
    QString source;
    QString code;
    QStringList sentences; // about the file as a whole
    QList<DestinationAnswer> destinations;

    // Acknowledged by every destination there is (and there is at least one).
    bool backedUp() const;
    // The sentences, then one line per destination ("usb: Backed up at ..."): what the Library
    // tab shows and `keepsake-cli why` prints.
    QString text() const;
    QJsonObject toJson() const;
};

// Given a path, says per destination whether the file is backed up and, if not, what it waits
// for: a source folder, consent, the scan, a policy, the queue, a retry, the user. Reads only the
// catalog (and, for a file the catalog does not know, the file's first bytes); no engine needed.
class BackupExplanation
{
    // The sentences speak the installed translation (context "ks::BackupExplanation"); the
    // codes never change. keepsake-cli installs none: its output stays English.
    Q_DECLARE_TR_FUNCTIONS(ks::BackupExplanation)

public:
    // What holds back transfers to a destination now (network, power, schedule); the user's
    // pause is read from the catalog. The CLI passes a PolicyGate's blockers, the app the
    // engine's last status.
    using PolicyReasons = std::function<QList<PauseReason>(bool needsNetwork)>;

    // The policy reasons a running engine last reported (EngineStatus' per-kind blockers).
    static PolicyReasons fromStatus(const EngineStatus& status);

    explicit BackupExplanation(QSqlDatabase& db, Clock& clock = systemClock(),
                               PolicyReasons policy = {});

    Explanation explain(const QString& path);

    // Opens its own catalog connection on a pool thread, so a front end never waits on it.
    static QFuture<Explanation> explainAsync(const QString& catalogPath, const QString& path,
                                             PolicyReasons policy = {});

private:
    QSqlDatabase& m_db;
    Clock& m_clock;
    PolicyReasons m_policy;
};

} // namespace ks

Q_DECLARE_METATYPE(ks::Explanation)
