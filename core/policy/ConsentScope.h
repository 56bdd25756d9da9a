#pragma once

#include <QString>
#include <QStringList>

namespace ks::consent {

// The scope names are part of the CLI and scripts depend on them: never rename.
inline const QString readSource = QStringLiteral("read-source");         // target: source path
inline const QString upload = QStringLiteral("upload");                  // target: destination name
inline const QString meteredNetwork = QStringLiteral("metered-network"); // no target
inline const QString background = QStringLiteral("background");          // no target
inline const QString location = QStringLiteral("location");              // no target

inline QStringList allScopes()
{
    return {readSource, upload, meteredNetwork, background, location};
}

inline bool needsTarget(const QString& scope)
{
    return scope == readSource || scope == upload;
}

} // namespace ks::consent
