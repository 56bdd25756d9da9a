#!/bin/sh
# Makes the metadata and media-type seeds of tests/fuzz: small real files of every format Keepsake
# backs up, with Exif dates, offsets and GPS (written by the exiv2 tool) and XMP. Run from
# anywhere; writes into tests/fuzz/{metadata,media_type}/seeds. The committed seeds were made
# with ImageMagick 7, exiv2 0.27 and ffmpeg 5.1 (Debian 12). Kept small: each file is a few KB.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$here/metadata/seeds"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out" "$here/media_type/seeds"

img() { convert -size 16x12 gradient:red-blue "$@"; }
img "$tmp/plain.jpg"
cp "$tmp/plain.jpg" "$tmp/exif-gps.jpg"
exiv2 -M"set Exif.Photo.DateTimeOriginal 2021:05:06 07:08:09" \
      -M"set Exif.Photo.OffsetTimeOriginal +02:00" \
      -M"set Exif.Image.Make Keepsake" \
      -M"set Exif.GPSInfo.GPSLatitudeRef N" -M"set Exif.GPSInfo.GPSLatitude 48/1 51/1 0/1" \
      -M"set Exif.GPSInfo.GPSLongitudeRef E" -M"set Exif.GPSInfo.GPSLongitude 2/1 21/1 0/1" \
      "$tmp/exif-gps.jpg"
cp "$tmp/plain.jpg" "$tmp/xmp-gps.jpg"
exiv2 -M"set Xmp.exif.DateTimeOriginal 2020-01-02T03:04:05-05:00" \
      -M"set Xmp.exif.GPSLatitude 48,51.0N" -M"set Xmp.exif.GPSLongitude 2,21.0E" "$tmp/xmp-gps.jpg"
img "$tmp/plain.png"
cp "$tmp/plain.png" "$tmp/exif.png"
exiv2 -M"set Exif.Photo.DateTimeOriginal 2018:12:31 23:59:59" "$tmp/exif.png"
img "$tmp/plain.tif"
cp "$tmp/plain.tif" "$tmp/exif-gps.tif"
exiv2 -M"set Exif.Image.DateTime 2017:07:07 07:07:07" \
      -M"set Exif.GPSInfo.GPSLatitudeRef S" -M"set Exif.GPSInfo.GPSLatitude 33/1 52/1 0/1" \
      "$tmp/exif-gps.tif"
img "$tmp/plain.webp"
cp "$tmp/plain.webp" "$tmp/exif.webp"
exiv2 -M"set Exif.Photo.DateTimeOriginal 2016:02:29 12:00:00" "$tmp/exif.webp" || true
img "$tmp/plain.gif"
img -quality 30 "$tmp/plain.heic" || true
ffmpeg -loglevel error -f lavfi -i color=c=blue:s=16x16:d=0.04 -frames:v 1 \
       -metadata creation_time=2019-03-15T12:00:00Z -c:v mpeg4 "$tmp/clip.mp4"
ffmpeg -loglevel error -f lavfi -i color=c=red:s=16x16:d=0.04 -frames:v 1 \
       -metadata creation_time=2015-06-01T08:30:00Z -c:v mpeg4 "$tmp/clip.mov"
printf '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:DateTimeOriginal="2014-04-04T04:04:04Z" exif:GPSLatitude="1,2.0N"/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>' > "$tmp/sidecar.xmp"

for f in "$tmp"/*; do
    [ -s "$f" ] || continue
    cp "$f" "$out/"
    # media_type inputs: one byte choosing the extension (see fuzz_media_type.cpp), then the head.
    case "$f" in
        *.heic) ext='\002' ;; *.png) ext='\003' ;; *.tif) ext='\004' ;; *.mp4) ext='\014' ;;
        *.mov) ext='\015' ;; *.xmp) ext='\017' ;; *) ext='\001' ;;
    esac
    { printf "$ext"; head -c 64 "$f"; } > "$here/media_type/seeds/$(basename "$f")"
done
ls -l "$out"
