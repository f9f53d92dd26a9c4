#!/usr/bin/env bash
# A blind set's PDFs as another tool's OCR would publish them: each page rendered to a 200 dpi grey
# image and put through Tesseract's PDF renderer (an image page with an invisible text layer).
# usage (from the repository, after `make setup`): scripts/sandwich-set.sh tests/fixtures/heldout/set13 /tmp/set13-sandwich
#        congvan eval /tmp/set13-sandwich
set -euo pipefail
src=$1; out=$2
mkdir -p "$out/docs"
cp -r "$src/gold" "$out/"
sed 's/\theldout\([0-9]*\)$/\tsandwich\1/' "$src/MANIFEST.tsv" > "$out/MANIFEST.tsv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for pdf in "$src"/docs/*.pdf; do
  name=$(basename "$pdf" .pdf)
  rm -f "$work"/*
  pdftoppm -r 200 -gray -jpeg -jpegopt quality=60 "$pdf" "$work/p"
  for page in "$work"/p-*.jpg; do tesseract "$page" "${page%.jpg}" -l vie pdf >/dev/null 2>&1; done
  "${PYTHON:-.venv/bin/python}" - "$work" "$out/docs/$name.pdf" <<'PY'
import glob, sys
import pypdfium2 as pdfium
out = pdfium.PdfDocument.new()
for page in sorted(glob.glob(sys.argv[1] + "/p-*.pdf")):
    out.import_pages(pdfium.PdfDocument(page))
out.save(sys.argv[2])
PY
done
