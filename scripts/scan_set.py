"""A blind set's text-layer PDFs as a clerk's scanner gives them: each page rendered at 200 dpi, a red
seal pressed over the signer's title, a blue receiving stamp ("CÔNG VĂN ĐẾN", its number and day in
"handwriting") at the top left, the page a little rotated, blurred and speckled, saved as a JPEG image
PDF with no text layer, for trying the scan path on layouts nobody tuned it on.

usage (from the repository, after `make setup`; `--faint` prints the pages in faint grey-purple ink):
    .venv/bin/python scripts/scan_set.py tests/fixtures/heldout/set19 /tmp/set19-scan [--faint]
    .venv/bin/python -m congvan eval /tmp/set19-scan
"""

from __future__ import annotations

import io
import json
import math
import random
import shutil
import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

DPI = 200
SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
HAND = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"


def _signer_box(page: pdfium.PdfPage, probes: list[str]) -> tuple[float, float] | None:
    """Where the signer's name (or, failing that, its last word or the title) is printed last on the
    page (points, top-left origin), if it is."""
    text = page.get_textpage()
    for probe in probes:
        if not probe:
            continue
        found = text.search(probe, match_case=False)
        last = None
        while (hit := found.get_next()) is not None:
            last = hit
        if last is not None:
            left, _bottom, _right, top = text.get_charbox(last[0])
            return left, page.get_height() - top
    return None


def _seal(image: Image.Image, centre: tuple[int, int], rng: random.Random) -> None:
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    x, y = centre
    red = (200, 30, 40, 150)
    for radius, width in ((150, 9), (118, 4), (60, 3)):
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), outline=red, width=width)
    font = ImageFont.truetype(SERIF, 26)
    for k, ch in enumerate("ỦY BAN NHÂN DÂN * TỈNH * "):
        letter = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
        ImageDraw.Draw(letter).text((8, 4), ch, font=font, fill=red)
        angle = 360 * k / 24
        letter = letter.rotate(-angle + 90, resample=Image.BICUBIC)
        px = x + int(134 * math.cos(math.radians(angle - 90))) - 20
        py = y + int(134 * math.sin(math.radians(angle - 90))) - 20
        layer.alpha_composite(letter, (px, py))
    draw.text((x - 22, y - 22), "★", font=ImageFont.truetype(SERIF, 40), fill=red)
    # ink multiplies: printed black under the seal stays black, white paper turns red
    seal = Image.alpha_composite(Image.new("RGBA", image.size, (255, 255, 255, 255)), layer).convert("RGB")
    image.paste(ImageChops.multiply(image, seal))


def _arrival_stamp(image: Image.Image, rng: random.Random) -> None:
    draw = ImageDraw.Draw(image)
    blue = (40, 60, 170)
    # in the top margin (2 cm, 157 px at 200 dpi), where a clerk stamps it on blank paper
    x, y = 90 + rng.randint(0, 40), 12 + rng.randint(0, 8)
    draw.rectangle((x, y, x + 380, y + 118), outline=blue, width=4)
    font = ImageFont.truetype(SERIF, 26)
    draw.text((x + 60, y + 6), "CÔNG VĂN ĐẾN", font=font, fill=blue)
    small = ImageFont.truetype(SERIF, 21)
    hand = ImageFont.truetype(HAND, 26)
    draw.text((x + 20, y + 46), "Số:", font=small, fill=blue)
    draw.text((x + 80, y + 40), str(rng.randint(100, 2999)), font=hand, fill=(30, 30, 120))
    draw.text((x + 20, y + 82), "Ngày:", font=small, fill=blue)
    draw.text((x + 110, y + 76), f"{rng.randint(1, 28)}/{rng.randint(1, 12)}", font=hand, fill=(30, 30, 120))


def _faded(image: Image.Image) -> Image.Image:
    """A copy printed faint in grey-purple ink (a worn toner or a spirit duplicator's copy): the ink
    keeps 45 % of its darkness and takes a violet tint."""
    gray = image.convert("L")
    ink = Image.eval(gray, lambda v: int(255 - (255 - v) * 0.45))
    return Image.merge("RGB", (ink.point(lambda v: min(255, v + 8)), ink, ink.point(lambda v: min(255, v + 20))))


def _degrade(image: Image.Image, rng: random.Random) -> Image.Image:
    image = image.rotate(rng.uniform(-0.8, 0.8), fillcolor=(255, 255, 255), resample=Image.BICUBIC)
    image = image.filter(ImageFilter.GaussianBlur(0.7))
    noise = Image.effect_noise(image.size, 18).convert("RGB")
    return Image.blend(image, noise, 0.06)


def signer_probes(src: Path, stem: str) -> list[str]:
    """What to look for on the last page to find the signature: the gold's signer name, its words
    (LibreOffice draws some marked letters in a fallback font, out of the text's order: the name
    may be found only word by word) and the title."""
    gold = json.loads((src / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    signer = gold.get("signer") or {}
    name = signer.get("name") or ""
    return [name, *name.split(), signer.get("title") or ""]


def scan(src: Path, dst: Path, faint: bool = False) -> None:
    (dst / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copytree(src / "gold", dst / "gold", dirs_exist_ok=True)
    manifest = (src / "MANIFEST.tsv").read_text(encoding="utf-8")
    (dst / "MANIFEST.tsv").write_text(manifest.replace("\theldout", "\tscan"), encoding="utf-8")
    rng = random.Random(11)
    for pdf in sorted((src / "docs").glob("*.pdf")):
        probes = signer_probes(src, pdf.stem)
        doc = pdfium.PdfDocument(pdf)
        pages: list[Image.Image] = []
        for index in range(len(doc)):
            page = doc[index]
            image = page.render(scale=DPI / 72).to_pil().convert("RGB")
            if faint:
                image = _faded(image)
            if index == 0:
                _arrival_stamp(image, rng)
            where = _signer_box(page, probes) if index == len(doc) - 1 else None
            if where is not None:
                x, y = where
                _seal(image, (int(x * DPI / 72) - 60, int(y * DPI / 72) - 140), rng)
            pages.append(_degrade(image, rng))
        buffers = []
        for image in pages:
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=70)
            buffers.append(Image.open(io.BytesIO(buffer.getvalue())))
        buffers[0].save(dst / "docs" / pdf.name, save_all=True, append_images=buffers[1:], resolution=DPI)
    for other in (src / "docs").iterdir():
        if other.suffix != ".pdf":
            shutil.copy(other, dst / "docs" / other.name)


if __name__ == "__main__":
    scan(Path(sys.argv[1]), Path(sys.argv[2]), faint="--faint" in sys.argv[3:])
