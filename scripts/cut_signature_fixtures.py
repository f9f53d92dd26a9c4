"""Cut the signature-block fixtures of tests/test_ocr_signature.py from the corpus scans.

    .venv/bin/python scripts/cut_signature_fixtures.py

For each page: the prepared page image (red ink removed, as Tesseract saw it) from a little
above the signature title to the bottom of the signing space, saved as a grayscale PNG, and the
page's Tesseract TSV words that fall inside, moved into the crop's pixels (tests/data/ocr/
sig_<doc>.png and sig_<doc>.tsv).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from congvan.pipeline.ocr import signature
from congvan.pipeline.ocr.engine import read_upright
from congvan.pipeline.ocr.tsv import parse_tsv
from congvan.pipeline.settings import Settings

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tests" / "data" / "ocr"
# (document, 0-based page): 010 drops a tone of the name, 011's black seal eats its first letters,
# 002's name reads right and must stay.
PAGES = (("010", 0), ("011", 3), ("002", 0))
ABOVE_LINES, BELOW_LINES = 6, 16


def main() -> None:
    settings = Settings(cache_dir=Path(os.environ.get("CONGVAN_CACHE", Path.home() / ".cache" / "congvan")))
    for doc, index in PAGES:
        pdf = pdfium.PdfDocument(REPO / "corpus" / "docs" / f"{doc}.pdf")
        image = pdf[index].render(scale=300 / 72, draw_annots=False, may_draw_forms=False).to_pil()
        upright = read_upright(image, settings)
        gray = np.asarray(upright.prepared.image)
        lines = upright.tsv.splitlines()
        words = parse_tsv(upright.tsv)
        title = signature.anchor(signature.segments(words), (gray.shape[1], gray.shape[0]))
        assert title is not None, doc
        top = max(0, int(title.top - ABOVE_LINES * title.height))
        bottom = min(gray.shape[0], int(title.bottom + BELOW_LINES * title.height))
        Image.fromarray(gray[top:bottom]).save(OUT / f"sig_{doc}.png", optimize=True)
        kept = [lines[0]]
        for row in lines[1:]:
            cells = row.split("\t")
            inside = len(cells) == 12 and cells[0] == "5" and top <= int(cells[7])
            if inside and int(cells[7]) + int(cells[9]) <= bottom:
                cells[7] = str(int(cells[7]) - top)
                kept.append("\t".join(cells))
        (OUT / f"sig_{doc}.tsv").write_text("\n".join(kept) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
