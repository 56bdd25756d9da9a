#!/usr/bin/env bash
# Builds the .deb from the build tree with cpack, installs it with apt-get, runs keepsake-cli and
# starts keepsake under Xvfb on a temporary profile (with a screenshot), then purges the package
# and checks that none of its files is left.
#   deb_install_test.sh CPACK BUILD_DIR VERSION OUT_DIR
#
# Installing needs root: the test runs as root in CI, or uses passwordless sudo. Without either
# it checks the package extracted with dpkg-deb -x into a temporary root instead and says so
# loudly; with CI or KEEPSAKE_REQUIRE_DEB_INSTALL set it fails then, as the real install is the
# point (KEEPSAKE_DEB_TEST_EXTRACT=1 takes that path even as root). Whatever happens, a package this test installed is purged on exit (trap).
set -euo pipefail
cpack=$1 build=$2 version=$3 out=$4

fail() { echo "FAIL: $*" >&2; exit 1; }
step() { echo "== $*"; }

work=$(mktemp -d /tmp/keepsake-deb.XXXXXX)
chmod 755 "$work" # apt's _apt user reads the .deb from here
installed=0
app_pid=
as_root=()

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; fi
    if [ "$installed" = 1 ]; then
        echo "== cleanup: purging the keepsake package this test installed"
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y keepsake ||
            { echo "FAIL: could not purge keepsake; remove it by hand" >&2; rc=1; }
    fi
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for tool in dpkg-deb dpkg-shlibdeps xvfb-run xdotool import identify; do
    command -v "$tool" >/dev/null || fail "$tool is missing (bash scripts/deps.sh installs it)"
done

# --- build the package ------------------------------------------------------------------------
step "cpack -G DEB from $build"
(cd "$build" && "$cpack" -G DEB -B "$work/pkg" --config "$build/CPackConfig.cmake") ||
    fail "cpack failed"
debs=("$work"/pkg/keepsake_*.deb)
[ -f "${debs[0]}" ] && [ "${#debs[@]}" -eq 1 ] || fail "expected one keepsake_*.deb, got: ${debs[*]}"
deb=${debs[0]}
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"
[[ $(basename "$deb") == keepsake_${version}-1_*.deb ]] || fail "unexpected file name $(basename "$deb")"

step "package metadata"
dpkg-deb -I "$deb"
[ "$(dpkg-deb -f "$deb" Package)" = keepsake ] || fail "package name is not keepsake"
[ "$(dpkg-deb -f "$deb" Version)" = "$version-1" ] || fail "version is not $version-1"
depends=$(dpkg-deb -f "$deb" Depends)
# (QtKeychain joins the list by itself once the executables use core's CredentialStore.)
for lib in libc6 libqt6core6 libqt6widgets6 libqt6sql6-sqlite libqt6svg6 libexiv2 qt6-base-abi; do
    grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib (shlibdeps?): $depends"
done

# Files: data.tar paths, directories dropped.
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./|/|' | sort >"$work/files"
echo "files in the package:"
sed 's/^/  /' "$work/files"
expected=(
    /usr/bin/keepsake
    /usr/bin/keepsake-cli
    /usr/share/applications/io.github.keepsake.Keepsake.desktop
    /usr/share/metainfo/io.github.keepsake.Keepsake.metainfo.xml
    /usr/share/icons/hicolor/scalable/apps/keepsake.svg
    /usr/share/keepsake/autostart/keepsake.desktop
    /usr/share/man/man1/keepsake-cli.1.gz
)
for size in 16 32 48 64 128 256; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/keepsake.png")
done
for f in "${expected[@]}"; do
    grep -qx "$f" "$work/files" || fail "the package lacks $f"
done
if grep -Ev '^/usr/(bin|share)/' "$work/files"; then
    fail "files outside /usr/bin and /usr/share (above); nothing may go to /etc/xdg/autostart or /usr/local"
fi

# --- install ---------------------------------------------------------------------------------
if [ -n "${KEEPSAKE_DEB_TEST_EXTRACT:-}" ]; then # to try the fallback path as root
    mode=extract
elif [ "$(id -u)" -eq 0 ]; then
    mode=apt
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    mode=apt
    as_root=(sudo -n)
else
    mode=extract
fi

if [ "$mode" = apt ]; then
    status=$(dpkg-query -W -f='${db:Status-Status}' keepsake 2>/dev/null || true)
    if [ -n "$status" ] && [ "$status" != not-installed ] && [ "$status" != config-files ]; then
        fail "keepsake is already installed on this system (status $status); this test would" \
            "replace and purge it. Remove it first: apt-get remove --purge keepsake"
    fi
    step "apt-get install ./$(basename "$deb")"
    installed=1 # from here on the trap purges, even after a half-done install
    (cd "$work/pkg" && "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "./$(basename "$deb")") || fail "apt-get install failed"
    [ "$(dpkg-query -W -f='${db:Status-Status}' keepsake)" = installed ] || fail "dpkg does not list keepsake as installed"
    dpkg -L keepsake | sort >"$work/dpkg-list"
    for f in "${expected[@]}"; do
        grep -qx "$f" "$work/dpkg-list" || fail "dpkg -L keepsake lacks $f"
    done
    root=
    [ "$(command -v keepsake-cli)" = /usr/bin/keepsake-cli ] || fail "keepsake-cli is not /usr/bin/keepsake-cli on PATH"
    if command -v man >/dev/null; then
        [ "$(man -w keepsake-cli)" = /usr/share/man/man1/keepsake-cli.1.gz ] || fail "man -w keepsake-cli does not find the page"
    fi
else
    msg="not root and no passwordless sudo${KEEPSAKE_DEB_TEST_EXTRACT:+ (or KEEPSAKE_DEB_TEST_EXTRACT set)}: checking the package extracted with dpkg-deb -x instead of installing it"
    if [ -n "${CI:-}" ] || [ -n "${KEEPSAKE_REQUIRE_DEB_INSTALL:-}" ]; then
        fail "$msg; CI (or KEEPSAKE_REQUIRE_DEB_INSTALL) needs the real install: run the tests as root"
    fi
    echo "NOTE: $msg" >&2
    root=$work/root
    dpkg-deb -x "$deb" "$root"
fi

# --- what got installed ----------------------------------------------------------------------
step "installed files"
desktop-file-validate "$root/usr/share/applications/io.github.keepsake.Keepsake.desktop"
desktop-file-validate "$root/usr/share/keepsake/autostart/keepsake.desktop"
appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.keepsake.Keepsake.metainfo.xml"
grep -qx 'Exec="/usr/bin/keepsake" --background' "$root/usr/share/keepsake/autostart/keepsake.desktop" ||
    fail "the autostart template does not start /usr/bin/keepsake --background"
for size in 16 32 48 64 128 256; do
    got=$(identify -format '%wx%h' "$root/usr/share/icons/hicolor/${size}x${size}/apps/keepsake.png")
    [ "$got" = "${size}x${size}" ] || fail "${size}x${size}/apps/keepsake.png is $got"
done

step "keepsake-cli --version"
cli_out=$("$root/usr/bin/keepsake-cli" --version)
echo "$cli_out"
[ "$cli_out" = "keepsake-cli $version" ] || fail "keepsake-cli --version printed '$cli_out'"
# A real command: opens a catalog through the Qt SQLite driver (a Depends of the package).
mkdir -p "$work/Pictures"
"$root/usr/bin/keepsake-cli" --profile "$work/cli-profile" source add "$work/Pictures"
"$root/usr/bin/keepsake-cli" --profile "$work/cli-profile" source list | grep -qF "$work/Pictures" ||
    fail "keepsake-cli source list does not show the folder just added"

step "keepsake under Xvfb"
# A private home, so nothing is written into the invoking user's configuration.
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
export XDG_CACHE_HOME=$work/home/.cache XDG_RUNTIME_DIR=$work/runtime
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
shot=$work/keepsake-installed.png
export app="$root/usr/bin/keepsake" profile="$work/gui-profile" shot
# A fresh profile opens the first-run "Set up Keepsake" dialog: by then the catalog is open, so
# the Qt plugins the package depends on (xcb, SQLite, SVG icons) are all in place.
QT_QPA_PLATFORM=xcb QT_QPA_PLATFORMTHEME= timeout 300 xvfb-run -a -s "-screen 0 1280x900x24" bash -c '
    set -u
    "$app" --profile "$profile" >"$profile.log" 2>&1 &
    pid=$!
    found=
    for _ in $(seq 150); do
        if xdotool search --onlyvisible --name "Set up Keepsake" >/dev/null 2>&1; then found=1; break; fi
        kill -0 $pid 2>/dev/null || break
        sleep 0.2
    done
    sleep 1
    import -window root "$shot" || true
    kill $pid 2>/dev/null; wait $pid 2>/dev/null
    cat "$profile.log"
    [ -n "$found" ] || { echo "FAIL: no \"Set up Keepsake\" window appeared" >&2; exit 1; }
' || fail "keepsake did not start under Xvfb"
[ -s "$shot" ] || fail "the screenshot $shot is empty"
spread=$(convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info:)
echo "screenshot: $(identify -format '%wx%h' "$shot"), $(stat -c %s "$shot") bytes, grey deviation $spread"
awk -v s="$spread" 'BEGIN { exit !(s > 0.01) }' || fail "the screenshot is blank (one colour)"
cp "$shot" "$out/keepsake-installed.png" && echo "screenshot kept in $out/keepsake-installed.png"

# --- remove ----------------------------------------------------------------------------------
if [ "$mode" = apt ]; then
    step "apt-get remove --purge -y keepsake"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove --purge -y keepsake ||
        fail "apt-get remove --purge failed"
    installed=0
    status=$(dpkg-query -W -f='${db:Status-Status}' keepsake 2>/dev/null || true)
    [ -z "$status" ] || [ "$status" = not-installed ] || fail "dpkg still lists keepsake ($status)"
    left=0
    while read -r f; do
        if [ -e "$f" ] || [ -L "$f" ]; then
            echo "left behind: $f" >&2
            left=1
        fi
    done <"$work/files"
    [ $left -eq 0 ] || fail "files of the package remain after the purge"
    echo "PASS: installed, ran and purged $(basename "$deb"); no file left"
else
    echo "PASS (extracted, not installed): $(basename "$deb") checked in $root"
fi
