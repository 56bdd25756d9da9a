#pragma once

#include <QByteArray>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

namespace ks::test {

class BackupFixture;

// What one destination holds, read from where the real server keeps it (the local folder,
// the WebDAV server's data folder, s3rver's storage): key relative to the destination's root
// -> SHA-256 hex of its bytes.
using Holdings = QMap<QString, QByteArray>;

// The audit every chaos scenario ends with. It fails, with every problem listed, unless:
//  - every file of the library on disk is in the catalog with the hash of its bytes on disk;
//  - each of them has an acknowledged job for the destination whose content hash is that hash;
//  - the destination holds that job's remote path with exactly those bytes;
//  - the destination holds nothing else: no second copy, no temporary or half-written file;
//  - no job's content was reported sent twice (unless the scenario changes files on purpose);
//  - the catalog passes SQLite's integrity check and the profile's tmp folder is empty.
struct AuditOptions
{
    // Library files (relative paths) Keepsake must not back up, e.g. FIFOs or unsupported types.
    QSet<QString> notBackedUp;
    // Files changed after an upload are uploaded again: allow a second "succeeded" per job.
    bool allowResend = false;
};

struct AuditReport
{
    QStringList problems;
    int sourceFiles = 0;
    int acknowledged = 0;
    bool ok() const { return problems.isEmpty(); }
    QString text() const;
};

AuditReport auditBackup(const BackupFixture& fx, const QString& destinationName,
                        const Holdings& held, const AuditOptions& options = {});

// Chaos suites run at a size that fits CI; KEEPSAKE_CHAOS_LONG=1 runs the long variants.
bool chaosLong();
int chaosRounds(int ciRounds, int longRounds);

// One line of figures for docs/reliability.md: printed, and appended as JSON to the file named by
// KEEPSAKE_CHAOS_LOG when set ({"scenario":..., "rounds":..., ...}).
void recordFigures(const QString& scenario, const QMap<QString, qint64>& figures);

} // namespace ks::test
