#!/usr/bin/env bash
# Regenerates the committed Windows and macOS icons from the one source icon,
# ui/resources/keepsake.svg (Linux builds render their hicolor PNGs at build time instead):
#   packaging/windows/keepsake.ico   16 24 32 48 64 256 px, for the NSIS installer and keepsake.exe
#   packaging/macos/keepsake.icns    16 to 1024 px (PNG entries), for keepsake.app
# Needs rsvg-convert (librsvg2-bin), ImageMagick's convert and python3. Run after changing the SVG.
set -euo pipefail
cd "$(dirname "$0")/.."
svg=ui/resources/keepsake.svg
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in 16 24 32 48 64 128 256 512 1024; do
    rsvg-convert -w "$size" -h "$size" -o "$work/$size.png" "$svg"
done
convert "$work"/{16,24,32,48,64,256}.png packaging/windows/keepsake.ico
python3 - "$work" packaging/macos/keepsake.icns <<'PY'
# ICNS: "icns", total length, then entries of (type, length, PNG data); all big-endian.
import struct, sys
work, out = sys.argv[1], sys.argv[2]
types = [("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256),
         ("ic09", 512), ("ic10", 1024)]
body = b""
for kind, size in types:
    data = open(f"{work}/{size}.png", "rb").read()
    body += kind.encode() + struct.pack(">I", 8 + len(data)) + data
open(out, "wb").write(b"icns" + struct.pack(">I", 8 + len(body)) + body)
PY
echo "wrote packaging/windows/keepsake.ico packaging/macos/keepsake.icns"
