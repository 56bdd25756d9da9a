#pragma once

#include <QString>

namespace ks::test {

// Builds a small but real photo library with the tools a camera roll would come from: JPEGs made
// by ImageMagick with EXIF written by the exiv2 tool, a QuickTime movie by ffmpeg, sidecars, a
// Live Photo pair, and the bad inputs a scan must survive. Returns false if a tool failed.
bool makeMixedLibrary(const QString& root, QString* error);

// Runs a command; returns true when it exited 0.
bool run(const QString& program, const QStringList& args, QString* error);

} // namespace ks::test
