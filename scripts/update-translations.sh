#!/usr/bin/env bash
# Updates ui/translations/keepsake_*.ts from the tr() strings in ui/, app/gui/ and core/ (lupdate),
# then lists every string that still needs a translation, and every translation whose string is
# gone. core/ is scanned whole: lupdate takes only tr()/translate() calls, and every one in core is
# a sentence the app shows (the status line, pause reasons, "why is this file not backed up?").
#   scripts/update-translations.sh           update the .ts files, list what is left
#   scripts/update-translations.sh --prune   also drop the translations whose string is gone
#   scripts/update-translations.sh --check   touch nothing: run lupdate on copies, only list
# Exits 1 while something is unfinished or vanished (tests/ui/tst_translations fails then too).
# keepsake_en.ts holds only plural forms (English is the source language); see docs/translations.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=update
case ${1:-} in
    --prune) mode=prune ;;
    --check) mode=check ;;
    "") ;;
    *) sed -n '2,10s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
esac
lupdate=${LUPDATE:-}
if [ -z "$lupdate" ]; then
    for c in "$(qtpaths6 --query QT_HOST_BINS 2>/dev/null)/lupdate" /usr/lib/qt6/bin/lupdate \
        "$(command -v lupdate6 || true)" "$(command -v lupdate || true)"; do
        [ -x "$c" ] && { lupdate=$c; break; }
    done
fi
[ -x "$lupdate" ] || { echo "lupdate not found (Debian: apt-get install qt6-l10n-tools)" >&2; exit 2; }

dir=ui/translations
work=$(mktemp -d /tmp/keepsake-lupdate.XXXXXX)
trap 'rm -rf "$work"' EXIT
opts=(-locations none -no-ui-lines -silent)
[ "$mode" = prune ] && opts+=(-no-obsolete)
for ts in "$dir"/keepsake_*.ts; do
    target=$ts
    if [ "$mode" = check ]; then
        target=$work/$(basename "$ts")
        cp "$ts" "$target"
    fi
    extra=()
    # English is the source language: only the plural forms need an "English translation".
    [ "$(basename "$ts")" = keepsake_en.ts ] && extra=(-pluralonly)
    "$lupdate" "${opts[@]}" "${extra[@]}" ui app/gui core -ts "$target"
done

files=("$dir"/keepsake_*.ts)
[ "$mode" = check ] && files=("$work"/keepsake_*.ts)
python3 - "${files[@]}" <<'PY'
import os, sys
import xml.etree.ElementTree as ET
left = 0
for path in sys.argv[1:]:
    todo = []
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name")
        for m in ctx.iter("message"):
            t = m.find("translation")
            kind = t.get("type") if t is not None else "unfinished"
            forms = [f.text or "" for f in t.iter("numerusform")] if t is not None and m.get("numerus") == "yes" else [t.text or "" if t is not None else ""]
            if kind in ("unfinished", "vanished", "obsolete") or not all(f.strip() for f in forms):
                todo.append((kind or "empty", name, m.findtext("source")))
    print(f"{os.path.basename(path)}: {len(todo)} left")
    for kind, name, source in todo:
        print(f"  [{kind}] {name}: {source!r}")
    left += len(todo)
sys.exit(1 if left else 0)
PY
