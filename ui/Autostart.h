#pragma once

#include <QString>

namespace ks {

// Start at login: an XDG autostart entry on Linux (~/.config/autostart/keepsake.desktop).
// Only ever written while the "background" consent is in force.
namespace autostart {
QString entryPath();
bool enable(const QString& executable, QString* error);
bool disable();
bool isEnabled();
} // namespace autostart

} // namespace ks
