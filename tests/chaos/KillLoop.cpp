#include "KillLoop.h"

#include "BackupFixture.h"
#include "TestSupport.h"
#include "catalog/Database.h"

#include <QDateTime>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QtDebug>

namespace ks::test {

namespace {

quint32 chosenSeed()
{
    bool ok = false;
    const quint32 given = qEnvironmentVariable("KEEPSAKE_CHAOS_SEED").toUInt(&ok);
    return ok ? given : quint32(QDateTime::currentMSecsSinceEpoch() % 1000000007);
}

} // namespace

KillLoop::KillLoop(const QString& scenario)
    : m_scenario(scenario), m_seed(chosenSeed()), m_random(m_seed)
{
    // Printed so a failure can be replayed with KEEPSAKE_CHAOS_SEED (the moments are the same;
    // what the program was doing at each of them depends on the machine's load).
    qInfo().noquote() << QStringLiteral("CHAOS %1 seed=%2").arg(scenario).arg(m_seed);
}

bool KillLoop::runAndKill(const QString& program, const QStringList& args, int minDelayMs,
                          int maxDelayMs, int* exitCode)
{
    QProcess p;
    p.setProcessEnvironment(m_env);
    if (m_log.isEmpty()) {
        p.setStandardOutputFile(QProcess::nullDevice());
        p.setStandardErrorFile(QProcess::nullDevice());
    } else {
        p.setStandardOutputFile(m_log, QIODevice::Append);
        p.setProcessChannelMode(QProcess::MergedChannels);
    }
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        qWarning().noquote() << "could not start" << program;
        if (exitCode)
            *exitCode = -1;
        return false;
    }
    const int delay = int(m_random.bounded(minDelayMs, maxDelayMs));
    if (p.waitForFinished(delay)) {
        if (exitCode)
            *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return false;
    }
    p.kill(); // SIGKILL: no handler runs, nothing is flushed or closed
    p.waitForFinished(30000);
    if (exitCode)
        *exitCode = -1;
    return true;
}

int CatalogCounts::allJobs() const
{
    int n = 0;
    for (const int c : jobs)
        n += c;
    return n;
}

CatalogCounts catalogCounts(const QString& profile, const QString& destinationName)
{
    CatalogCounts out;
    Database db;
    Error error;
    if (!db.open(profile + QStringLiteral("/catalog.sqlite"), &error))
        return out;
    out.opened = true;
    QSqlQuery q(db.db());
    out.intact = q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next() &&
                 q.value(0).toString() == QLatin1String("ok");
    if (q.exec(QStringLiteral(
            "SELECT count(*) FROM resources WHERE missing = 0 AND sha256 IS NOT NULL")) &&
        q.next())
        out.resources = q.value(0).toInt();
    if (q.exec(QStringLiteral("SELECT coalesce(max(last_scan_at), 0) FROM sources")) && q.next())
        out.lastScanAt = q.value(0).toLongLong();
    q.prepare(QStringLiteral("SELECT count(*) FROM resources WHERE scanned_at > ?"));
    q.addBindValue(out.lastScanAt);
    if (q.exec() && q.next())
        out.writtenSinceScan = q.value(0).toInt();
    q.prepare(QStringLiteral("SELECT state, count(*) FROM jobs WHERE destination_id = (SELECT id "
                             "FROM destinations WHERE name = ?) GROUP BY state"));
    q.addBindValue(destinationName);
    if (q.exec())
        while (q.next())
            out.jobs.insert(q.value(0).toString(), q.value(1).toInt());
    return out;
}

KillTally killRepeatedly(const BackupFixture& fx, KillLoop& loop, const QString& destinationName,
                         int kills, int minDelayMs, int maxDelayMs,
                         const std::function<void()>& refill,
                         const std::function<void(const CatalogCounts&)>& afterKill,
                         const QString& program, const QStringList& args)
{
    KillTally tally;
    QElapsedTimer timer;
    timer.start();
    const QString exe = program.isEmpty() ? cliPath() : program;
    const QStringList argv = args.isEmpty() ? fx.argsFor({QStringLiteral("backup")}) : args;
    for (int run = 0; run < 4 * kills && tally.kills < kills; ++run) {
        int exitCode = -1;
        if (!loop.runAndKill(exe, argv, minDelayMs, maxDelayMs, &exitCode)) {
            ++tally.finishedRuns;
            if (exitCode != 0)
                tally.problems << QStringLiteral("run %1 ended with exit code %2 after %3 kills; "
                                                 "failures:\n%4")
                                      .arg(run)
                                      .arg(exitCode)
                                      .arg(tally.kills)
                                      .arg(QString::fromUtf8(
                                          fx.cli({QStringLiteral("failures")}).out));
            if (refill)
                refill();
            continue;
        }
        ++tally.kills;
        const CatalogCounts counts = catalogCounts(fx.profile, destinationName);
        if (!counts.opened || !counts.intact)
            tally.problems << QStringLiteral("after kill %1 the catalog %2")
                                  .arg(tally.kills)
                                  .arg(counts.opened ? QStringLiteral("fails its integrity check")
                                                     : QStringLiteral("does not open"));
        if (afterKill)
            afterKill(counts);
    }
    tally.elapsedMs = timer.elapsed();
    return tally;
}

QStringList makeSmallFiles(const QString& library, const QString& batch, int count, quint32 seed,
                           int mtimeOffsetS)
{
    QRandomGenerator rnd(seed);
    const QDateTime when = QDateTime(QDate(2019, 3, 15), QTime(12, 0)).addSecs(mtimeOffsetS);
    QStringList out;
    for (int i = 0; i < count; ++i) {
        const QString rel =
            QStringLiteral("batch%1/DSC_%1_%2.jpg").arg(batch).arg(i, 5, 10, QLatin1Char('0'));
        QByteArray bytes(1024 + rnd.bounded(3 * 1024), Qt::Uninitialized);
        for (qsizetype k = 0; k < bytes.size(); ++k)
            bytes[k] = char(rnd.generate());
        bytes[0] = char(0xFF);
        bytes[1] = char(0xD8);
        bytes[2] = char(0xFF);
        const QString path = library + QLatin1Char('/') + rel;
        writeFile(path, bytes);
        QFile f(path);
        if (f.open(QIODevice::ReadWrite))
            f.setFileTime(when, QFileDevice::FileModificationTime);
        out << rel;
    }
    return out;
}

bool builtWithSanitizers()
{
#ifdef KEEPSAKE_KILLS_SANITIZED
    return true;
#else
    return false;
#endif
}

int partFilesUnder(const QString& root)
{
    int n = 0;
    QDirIterator it(root, {QStringLiteral(".keepsake-*.part")}, QDir::Files | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

} // namespace ks::test
