#!/usr/bin/env bash
# The man page renders without groff warnings, carries the project version and documents every
# command "keepsake-cli --help" lists and every command of README.md's CLI reference.
#   check_manpage.sh KEEPSAKE_CLI MANPAGE VERSION README
set -euo pipefail
cli=$1 page=$2 version=$3 readme=$4
fail() { echo "FAIL: $*" >&2; exit 1; }

command -v man >/dev/null || fail "man (man-db) is not installed"
warnings=$(LC_ALL=C.UTF-8 MANWIDTH=200 man --warnings -l "$page" 2>&1 >/dev/null || true)
[ -z "$warnings" ] || fail "groff warnings in $page:"$'\n'"$warnings"
text=$(LC_ALL=C.UTF-8 MANWIDTH=200 man -l "$page" 2>/dev/null | col -b)

grep -q "^\.TH KEEPSAKE-CLI 1 .*\"Keepsake $version\"" "$page" ||
    fail "$page: .TH does not say \"Keepsake $version\""

# "  source add PATH     add a folder..." -> "source add"
mapfile -t commands < <("$cli" --help | sed -n '/^Commands:/,/^$/p' |
    sed -n 's/^  \([a-z][a-z ]*[a-z]\)\( [A-Z[-].*\)\{0,1\}  .*/\1/p' | sed 's/ *$//')
[ "${#commands[@]}" -ge 10 ] || fail "could not read the commands from keepsake-cli --help"
# The README table: | `source add PATH` / `source list` / ... | ... |
mapfile -t readme_cmds < <(sed -n '/^## CLI reference/,/^## /p' "$readme" | grep '^| `' |
    cut -d'|' -f2 | grep -o '`[a-z][a-z -]*' | tr -d '`' | sed 's/ *-*$//; s/ *$//' | sort -u)
missing=0
for c in "${commands[@]}" "${readme_cmds[@]}"; do
    if ! grep -Eq "^ {7}$c( |$)" <<<"$text"; then
        echo "missing from the man page: $c" >&2
        missing=1
    fi
done
[ $missing -eq 0 ] || fail "$page does not document every command"
# Every exit code of the README is described.
for code in 0 1 2 3 4 10 11 12 13; do
    grep -Eq "^ {7}$code +[A-Z]" <<<"$text" || fail "exit code $code is not in EXIT STATUS"
done
echo "PASS: $page documents ${#commands[@]} commands and the exit codes"
