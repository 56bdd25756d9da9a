#pragma once

#include "common/Error.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <initializer_list>
#include <memory>
#include <optional>

namespace ks {

// What the catalog knows of one file, as the scanner needs it to decide whether to read it.
// A scan reads these a chunk at a time (knownFilesAfter), never every file of a source at once.
struct KnownFile
{
    qint64 id = 0;
    qint64 assetId = 0;
    QString relPath;
    qint64 size = 0;
    qint64 mtimeMs = 0;
    qint64 fileId = 0;
    qint64 ctimeNs = 0; // 0: not recorded (catalogs before schema 4)
    bool missing = false;
    bool hasProblem = false; // a blocking problem is recorded: the file is read again
};

// A present resource of an asset, as the scanner needs it to settle the asset's roles.
struct AssetMember
{
    qint64 id = 0;
    QString mediaType;
    QString role;
};

struct ResourceWrite
{
    QString relPath;
    QString role;      // "original", "live-video", "sidecar"
    QString mediaType; // see scan/MediaType.h
    qint64 size = 0;
    qint64 mtimeMs = 0;
    qint64 fileId = 0;
    QByteArray sha256;
    bool hasGps = false;
    QString problem; // blocking: the file can't be backed up as it is
    qint64 ctimeNs = 0;
};

struct CaptureWrite
{
    qint64 wallClockMs = 0;
    bool hasOffset = false;
    int offsetSeconds = 0;
    QString origin;
};

struct ResourceRow
{
    qint64 id = 0;
    QString path; // absolute
    QString role;
    QString mediaType;
    qint64 size = 0;
    QByteArray sha256;
    bool hasGps = false;
    bool missing = false;
    QString problem;
};

struct AssetRow
{
    qint64 id = 0;
    QString source;
    QString groupKey;
    QString kind;
    qint64 captureWallMs = 0;
    bool hasOffset = false;
    int offsetSeconds = 0;
    QString captureOrigin;
    QList<ResourceRow> resources;
};

struct ScanProblemRow
{
    QString source;
    QString path;
    QString reason;
    qint64 seenMs = 0;
};

// Assets, resources and scan problems: written by the scanner, read by everyone.
class AssetStore
{
public:
    explicit AssetStore(QSqlDatabase& db) : m_db(db) {}

    // Up to limit resources of a source whose relative path comes after `after` (from the
    // first when it is null), in rel_path order: the order of walkTreeInOrder, so a scan merges
    // them with its walk a chunk at a time. Keyset-paged: no statement stays open between
    // chunks, so the scan's writes in between never meet a read snapshot of its own.
    QList<KnownFile> knownFilesAfter(qint64 sourceId, const QString& after, int limit,
                                     Error* error);
    // Whether the source has any resource; with presentOnly, any not marked missing.
    bool hasResources(qint64 sourceId, bool presentOnly, Error* error);
    // An asset's resources not marked missing (a group's members: the asset is the group).
    QList<AssetMember> presentMembers(qint64 assetId, Error* error);
    // A resource of this source with the same content that is gone from its old place.
    std::optional<KnownFile> missingWithHash(qint64 sourceId, const QByteArray& sha256,
                                             const QSet<qint64>& notSeen);

    qint64 ensureAsset(qint64 sourceId, const QString& groupKey, Error* error);
    bool setAssetCapture(qint64 assetId, const CaptureWrite& capture, bool onlyIfWeaker,
                         Error* error);
    qint64 insertResource(qint64 sourceId, qint64 assetId, const ResourceWrite& r, qint64 nowMs,
                          Error* error);
    bool updateResource(qint64 id, qint64 assetId, const ResourceWrite& r, qint64 nowMs,
                        Error* error);
    bool setRole(qint64 id, const QString& role, Error* error);
    // Makes the next scan read the file again even if its size, time and inode look the same:
    // its bytes were seen to differ from its hash (changed while being sent, time put back).
    bool forgetFileState(qint64 id, Error* error);
    bool markMissing(const QList<qint64>& ids, Error* error);
    // Recomputes assets.kind ("photo", "video", "live", "sidecar") from their present resources.
    bool refreshAssetKinds(qint64 sourceId, Error* error);
    bool refreshAssetKinds(const QSet<qint64>& assetIds, Error* error);

    bool replaceScanProblems(qint64 sourceId, const QList<ScanProblemRow>& problems, qint64 nowMs,
                             Error* error);

    QList<AssetRow> assets(Error* error);
    QList<ScanProblemRow> scanProblems(Error* error);
    // One source's problems: path -> reason.
    QHash<QString, QString> scanProblemsOf(qint64 sourceId, Error* error);

private:
    // Runs a statement prepared once per store (the scanner runs the same few for every file,
    // and SQLite's parser was a large part of a scan's cost). Null when it failed.
    QSqlQuery* run(const QString& statement, std::initializer_list<QVariant> binds, Error* error);

    QSqlDatabase& m_db;
    QHash<QString, std::shared_ptr<QSqlQuery>> m_statements;
};

} // namespace ks
