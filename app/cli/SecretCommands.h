#pragma once

#include "Cli.h"

namespace ks::cli {

// Reads one line (the secret) from standard input, without echo when it is a terminal.
QString readSecretFromStdin(Context& ctx, const QString& prompt);

// Stores the destination's secret in the OS keychain and tells a running engine, which reads
// it again and retries the failures the old secret caused. Returns an exit code.
int storeSecret(Context& ctx, const QString& destinationName, const QString& secret);

// Removes the destination's secret from the keychain (nothing stored is fine). Returns false
// and says why when the keychain could not be reached.
bool forgetSecret(Context& ctx, const QString& destinationName);

} // namespace ks::cli
