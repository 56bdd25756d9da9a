#!/usr/bin/env bash
# Starts Keepsake under Xvfb on prepared profiles and saves screenshots to docs/screenshots/:
# the main window, the failures list, the first-run setup and the consent dialog that follows it.
#   scripts/screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build}
cli=$root/$build/app/cli/keepsake-cli
app=$root/$build/app/gui/keepsake
out=$root/docs/screenshots
mkdir -p "$out"
work=$(mktemp -d /tmp/keepsake-shots.XXXXXX)
trap 'rm -rf "$work"' EXIT

# A library with a few real photos, backed up once, plus a destination that is unplugged.
lib=$work/Pictures
mkdir -p "$lib/2024/summer" "$lib/2023/winter"
for i in 1 2 3 4 5 6; do
    convert -size 320x240 "plasma:" "$lib/2024/summer/IMG_00$i.jpg"
    exiv2 -M"set Exif.Photo.DateTimeOriginal 2024:07:0$i 10:00:00" "$lib/2024/summer/IMG_00$i.jpg"
done
for i in 1 2 3; do convert -size 200x200 "gradient:" "$lib/2023/winter/snow_$i.png"; done
p=(--profile "$work/profile")
"$cli" "${p[@]}" source add "$lib" >/dev/null
"$cli" "${p[@]}" consent grant read-source "$lib" >/dev/null
"$cli" "${p[@]}" destination add nas "local://$work/NAS" >/dev/null
mkdir -p "$work/NAS"
"$cli" "${p[@]}" consent grant upload nas >/dev/null
"$cli" "${p[@]}" consent grant background >/dev/null
"$cli" "${p[@]}" backup >/dev/null
"$cli" "${p[@]}" destination add offsite "local://$work/unplugged-disk" >/dev/null
"$cli" "${p[@]}" consent grant upload offsite >/dev/null
python3 - "$work/profile/catalog.sqlite" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("insert or replace into settings values('engine/maxAttempts', '1')")
c.commit()
PY
"$cli" "${p[@]}" backup >/dev/null || true

# The first-run user's home: the setup dialog proposes ~/Pictures and ~/KeepsakeBackup.
home=$work/home
mkdir -p "$home/Pictures/2024"
cp "$lib"/2024/summer/*.jpg "$home/Pictures/2024/"
cp "$lib"/2023/winter/*.png "$home/Pictures/"

shoot() { # NAME WINDOW-NAME-PATTERN
    local id
    for _ in $(seq 50); do
        id=$(xdotool search --onlyvisible --name "$2" 2>/dev/null | tail -1) && [ -n "$id" ] && break
        sleep 0.2
    done
    sleep 1
    shot=$id # for the caller, to type into that window
    # Grab the screen and cut the window out (import -window can hang on transient dialogs).
    eval "$(xdotool getwindowgeometry --shell "$id")"
    import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$out/$1.png"
    echo "saved docs/screenshots/$1.png"
}

export QT_QPA_PLATFORM=xcb
xvfb-run -a -s "-screen 0 1280x900x24" bash -c "
    set -e
    '$app' ${p[*]} & pid=\$!
    $(declare -f shoot); out='$out'
    shoot main-window '^Keepsake\$'
    kill \$pid; wait \$pid || true
    '$app' ${p[*]} --tab failures & pid=\$!
    shoot failures '^Keepsake\$'
    kill \$pid; wait \$pid || true
    # First run in a home of its own, whose Pictures folder the setup offers: Continue leads
    # to the first consent dialog, with that folder's real counts.
    HOME='$home' XDG_CONFIG_HOME= '$app' --profile '$work/fresh' & pid=\$!
    shoot first-run 'Set up Keepsake'
    xdotool windowfocus \$shot; sleep 0.3; xdotool key Return
    shoot consent 'Read this folder'
    kill \$pid; wait \$pid || true
"
