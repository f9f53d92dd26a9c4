#!/usr/bin/env bash
# Debian packages congvan needs at run time and in tests: Tesseract with its Vietnamese model (OCR of
# scans) and its orientation model (pages that lie turned),
# poppler-utils (pdftoppm, for looking at pages while writing gold), qpdf (builds the
# encrypted-PDF bad input), DejaVu fonts (Vietnamese glyphs for rendered test PDFs), redis-server
# (the broker of `congvan worker` and the Celery engine; its tests start one of their own).
set -euo pipefail
pkgs=(tesseract-ocr tesseract-ocr-vie tesseract-ocr-osd poppler-utils qpdf fonts-dejavu-core redis-server)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
echo "installing Debian packages: ${missing[*]}" >&2
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
