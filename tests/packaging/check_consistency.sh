#!/usr/bin/env bash
# Every package describes the same application: the id, name, icon and command of the desktop
# file, the metainfo, the Flatpak manifest and the CPack/macOS settings agree.
#   check_consistency.sh PACKAGING_DIR
set -euo pipefail
pkg=$1
fail() { echo "FAIL: $*" >&2; exit 1; }
id=io.github.keepsake.Keepsake
desktop=$pkg/linux/$id.desktop
metainfo=$pkg/linux/$id.metainfo.xml
flatpak=$pkg/flatpak/$id.yml
key() { sed -n "s/^$1=//p" "$desktop"; }

[ -f "$desktop" ] && [ -f "$metainfo" ] && [ -f "$flatpak" ] || fail "missing a file for $id"
grep -q "<id>$id</id>" "$metainfo" || fail "$metainfo: <id> is not $id"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$metainfo" ||
    fail "$metainfo: launchable is not $id.desktop"
grep -q "^set(KEEPSAKE_APP_ID $id)" "$pkg/CMakeLists.txt" || fail "CMake KEEPSAKE_APP_ID is not $id"
grep -q "^set(KEEPSAKE_ICON_NAME $(key Icon))" "$pkg/CMakeLists.txt" || fail "CMake icon name is not $(key Icon)"
[ "$(key Name)" = Keepsake ] || fail "desktop Name is not Keepsake"
grep -q "<name>Keepsake</name>" "$metainfo" || fail "metainfo name is not Keepsake"
grep -q 'set(CPACK_NSIS_DISPLAY_NAME Keepsake)' "$pkg/CMakeLists.txt" || fail "NSIS display name"
grep -q 'MACOSX_BUNDLE_BUNDLE_NAME Keepsake' "$pkg/CMakeLists.txt" || fail "macOS bundle name"
grep -q 'MACOSX_BUNDLE_GUI_IDENTIFIER ${KEEPSAKE_APP_ID}' "$pkg/CMakeLists.txt" || fail "macOS bundle id"
# The autostart template (what the app writes) uses the same icon.
grep -qx "Icon=$(key Icon)" "$pkg/linux/keepsake-autostart.desktop.in" || fail "autostart template icon"

python3 - "$flatpak" "$id" "$(key Icon)" "$(key Exec)" <<'PY'
import sys, yaml
path, app_id, icon, exec_ = sys.argv[1:]
m = yaml.safe_load(open(path))
def check(ok, what):
    if not ok:
        sys.exit(f"FAIL: {path}: {what}")
check(m.get("app-id") == app_id, f"app-id is not {app_id}")
check(m.get("runtime") == "org.kde.Platform" and str(m.get("runtime-version", "")).startswith("6."),
      "runtime is not org.kde.Platform 6.x")
check(m.get("rename-icon") == icon, f"rename-icon is not {icon}")
check(m.get("command") == exec_.split()[0], f"command is not {exec_.split()[0]}")
names = [mod["name"] for mod in m["modules"] if isinstance(mod, dict)]
for needed in ("qtkeychain", "exiv2", "keepsake"):
    check(needed in names, f"no {needed} module")
PY
[ -s "$pkg/windows/keepsake.ico" ] && [ -s "$pkg/macos/keepsake.icns" ] || fail "platform icons missing"
echo "PASS: $id, Keepsake, icon $(key Icon) everywhere"
