#!/usr/bin/env bash
# Builds Keepsake and runs the whole test suite twice: a normal build, then one with
# AddressSanitizer and UndefinedBehaviorSanitizer. Tests start their own servers on loopback
# (Apache WebDAV, nginx, s3rver) and run inside a private D-Bus session with an unlocked
# gnome-keyring, so QtKeychain talks to a real secret service.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export QT_QPA_PLATFORM=offscreen
export QT_QPA_PLATFORMTHEME=

# s3rver for the S3 tests, installed into tests/servers/node_modules (not committed).
if [ ! -x tests/servers/node_modules/.bin/s3rver ]; then
    (cd tests/servers && npm install --no-audit --no-fund --loglevel=error)
fi

run_suite() {
    local dir=$1
    shift
    bash scripts/build.sh "$dir" -DKEEPSAKE_BUILD_TESTS=ON "$@"
    # The keyring daemon keeps its files in a directory of its own: the tests never write to the
    # user's login keyring, and one left there with another password (which would stay locked)
    # cannot fail them.
    local keyrings
    keyrings=$(mktemp -d)
    dbus-run-session -- sh -c "echo -n keepsake-test |
        XDG_DATA_HOME='$keyrings' gnome-keyring-daemon --unlock --components=secrets >/dev/null;
        cd '$root/$dir' && ctest --output-on-failure --timeout 900 -j2" || { rm -rf "$keyrings"; return 1; }
    rm -rf "$keyrings"
}

# keepsake-core and keepsake-cli build without Qt Widgets or Gui (as qBittorrent proves its base).
bash scripts/build.sh build-headless -DKEEPSAKE_BUILD_GUI=OFF -DKEEPSAKE_BUILD_TESTS=OFF
echo "headless build of keepsake-core and keepsake-cli: ok"

run_suite build
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build-sanitize -DKEEPSAKE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
