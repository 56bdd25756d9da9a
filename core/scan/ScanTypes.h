#pragma once

#include "common/Error.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ks {

struct ScanProgress
{
    qint64 filesSeen = 0;
    qint64 filesHashed = 0;
    qint64 bytesHashed = 0;
    QString currentPath;
};

struct ScanSummary
{
    qint64 filesSeen = 0;      // media files found
    qint64 filesHashed = 0;    // files read in full (new or changed)
    qint64 filesUnchanged = 0; // size, mtime and inode unchanged: not read
    qint64 filesNew = 0;
    qint64 filesChanged = 0;
    qint64 filesMoved = 0;   // same content found under a new name
    qint64 filesMissing = 0; // gone since the last scan
    qint64 problems = 0;     // files and folders that could not be scanned as they are
    qint64 bytesHashed = 0;
    // The most files the scan held in memory at once (its walk's and the catalog's chunks, files
    // waiting to be read or being read): bounded by chunk and batch sizes, not the source's size.
    qint64 filesHeldPeak = 0;
    QStringList sourcesWaitingForConsent;
    bool cancelled = false;
    Error error;
};

} // namespace ks

Q_DECLARE_METATYPE(ks::ScanProgress)
Q_DECLARE_METATYPE(ks::ScanSummary)
