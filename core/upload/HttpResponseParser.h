#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace ks {

// Reads one HTTP/1.1 answer from a connection's byte stream, a piece at a time: the status line,
// the header fields, then the body framed by Content-Length, chunked transfer coding or the end
// of the connection. Interim 1xx answers are skipped. Anything malformed, oversized or cut off
// (other than a body that is delimited by the close itself) ends in failed(), never in done():
// a truncated answer must not read as a complete one.
class HttpResponseParser
{
public:
    // Feeds bytes read from the connection. Bytes after the end of the answer are kept in
    // surplus() (a server that sends them cannot be trusted with the next request).
    void feed(const QByteArray& bytes);
    // The connection ended: completes a close-delimited body, fails anything else unfinished.
    void endOfStream();
    // The request was a HEAD: its answer ends with the head, whatever Content-Length or
    // Transfer-Encoding say (RFC 9110, 9.3.2). Call before feeding.
    void answerToHead() { m_answerToHead = true; }

    bool headersDone() const { return m_state >= State::Body; }
    bool done() const { return m_state == State::Done; }
    bool failed() const { return m_state == State::Failed; }
    bool sawAnyByte() const { return m_sawAnyByte; }
    QByteArray failure() const { return m_failure; }

    int status() const { return m_status; }
    QByteArray reason() const { return m_reason; }
    const QList<QPair<QByteArray, QByteArray>>& headers() const { return m_headers; }
    QByteArray header(const QByteArray& name) const; // the first with that name
    // Body bytes parsed so far and not yet taken.
    QByteArray takeBody() { return std::exchange(m_body, {}); }
    // The connection may carry another request after this answer.
    bool keepAlive() const { return m_keepAlive && m_surplus.isEmpty(); }
    QByteArray surplus() const { return m_surplus; }

private:
    enum class State { StatusLine, Headers, Body, Done, Failed };
    enum class Framing { None, Length, Chunked, Close };
    enum class Chunk { Size, Data, DataEnd, Trailer };

    bool takeLine(QByteArray* line);
    void statusLine(const QByteArray& line);
    void headerLine(const QByteArray& line);
    void headersEnded();
    void bodyBytes();
    void chunked();
    void fail(const char* why);
    void finishAnswer();

    State m_state = State::StatusLine;
    Framing m_framing = Framing::None;
    Chunk m_chunk = Chunk::Size;
    QByteArray m_in;
    qsizetype m_headBytes = 0;
    bool m_sawAnyByte = false;
    int m_status = 0;
    int m_minorVersion = 1;
    QByteArray m_reason;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    qint64 m_left = 0; // of the Content-Length body or the current chunk
    QByteArray m_body;
    bool m_keepAlive = false;
    bool m_answerToHead = false;
    QByteArray m_surplus;
    QByteArray m_failure;
};

} // namespace ks
