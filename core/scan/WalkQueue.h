#pragma once

#include "FileWalker.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace ks {

// Hands a walk's chunks from the walking thread to the scan's thread, at most `ahead` chunks at
// a time: a walk faster than the scan waits, so neither side ever holds the whole source.
class WalkQueue
{
public:
    explicit WalkQueue(size_t ahead) : m_ahead(ahead) {}

    // The walking side. False once the scan has closed the queue: the walk should stop.
    bool push(WalkChunk&& chunk)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_chunks.size() < m_ahead || m_closed; });
        if (m_closed)
            return false;
        m_chunks.push_back(std::move(chunk));
        m_changed.notify_all();
        return true;
    }

    // The walking side: nothing more will come.
    void finish()
    {
        std::lock_guard lock(m_mutex);
        m_finished = true;
        m_changed.notify_all();
    }

    // The scan's side: the next chunk, or nothing once the walk finished and all were taken.
    std::optional<WalkChunk> pop()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_chunks.empty() || m_finished; });
        if (m_chunks.empty())
            return std::nullopt;
        std::optional<WalkChunk> chunk(std::move(m_chunks.front()));
        m_chunks.pop_front();
        m_changed.notify_all();
        return chunk;
    }

    // The scan's side: it takes no more (done, cancelled or failed); a waiting walk returns.
    void close()
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_chunks.clear();
        m_changed.notify_all();
    }

private:
    const size_t m_ahead;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<WalkChunk> m_chunks;
    bool m_finished = false;
    bool m_closed = false;
};

} // namespace ks
