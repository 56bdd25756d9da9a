#pragma once

#include "S3Checksums.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace ks {

// What ties the parts of one multipart upload to the bytes the scan hashed.
//
// Two readings of the file meet here: the digest pass (FileDigests: SHA-256 of the whole, MD5 of
// each part), which may still be running while parts are sent, and each part as it was sent
// and confirmed by the server. A part sent once the pass knew its MD5 carries it as Content-MD5
// and its ETag must be that MD5; a part sent earlier is hashed as it streams (FileRangeDevice)
// and its ETag must be the MD5 of what streamed. Before the parts are assembled, every
// confirmed MD5 must be the pass's, and the pass's SHA-256 the scan's: then the server holds
// exactly the scanned bytes. A file changed while both read it fails one of the two.
class S3PartChecks
{
public:
    S3PartChecks(qint64 size, qint64 partSize);

    int count() const { return int(m_confirmed.size()); }
    qint64 size() const { return m_size; }
    qint64 partSize() const { return m_partSize; }
    qint64 partOffset(int index) const { return qint64(index) * m_partSize; }
    qint64 partLength(int index) const;

    void setPass(const FileDigests& pass)
    {
        m_pass = pass;
        m_passKnown = true;
    }
    bool passKnown() const { return m_passKnown; }
    const FileDigests& pass() const { return m_pass; }
    // The pass read the bytes the scan hashed (same size, same SHA-256; no scan hash: size only).
    bool passIsScanned(qint64 scanSize, const QByteArray& scanSha256) const;
    // The pass's MD5 of a part (raw), empty while the pass runs.
    QByteArray passMd5(int index) const;

    // A part's ETag from the server, against `streamedMd5` (raw, what its body hashed as it
    // streamed; empty when it was sent with the pass's MD5 as Content-MD5). False when the
    // server holds other bytes than were sent; the part then counts as not confirmed.
    bool confirm(int index, const QString& etag, const QByteArray& streamedMd5);
    // A part ListParts reported with the pass's MD5 as its ETag (a resumed upload).
    void confirmListed(int index) { m_confirmed[index] = passMd5(index); }

    // A part the server confirmed is not what the pass read: the file changed in between.
    // Known as soon as both are, so an upload of a changed file stops early.
    bool partsContradictPass() const;
    // Every part is confirmed with the pass's MD5 for it: the one condition for assembling.
    bool partsArePass() const;

private:
    qint64 m_size;
    qint64 m_partSize;
    QList<QByteArray> m_confirmed; // raw MD5 the server confirmed, per part; empty: none yet
    FileDigests m_pass;
    bool m_passKnown = false;
};

} // namespace ks
