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
// wait for another thread that writes to the same catalog.
class WriterTurn
{
public:
    explicit WriterTurn(const QString& databasePath);
    ~WriterTurn();
    WriterTurn(const WriterTurn&) = delete;
    WriterTurn& operator=(const WriterTurn&) = delete;

    // How many threads wait for a turn on this catalog (tests, diagnostics).
    static int waiting(const QString& databasePath);

private:
    QString m_path;
};

} // namespace ks
