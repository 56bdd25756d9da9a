#pragma once

#include <QString>

namespace ks {

// Writers of one catalog in this process take turns, in the order they asked (a ticket lock).
// SQLite's own busy handler lets a waiting writer sleep 1, 2, 5, ... up to 100 ms between
// looks: against a scan that commits batch after batch with no gap, the engine's start and
// acknowledgement commits waited up to a second for a look that found the lock free (issue 8).
// Here the waiter is woken as the holder's COMMIT ends, and the holder's next batch waits for
// it. Other processes (keepsake-cli beside the GUI) still meet SQLite's busy timeout.
//
// Taken by the outermost Transaction, around BEGIN ... COMMIT. Re-entrant on one thread (a
// transaction on a second connection to the same file, as a test may open). A holder must not
// wait for another thread that writes to the same catalog; if one did, or left its transaction
// open, a waiter gives up its turn after `timeoutMs` (the catalog's busy timeout) and meets
// SQLite's "database is locked" as before, rather than waiting forever.
class WriterTurn
{
public:
    static constexpr int kDefaultTimeoutMs = 10'000; // also Database's busy timeout

    explicit WriterTurn(const QString& databasePath, int timeoutMs = kDefaultTimeoutMs);
    ~WriterTurn();
    WriterTurn(const WriterTurn&) = delete;
    WriterTurn& operator=(const WriterTurn&) = delete;

    // How many threads wait for a turn on this catalog (tests, diagnostics).
    static int waiting(const QString& databasePath);

    // False when the wait timed out: the writer goes on without a turn.
    bool isHeld() const { return m_held; }

private:
    QString m_path;
    bool m_held = false;
};

} // namespace ks
