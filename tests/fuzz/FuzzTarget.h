#pragma once

#include <QByteArray>
#include <QList>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

// What every fuzz target of tests/fuzz shares. Each target defines LLVMFuzzerTestOneInput; it is
// linked either with libFuzzer (KEEPSAKE_FUZZ=ON, clang) or with FuzzReplayMain.cpp, which runs
// the target's seeds and regression inputs through the same function as a ctest test.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace ks::fuzz {

// A broken invariant is a finding like a crash: print it and abort, so libFuzzer keeps the input
// and the replay test fails.
#define KS_FUZZ_CHECK(cond)                                                                        \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            std::fprintf(stderr, "fuzz invariant broken: %s (%s:%d)\n", #cond, __FILE__,           \
                         __LINE__);                                                                \
            std::abort();                                                                          \
        }                                                                                          \
    } while (0)

inline QByteArray bytesOf(const uint8_t* data, size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), qsizetype(size));
}

// Splits the input into at most `parts` fields at NUL bytes (the last one keeps the rest), so one
// input can carry several strings: a template, a file name and a source name.
inline QList<QByteArray> fieldsOf(const uint8_t* data, size_t size, int parts)
{
    QList<QByteArray> out;
    QByteArray rest = bytesOf(data, size);
    while (out.size() + 1 < parts) {
        const qsizetype nul = rest.indexOf('\0');
        if (nul < 0)
            break;
        out.append(rest.left(nul));
        rest = rest.mid(nul + 1);
    }
    out.append(rest);
    while (out.size() < parts)
        out.append(QByteArray());
    return out;
}

} // namespace ks::fuzz
