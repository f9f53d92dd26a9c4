"""A blind set's text-layer PDFs as a clerk's phone photographs them: each page rendered, its seal
pressed over the signature (as scan_set.py does), then photographed: the sheet lies on a desk a
little askew (perspective), under a lamp (light falling off towards one corner), slightly out of
focus, saved as JPEG files named as the intake expects a photographed document ("zl01.jpg",
"zl01_p2.jpg" …), for trying the photo path on layouts nobody tuned it on.

usage (from the repository, after `make setup`):
    .venv/bin/python scripts/photo_set.py tests/fixtures/heldout/set19 /tmp/set19-photo
    .venv/bin/python -m congvan eval /tmp/set19-photo
"""

from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter

sys.path.insert(0, str(Path(__file__).parent))
from scan_set import _seal, _signer_box, signer_probes  # noqa: E402  (a sibling script)

DPI = 170  # a 12-megapixel phone frames an A4 sheet at about this resolution
DESK = (92, 78, 66)  # a wooden desk around the sheet


def _coefficients(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> list[float]:
    """PIL's perspective coefficients mapping output points `dst` to input points `src`."""
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=float)
    b = np.array([c for point in src for c in point], dtype=float)
    return list(np.linalg.solve(a, b))


def _photograph(sheet: Image.Image, rng: random.Random) -> Image.Image:
    w, h = sheet.size
    margin = int(0.06 * w)
    canvas = Image.new("RGB", (w + 2 * margin, h + 2 * margin), DESK)
    canvas.paste(sheet, (margin, margin))
    cw, ch = canvas.size
    corners = [(margin, margin), (margin + w, margin), (margin + w, margin + h), (margin, margin + h)]
    # where the sheet's corners land in the photo: each moved by up to 3 % of the width
    jitter = 0.03 * w
    landed = [(x + rng.uniform(-jitter, jitter), y + rng.uniform(-jitter, jitter)) for x, y in corners]
    photo = canvas.transform(
        (cw, ch), Image.Transform.PERSPECTIVE, _coefficients(corners, landed), Image.Resampling.BICUBIC,
        fillcolor=DESK,
    )
    # the lamp: brightness falls from 1.0 to about 0.72 across the frame, from a random side
    gx, gy = np.meshgrid(np.linspace(0, 1, cw), np.linspace(0, 1, ch))
    angle = rng.uniform(0, 2 * np.pi)
    ramp = (np.cos(angle) * gx + np.sin(angle) * gy)
    ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
    light = 1.0 - 0.28 * ramp
    pixels = np.asarray(photo, dtype=float) * light[..., None]
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    return photo.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.1)))


def photograph_set(src: Path, dst: Path) -> None:
    (dst / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copytree(src / "gold", dst / "gold", dirs_exist_ok=True)
    rows = (src / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    out = [rows[0]]
    for row in rows[1:]:
        cells = row.split("\t")
        if cells and cells[0].endswith(".pdf"):
            cells[0] = cells[0][: -len(".pdf")] + ".jpg"
            cells[-1] = "photo"
        out.append("\t".join(cells))
    (dst / "MANIFEST.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")
    rng = random.Random(17)
    for pdf in sorted((src / "docs").glob("*.pdf")):
        probes = signer_probes(src, pdf.stem)
        doc = pdfium.PdfDocument(pdf)
        for index in range(len(doc)):
            page = doc[index]
            sheet = page.render(scale=DPI / 72).to_pil().convert("RGB")
            where = _signer_box(page, probes) if index == len(doc) - 1 else None
            if where is not None:
                x, y = where
                _seal(sheet, (int(x * DPI / 72) - 50, int(y * DPI / 72) - 120), rng)
            suffix = "" if index == 0 else f"_p{index + 1}"
            _photograph(sheet, rng).save(dst / "docs" / f"{pdf.stem}{suffix}.jpg", "JPEG", quality=82)


if __name__ == "__main__":
    photograph_set(Path(sys.argv[1]), Path(sys.argv[2]))
