#!/bin/sh
# Builds the fuzz targets of tests/fuzz with clang and libFuzzer (AddressSanitizer and
# UndefinedBehaviorSanitizer on, all of Keepsake's code instrumented for coverage) and runs each
# for SECONDS (default 300), one after the other, with the seeds as the starting corpus.
#   tests/fuzz/run-fuzzers.sh [SECONDS] [TARGET...]
# Findings (crash-*, timeout-*, oom-*) land in $OUT/<target>/ (default build-fuzz/fuzz-out); copy
# each into tests/fuzz/<target>/regressions/ once fixed, so the replay tests keep it. A summary
# line per target (executions, time, findings) is printed at the end.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
seconds=${1:-300}
[ $# -gt 0 ] && shift
targets=${*:-"metadata strip_location media_type propfind s3_xml destination_url path_template cli_args"}
build=${BUILD:-$src/build-fuzz}
out=${OUT:-$build/fuzz-out}
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined -fno-omit-frame-pointer -gline-tables-only"

CC=clang CXX=clang++ cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DKEEPSAKE_FUZZ=ON -DKEEPSAKE_BUILD_TESTS=ON -DKEEPSAKE_BUILD_GUI=ON \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
for t in $targets; do
    cmake --build "$build" -j2 --target "fuzz_$t" >/dev/null
done

summary=""
for t in $targets; do
    corpus="$out/$t/corpus"
    mkdir -p "$corpus" "$out/$t"
    seeds="$here/$t/seeds"
    [ "$t" = strip_location ] && seeds="$here/metadata/seeds"
    [ -d "$seeds" ] || seeds=""
    log="$out/$t/fuzz.log"
    echo "== $t for ${seconds}s"
    ( cd "$out/$t" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=10 \
        -max_len=65536 -print_final_stats=1 "$corpus" $seeds ) >"$log" 2>&1 || true
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    found=$(find "$out/$t" -maxdepth 1 \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) | wc -l)
    summary="$summary$t: ${runs:-?} executions in ${seconds}s, coverage ${cov:-?} edges, $found finding(s)\n"
done
printf "%b" "$summary"
