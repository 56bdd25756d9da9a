#pragma once

#include <QMap>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>
#include <functional>

namespace ks::test {

// What the kill scenarios share: a seeded source of random moments, a program started and
// SIGKILLed at one of them, and what the catalog says afterwards (so each scenario can prove its
// kills landed in the middle of the work, not before or after it).
class KillLoop
{
public:
    // The seed is KEEPSAKE_CHAOS_SEED when set (to replay a failure), else new each run; it is
    // printed either way.
    explicit KillLoop(const QString& scenario);

    quint32 seed() const { return m_seed; }
    QRandomGenerator& random() { return m_random; }

    // Starts `program args`, waits a random time in [minDelayMs, maxDelayMs) and kills it with
    // SIGKILL. Returns true when the kill landed while it was still running; false when it had
    // already ended on its own (its exit code in *exitCode, -1 after a crash).
    bool runAndKill(const QString& program, const QStringList& args, int minDelayMs, int maxDelayMs,
                    int* exitCode = nullptr);
    // Where the programs' output goes (default: discarded), and their environment.
    void setLogFile(const QString& path) { m_log = path; }
    void setEnvironment(const QProcessEnvironment& env) { m_env = env; }

private:
    QString m_scenario;
    quint32 m_seed;
    QRandomGenerator m_random;
    QString m_log;
    QProcessEnvironment m_env = QProcessEnvironment::systemEnvironment();
};

// What a profile's catalog holds right now, read with its own connection.
struct CatalogCounts
{
    bool opened = false;
    bool intact = false;      // PRAGMA integrity_check said ok
    int resources = 0;        // rows, present on disk and hashed
    qint64 lastScanAt = 0;    // the latest end of a scan the catalog recorded
    int writtenSinceScan = 0; // resources written after that (by scans that did not end)
    QMap<QString, int> jobs;  // state -> jobs for the destination
    int job(const QString& state) const { return jobs.value(state); }
    int allJobs() const;
};
CatalogCounts catalogCounts(const QString& profile, const QString& destinationName);

class BackupFixture;

struct KillTally
{
    int kills = 0;        // kills that landed while the run was still going
    int finishedRuns = 0; // runs that ended on their own before their kill (then work was added)
    QStringList problems; // runs that ended with another exit code than 0, catalogs that broke
    qint64 elapsedMs = 0;
};

// Runs `program args` (by default `keepsake-cli --profile P backup`) again and again, each run
// SIGKILLed at a random moment in [minDelayMs, maxDelayMs), until `kills` kills have landed
// mid-run. A run that ends on its own has finished all the work: `refill` adds more files so the
// next kills land in work again. After every kill the catalog must open and be intact, and
// `afterKill` may classify where the kill landed. Gives up after 4 * kills runs.
KillTally killRepeatedly(const BackupFixture& fx, KillLoop& loop, const QString& destinationName,
                         int kills, int minDelayMs, int maxDelayMs,
                         const std::function<void()>& refill,
                         const std::function<void(const CatalogCounts&)>& afterKill,
                         const QString& program = {}, const QStringList& args = {});

// `count` small distinct JPEG-looking files (1-4 KB) under library/batchNAME/, modification time
// 2019-03-15 12:00 plus `mtimeOffsetS` seconds (written again with another seed and offset, the
// same names are changed files). Returns their relative paths.
QStringList makeSmallFiles(const QString& library, const QString& batch, int count, quint32 seed,
                           int mtimeOffsetS = 0);

// Temporary copies (.keepsake-<job>.part) anywhere below a destination's root.
int partFilesUnder(const QString& root);

// The built code runs under AddressSanitizer (slower: scenarios may do fewer rounds).
bool builtWithSanitizers();

} // namespace ks::test
