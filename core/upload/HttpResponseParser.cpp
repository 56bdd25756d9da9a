#include "HttpResponseParser.h"

#include <utility>

namespace ks {

namespace {
// Far above what any WebDAV or S3 server sends in a head; a stream that exceeds it is not HTTP.
constexpr qsizetype kMaxHead = 64 * 1024;
constexpr int kMaxHeaders = 200;

bool hasToken(const QByteArray& value, const QByteArray& token)
{
    for (const QByteArray& part : value.split(','))
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}
} // namespace

QByteArray HttpResponseParser::header(const QByteArray& name) const
{
    for (const auto& [key, value] : m_headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

void HttpResponseParser::fail(const char* why)
{
    m_state = State::Failed;
    m_failure = why;
    m_in.clear();
}

bool HttpResponseParser::takeLine(QByteArray* line)
{
    const qsizetype end = m_in.indexOf('\n');
    if (end < 0) {
        if (m_headBytes + m_in.size() > kMaxHead)
            fail("the answer's head is too long");
        return false;
    }
    m_headBytes += end + 1;
    if (m_headBytes > kMaxHead) {
        fail("the answer's head is too long");
        return false;
    }
    *line = m_in.left(end > 0 && m_in.at(end - 1) == '\r' ? end - 1 : end);
    m_in.remove(0, end + 1);
    return true;
}

void HttpResponseParser::feed(const QByteArray& bytes)
{
    if (bytes.isEmpty())
        return;
    m_sawAnyByte = true;
    if (m_state == State::Done) {
        m_surplus += bytes;
        return;
    }
    if (m_state == State::Failed)
        return;
    m_in += bytes;
    QByteArray line;
    while (m_state == State::StatusLine || m_state == State::Headers) {
        if (!takeLine(&line))
            return;
        if (m_state == State::StatusLine)
            statusLine(line);
        else
            headerLine(line);
    }
    if (m_state == State::Body)
        bodyBytes();
}

void HttpResponseParser::statusLine(const QByteArray& line)
{
    // "HTTP/1.1 201 Created": the version, a three-digit code, an optional reason.
    if (line.size() < 12 || !line.startsWith("HTTP/1.") || line.at(8) != ' ' ||
        (line.size() > 12 && line.at(12) != ' ')) {
        fail("the answer's status line is malformed");
        return;
    }
    m_minorVersion = line.at(7) - '0';
    bool ok = false;
    const int status = line.mid(9, 3).toInt(&ok);
    if (!ok || status < 100 || status > 599 || m_minorVersion < 0 || m_minorVersion > 9) {
        fail("the answer's status line is malformed");
        return;
    }
    m_status = status;
    m_reason = line.mid(13);
    m_headers.clear();
    m_state = State::Headers;
}

void HttpResponseParser::headerLine(const QByteArray& line)
{
    if (line.isEmpty()) {
        headersEnded();
        return;
    }
    if (line.at(0) == ' ' || line.at(0) == '\t') {
        // An obsolete folded continuation of the previous field.
        if (m_headers.isEmpty()) {
            fail("the answer's header is malformed");
            return;
        }
        m_headers.last().second += ' ' + line.trimmed();
        return;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || line.left(colon).contains(' ') || m_headers.size() >= kMaxHeaders) {
        fail("the answer's header is malformed");
        return;
    }
    m_headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
}

void HttpResponseParser::headersEnded()
{
    if (m_status < 200) {
        // 100 Continue and the like: the real answer follows.
        if (m_status == 101) {
            fail("the server switched protocols");
            return;
        }
        m_state = State::StatusLine;
        return;
    }
    const QByteArray connection = header("Connection");
    m_keepAlive =
        m_minorVersion >= 1 ? !hasToken(connection, "close") : hasToken(connection, "keep-alive");
    const QByteArray coding = header("Transfer-Encoding");
    QList<QByteArray> lengths;
    for (const auto& [key, value] : m_headers)
        if (key.compare("Content-Length", Qt::CaseInsensitive) == 0)
            lengths.append(value);
    if (m_answerToHead || m_status == 204 || m_status == 304) {
        m_framing = Framing::None;
    } else if (!coding.isEmpty()) {
        const QList<QByteArray> codings = coding.split(',');
        if (codings.last().trimmed().compare("chunked", Qt::CaseInsensitive) == 0) {
            m_framing = Framing::Chunked;
            m_chunk = Chunk::Size;
        } else {
            m_framing = Framing::Close;
        }
    } else if (!lengths.isEmpty()) {
        bool ok = false;
        m_left = lengths.first().toLongLong(&ok);
        for (const QByteArray& other : lengths)
            ok = ok && other == lengths.first();
        if (!ok || m_left < 0) {
            fail("the answer's Content-Length is malformed");
            return;
        }
        m_framing = Framing::Length;
    } else {
        m_framing = Framing::Close;
    }
    if (m_framing == Framing::Close)
        m_keepAlive = false;
    m_state = State::Body;
}

void HttpResponseParser::bodyBytes()
{
    switch (m_framing) {
    case Framing::None:
        finishAnswer();
        return;
    case Framing::Close:
        m_body += std::exchange(m_in, {});
        return;
    case Framing::Length: {
        const qsizetype n = qsizetype(std::min<qint64>(m_left, m_in.size()));
        m_body += m_in.left(n);
        m_in.remove(0, n);
        m_left -= n;
        if (m_left == 0)
            finishAnswer();
        return;
    }
    case Framing::Chunked:
        chunked();
        return;
    }
}

void HttpResponseParser::chunked()
{
    QByteArray line;
    while (m_state == State::Body) {
        m_headBytes = 0; // the head limit applies to each framing line on its own
        switch (m_chunk) {
        case Chunk::Size: {
            if (!takeLine(&line))
                return;
            const qsizetype extension = line.indexOf(';');
            const QByteArray hex = (extension < 0 ? line : line.left(extension)).trimmed();
            bool ok = false;
            m_left = hex.toLongLong(&ok, 16);
            if (!ok || m_left < 0 || hex.size() > 15) {
                fail("the answer's chunk size is malformed");
                return;
            }
            m_chunk = m_left == 0 ? Chunk::Trailer : Chunk::Data;
            break;
        }
        case Chunk::Data: {
            const qsizetype n = qsizetype(std::min<qint64>(m_left, m_in.size()));
            m_body += m_in.left(n);
            m_in.remove(0, n);
            m_left -= n;
            if (m_left > 0)
                return;
            m_chunk = Chunk::DataEnd;
            break;
        }
        case Chunk::DataEnd:
            if (!takeLine(&line))
                return;
            if (!line.isEmpty()) {
                fail("the answer's chunk is malformed");
                return;
            }
            m_chunk = Chunk::Size;
            break;
        case Chunk::Trailer:
            if (!takeLine(&line))
                return;
            if (line.isEmpty())
                finishAnswer();
            break;
        }
    }
}

void HttpResponseParser::finishAnswer()
{
    m_state = State::Done;
    m_surplus = std::exchange(m_in, {});
}

void HttpResponseParser::endOfStream()
{
    if (m_state == State::Body && m_framing == Framing::Close) {
        finishAnswer();
        return;
    }
    if (m_state != State::Done && m_state != State::Failed)
        fail(m_sawAnyByte ? "the answer was cut off" : "the server closed the connection");
}

} // namespace ks
