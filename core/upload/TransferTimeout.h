#pragma once

namespace ks {

// How long a network transfer may go without a byte moving before it is given up and retried
// (progress resets it): 60 s. KEEPSAKE_TRANSFER_TIMEOUT_MS overrides it (1 s to 10 min), so that
// tests of a stalled server, and users behind very slow links, need not wait or rebuild.
int transferTimeoutMs();

} // namespace ks
