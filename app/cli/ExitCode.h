#pragma once

// keepsake-cli exit codes (documented in README.md and the man page). Scripts depend on them.
namespace ks::exitcode {
constexpr int Success = 0;
constexpr int Failure = 1;         // the command failed; the message says why
constexpr int Usage = 2;           // bad command line
constexpr int ProfileError = 3;    // the profile or catalog cannot be opened (newer, corrupt...)
constexpr int EngineBusy = 4;      // another engine holds the profile
constexpr int WaitingConsent = 10; // backup: work waits for a consent
constexpr int WaitingPolicy = 11;  // backup: work waits for a policy (network, power, schedule)
constexpr int JobsFailed = 12;     // backup: some jobs failed and need attention
constexpr int Interrupted = 13;    // backup: stopped by a signal before finishing
} // namespace ks::exitcode
