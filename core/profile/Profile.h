#pragma once

#include "common/Error.h"

#include <QString>

namespace ks {

// A profile is one directory holding the catalog and everything else Keepsake keeps.
// Resolution order: an explicit directory (--profile), then $KEEPSAKE_PROFILE, then
// QStandardPaths::AppDataLocation.
class Profile
{
public:
    // Resolves and creates (mode 0700) the profile directory. On failure returns a profile
    // whose isValid() is false and fills *error.
    static Profile open(const QString& explicitDir, Error* error);

    bool isValid() const { return !m_dir.isEmpty(); }
    QString dir() const { return m_dir; }
    QString catalogPath() const;
    QString lockPath() const;
    // Name of the local socket a running engine listens on (unique per profile directory).
    QString controlSocketName() const;
    // Scratch space for temporary copies (e.g. photos with GPS removed).
    QString tempDir() const;

private:
    QString m_dir;
};

} // namespace ks
