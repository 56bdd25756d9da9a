#pragma once

#include "ChaosAudit.h"

#include <QJsonArray>
#include <QString>
#include <QStringList>

namespace ks::test {

class BackupFixture;

// Checks the storage chaos scenarios make between the fault and the final audit, while the
// backup is incomplete on purpose.

// What is at the destination is exactly what the catalog acknowledges for `destinationName`:
// every acknowledged job's remote path holds its bytes, and every file there (final names and
// temporaries alike) is such a path. So nothing half-written sits under a final name and
// nothing is acknowledged that is not complete. Returns the problems.
QStringList checkAcknowledgedOnly(const BackupFixture& fx, const QString& destinationName,
                                  const Holdings& held);

// Jobs of the profile per state ("acknowledged", "failed", "pending", "cancelled"...).
QMap<QString, int> jobStates(const BackupFixture& fx);
// Resources the catalog marks missing (files it believes deleted).
int missingResources(const BackupFixture& fx);
// `keepsake-cli failures --json`'s list.
QJsonArray failures(const BackupFixture& fx);

} // namespace ks::test
