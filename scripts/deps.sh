#!/usr/bin/env bash
# Installs everything Keepsake needs to build, run and test on Debian 12 (bookworm).
# Runs as root, or through sudo when started by a normal user.
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
    exec sudo --preserve-env=CI,DEBIAN_FRONTEND bash "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
packages=(
    # build
    cmake ninja-build g++ pkg-config git ca-certificates ccache
    qt6-base-dev qt6-base-private-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools
    qt6-l10n-tools qt6-qpa-plugins qtkeychain-qt6-dev libexiv2-dev libssl-dev
    # run
    qt6-wayland libqt6svg6 qt6-translations-l10n dbus dbus-user-session
    # test: real servers and services on loopback
    apache2 nginx-light libnginx-mod-http-dav-ext gnome-keyring libsecret-tools dbus-x11 xvfb xauth exiv2 openssl
    imagemagick ffmpeg libglib2.0-bin nodejs procps psmisc curl tzdata
    # bench and packaging checks
    rclone hyperfine valgrind desktop-file-utils appstream dpkg-dev file xdotool bc librsvg2-bin man-db bsdextrautils python3-yaml
)
apt-get update
apt-get install -y --no-install-recommends "${packages[@]}"
# npm ships with nodesource's nodejs; Debian's nodejs needs the separate npm package.
if ! command -v npm >/dev/null 2>&1; then
    apt-get install -y --no-install-recommends npm
fi
