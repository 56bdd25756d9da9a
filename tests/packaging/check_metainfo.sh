#!/usr/bin/env bash
# The AppStream metainfo validates offline, its newest release is the project version, and every
# screenshot it names exists in docs/screenshots.
#   check_metainfo.sh METAINFO VERSION SCREENSHOT_DIR
set -euo pipefail
metainfo=$1 version=$2 shots=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

appstreamcli validate --no-net --explain "$metainfo" || fail "appstreamcli validate failed"
newest=$(grep -o '<release version="[^"]*"' "$metainfo" | head -1 | cut -d'"' -f2)
[ "$newest" = "$version" ] || fail "newest release in $metainfo is '$newest', the project is $version"
n=0
for url in $(grep -o '<image>[^<]*</image>' "$metainfo" | sed 's/<[^>]*>//g'); do
    [ -f "$shots/$(basename "$url")" ] || fail "screenshot $url has no docs/screenshots/$(basename "$url")"
    n=$((n + 1))
done
[ $n -gt 0 ] || fail "no screenshots in $metainfo"
echo "PASS: metainfo valid, release $version, $n screenshots in docs/screenshots"
