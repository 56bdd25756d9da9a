#include "Migrations.h"

#include "Transaction.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace ks::migrations {

namespace {

// Version 1: the original schema.
const char* const kV1[] = {
    R"(CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT
    ))",
    R"(CREATE TABLE sources (
        id           INTEGER PRIMARY KEY,
        path         TEXT NOT NULL UNIQUE,
        added_at     INTEGER NOT NULL,
        last_scan_at INTEGER
    ))",
    // An asset is what a person thinks of as one photo: its resources are the original, a Live
    // Photo's paired video and sidecars. group_key is the folder-relative path without extension.
    R"(CREATE TABLE assets (
        id               INTEGER PRIMARY KEY,
        source_id        INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        group_key        TEXT NOT NULL,
        kind             TEXT NOT NULL,
        capture_time     INTEGER,
        capture_offset_s INTEGER,
        capture_origin   TEXT,
        UNIQUE (source_id, group_key)
    ))",
    R"(CREATE TABLE resources (
        id          INTEGER PRIMARY KEY,
        asset_id    INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        source_id   INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        rel_path    TEXT NOT NULL,
        role        TEXT NOT NULL,
        media_type  TEXT NOT NULL,
        size        INTEGER NOT NULL DEFAULT 0,
        mtime_ms    INTEGER NOT NULL DEFAULT 0,
        file_id     INTEGER NOT NULL DEFAULT 0,
        sha256      BLOB,
        has_gps     INTEGER NOT NULL DEFAULT 0,
        missing     INTEGER NOT NULL DEFAULT 0,
        problem     TEXT,
        scanned_at  INTEGER,
        UNIQUE (source_id, rel_path)
    ))",
    "CREATE INDEX resources_sha256 ON resources(sha256)",
    "CREATE INDEX resources_asset ON resources(asset_id)",
    R"(CREATE TABLE destinations (
        id       INTEGER PRIMARY KEY,
        name     TEXT NOT NULL UNIQUE,
        url      TEXT NOT NULL,
        options  TEXT NOT NULL DEFAULT '{}',
        added_at INTEGER NOT NULL
    ))",
    // One job per (resource, destination); see jobs/JobState.h for the state machine.
    R"(CREATE TABLE jobs (
        id              INTEGER PRIMARY KEY,
        resource_id     INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
        destination_id  INTEGER NOT NULL REFERENCES destinations(id) ON DELETE CASCADE,
        state           TEXT NOT NULL,
        remote_path     TEXT,
        content_sha256  BLOB,
        sent_sha256     BLOB,
        dedup_of        INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms INTEGER NOT NULL DEFAULT 0,
        error_class     TEXT,
        error_message   TEXT,
        http_status     INTEGER,
        wait_reason     TEXT,
        resume_state    BLOB,
        maybe_sent      INTEGER NOT NULL DEFAULT 0,
        bytes_total     INTEGER NOT NULL DEFAULT 0,
        remote_tag      TEXT,
        created_ms      INTEGER NOT NULL,
        updated_ms      INTEGER NOT NULL,
        acknowledged_ms INTEGER,
        UNIQUE (resource_id, destination_id)
    ))",
    "CREATE INDEX jobs_state ON jobs(state, next_attempt_ms)",
    "CREATE INDEX jobs_content ON jobs(destination_id, content_sha256)",
    R"(CREATE UNIQUE INDEX jobs_remote_path ON jobs(destination_id, remote_path)
        WHERE remote_path IS NOT NULL AND dedup_of IS NULL)",
    // History: every transition and notable event. Kept when a job is deleted.
    R"(CREATE TABLE job_events (
        id          INTEGER PRIMARY KEY,
        job_id      INTEGER REFERENCES jobs(id) ON DELETE SET NULL,
        at_ms       INTEGER NOT NULL,
        from_state  TEXT,
        to_state    TEXT,
        destination TEXT,
        local_path  TEXT,
        remote_path TEXT,
        remote_tag  TEXT,
        bytes       INTEGER,
        message     TEXT
    ))",
    "CREATE INDEX job_events_at ON job_events(at_ms)",
    "CREATE INDEX job_events_job ON job_events(job_id)",
    R"(CREATE TABLE consents (
        id         INTEGER PRIMARY KEY,
        scope      TEXT NOT NULL,
        target     TEXT NOT NULL DEFAULT '',
        granted_ms INTEGER NOT NULL,
        granted_by TEXT NOT NULL,
        revoked_ms INTEGER
    ))",
    "CREATE INDEX consents_scope ON consents(scope, target)",
};

// Version 2: problems the scan met that belong to no resource (unreadable folders, loops),
// and per-destination certificate pinning.
const char* const kV2[] = {
    R"(CREATE TABLE scan_problems (
        id        INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        path      TEXT NOT NULL,
        reason    TEXT NOT NULL,
        seen_ms   INTEGER NOT NULL,
        UNIQUE (source_id, path)
    ))",
    "ALTER TABLE destinations ADD COLUMN pinned_cert_sha256 TEXT",
};

// Version 3: the failures list (failed, or waiting to retry) is read by the UI every few hundred
// ms during a backup; this index holds only those jobs, newest first, instead of every pending one.
const char* const kV3[] = {
    "CREATE INDEX jobs_attention ON jobs(updated_ms) "
    "WHERE state = 'failed' OR (state = 'pending' AND attempts > 0)",
};

// Version 4: the inode's change time, so a file rewritten with its size and modification time
// put back is still read again (size, time and inode alone cannot tell).
const char* const kV4[] = {
    "ALTER TABLE resources ADD COLUMN ctime_ns INTEGER NOT NULL DEFAULT 0",
};

struct Step
{
    const char* const* statements;
    size_t count;
};

template <size_t N> constexpr Step step(const char* const (&s)[N])
{
    return {s, N};
}

const Step kSteps[] = {step(kV1), step(kV2), step(kV3), step(kV4)};

// Indexes that change no data, only speed: made on every open of a current catalog (IF NOT
// EXISTS), so they need no schema version of their own. Without jobs_dedup, acknowledging a job
// scanned the whole jobs table for its duplicates: quadratic in the size of a first backup.
const char* const kIndexes[] = {
    "CREATE INDEX IF NOT EXISTS jobs_dedup ON jobs(dedup_of) WHERE dedup_of IS NOT NULL",
};

bool ensureIndexes(QSqlDatabase& db, Error* error)
{
    for (const char* statement : kIndexes) {
        QSqlQuery q(db);
        if (!q.exec(QString::fromUtf8(statement))) {
            if (error)
                *error = Error::permanent(QStringLiteral("Catalog index could not be made: %1")
                                              .arg(q.lastError().text()));
            return false;
        }
    }
    return true;
}

int userVersion(QSqlDatabase& db, bool* ok)
{
    QSqlQuery q(db);
    *ok = q.exec(QStringLiteral("PRAGMA user_version")) && q.next();
    return *ok ? q.value(0).toInt() : -1;
}

} // namespace

int latestVersion()
{
    return int(std::size(kSteps));
}

bool migrate(QSqlDatabase& db, Error* error, int target)
{
    if (target < 0)
        target = latestVersion();
    bool ok = false;
    const int from = userVersion(db, &ok);
    if (!ok) {
        if (error)
            *error = Error::permanent(QStringLiteral("The catalog cannot be read: ") +
                                      db.lastError().text());
        return false;
    }
    if (from > latestVersion()) {
        if (error)
            *error = Error::permanent(
                QStringLiteral("The catalog was written by a newer Keepsake (schema %1; this "
                               "version knows up to %2). It was left untouched.")
                    .arg(from)
                    .arg(latestVersion()));
        return false;
    }
    if (from >= target)
        return target < latestVersion() || ensureIndexes(db, error);

    Transaction tx(db);
    if (!tx.isActive()) {
        if (error)
            *error = Error::transient(QStringLiteral("Cannot start a catalog transaction: ") +
                                      db.lastError().text());
        return false;
    }
    for (int v = from; v < target; ++v) {
        const Step& s = kSteps[v];
        for (size_t i = 0; i < s.count; ++i) {
            QSqlQuery q(db);
            if (!q.exec(QString::fromUtf8(s.statements[i]))) {
                if (error)
                    *error =
                        Error::permanent(QStringLiteral("Catalog upgrade to schema %1 failed: %2")
                                             .arg(v + 1)
                                             .arg(q.lastError().text()));
                return false; // tx rolls back
            }
        }
    }
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(target)) || !tx.commit()) {
        if (error)
            *error = Error::permanent(QStringLiteral("Catalog upgrade could not be committed: ") +
                                      db.lastError().text());
        return false;
    }
    return target < latestVersion() || ensureIndexes(db, error);
}

} // namespace ks::migrations
