#pragma once

#include "Destination.h"

namespace ks {

// `local:///absolute/path`: a folder on this machine, an external disk or a mounted NAS share.
// An upload copies to a hidden temporary name in the target folder, fsyncs it, links it to the
// final name (never replacing an existing file), fsyncs the folder, then re-reads what was
// written and compares its SHA-256 with the bytes sent. The original's modification time is
// kept. Disk work runs on the global thread pool.
class LocalDestination : public Destination
{
    Q_OBJECT
public:
    explicit LocalDestination(const QString& rootPath, QObject* parent = nullptr);

    QString describe() const override;
    DestinationReply* upload(const UploadRequest& request) override;
    DestinationReply* stat(const QString& remotePath) override;
    DestinationReply* removeIncomplete(const UploadRequest& request) override;
    DestinationReply* test() override;

    QString root() const { return m_root; }
    // The temporary name a job's upload uses (so a later run can remove it).
    static QString temporaryName(qint64 jobId);

private:
    QString m_root;
};

} // namespace ks
