"""Build the bad-input corpus of the drop-folder and nightly tests (issue #7) into a folder.

Run: /work/venv/bin/python scripts/make_bad_corpus.py DEST          # build the corpus into DEST
     /work/venv/bin/python scripts/make_bad_corpus.py --fixtures    # regenerate committed fixtures

Big or dangerous inputs (a 500-page PDF, a DOCX zip bomb, an image decompression bomb) are made
here at test time, never committed. The one input that needs an extra tool to make, a
password-protected DOCX (msoffcrypto-tool), is committed small in tests/data/bad_corpus/.
The small broken files of tests/data/bad/ (scripts/make_bad_inputs.py) are reused, not remade.

Each entry says where it must end (archive or failed) and a phrase its failure reason must contain.
"""

from __future__ import annotations

import argparse
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad"
FIXTURES = ROOT / "tests" / "data" / "bad_corpus"
CORPUS = Path("/work/shared/corpus-real")
GOOD_TEXT = CORPUS / "039.txt"  # a clean dispatch: what the oddly named files contain
LONG_PDF_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@dataclass(frozen=True)
class BadInput:
    name: str
    expect: str  # "archive" or "failed"
    reason: str | None = None  # a phrase the failure reason contains
    slow: bool = False  # drop it in chunks, slower than the stability delay
    note: str = ""


CORPUS_ENTRIES = (
    BadInput("empty.pdf", "failed", "empty (0 bytes)", note="0-byte file"),
    BadInput("truncated.pdf", "failed", "truncated", note="a download cut in half"),
    BadInput(
        "broken_xref.pdf",
        "failed",
        "not an administrative document",
        note="every xref offset wrong, objects intact: repaired and read, then refused (its text is no dispatch)",
    ),
    BadInput("broken_xref_objects.pdf", "failed", "cannot be parsed", note="xref and object headers broken"),
    BadInput("encrypted.pdf", "failed", "password", note="AES-256 user password"),
    BadInput(
        "password.docx", "failed", "password-protected", note="password-protected DOCX (an OLE container)"
    ),
    BadInput("scan-is-a-jpeg.pdf", "failed", "needs OCR", note="a JPEG named .pdf (with --ocr never)"),
    BadInput("zip-bomb.docx", "failed", "zip bomb", note="word/document.xml inflates to 400 MiB of paragraphs"),
    BadInput(
        "pixel-bomb.png", "failed", "decompression bomb", note="a 15000 x 15000 PNG (225 Mpixels) of 200 KB"
    ),
    BadInput(
        "five-hundred-pages.pdf",
        "failed",
        "not an administrative document",
        note="a 500-page text PDF read whole within the limits, then refused: its tables are no dispatch",
    ),
    BadInput(
        "Công văn số 12 – UBND tỉnh Quảng Ngãi.txt", "archive", note="Vietnamese name, spaces, diacritics"
    ),
    BadInput(
        # `..` inside, not leading: a leading dot makes a hidden file, which the watcher ignores.
        "báo cáo..; rm -rf $HOME && echo `id` $(id) | cat > x *?'\" (1)..txt",
        "archive",
        note="dots and shell metacharacters",
    ),
    BadInput("being-written.txt", "archive", slow=True, note="still being written when first seen"),
)


def jpeg_bytes() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 300), color=255)
    ImageDraw.Draw(image).text((20, 20), "CONG VAN so 12/UBND-VP", fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()


def docx_zip_bomb(inflated_mib: int = 400) -> bytes:
    """A well-formed DOCX whose word/document.xml inflates to `inflated_mib` MiB of paragraphs
    (about 2 MB on disk): every other part comes from a real python-docx document."""
    import docx

    plain = io.BytesIO()
    docx.Document().save(plain)
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    para = b"<w:p><w:r><w:t>Bom</w:t></w:r></w:p>"
    chunk = para * ((1 << 20) // len(para))
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
    ):
        for item in source.infolist():
            if item.filename != "word/document.xml":
                archive.writestr(item, source.read(item))
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            for _ in range(inflated_mib):
                member.write(chunk)
            member.write(b"</w:body></w:document>")
    return buffer.getvalue()


def png_pixel_bomb(side: int = 15_000) -> bytes:
    """A valid greyscale PNG of side x side pixels (1.6 G pixels), all white, written by hand so
    that making it never holds the image in memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    row = b"\x00" + b"\xff" * side
    compressor = zlib.compressobj(1)
    parts = [compressor.compress(row) for _ in range(side)]
    parts.append(compressor.flush())
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


def long_pdf(pages: int = 500) -> bytes:
    """A text PDF of `pages` pages of tables in Vietnamese with its marks (a DejaVu font: reportlab's
    standard fonts have no Vietnamese letters). Written without them ("UBND TINH QUANG NGAI"), the
    layer reads as another tool's OCR and every line goes through the diacritics repair: 16,000
    lines, ~60 s of a loaded 2-core machine, against the watch test's 90 s time limit."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(LONG_PDF_FONT)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    for n in range(1, pages + 1):
        pdf.setFont("DejaVuSans", 12)
        pdf.drawString(72, 770, "UBND TỈNH QUẢNG NGÃI")
        pdf.drawString(72, 750, f"Phụ lục trang {n}/{pages}")
        for line in range(30):
            pdf.drawString(72, 720 - 20 * line, f"Mục {n}.{line + 1}: số liệu tổng hợp của đơn vị.")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def password_docx() -> bytes:
    """A one-paragraph DOCX encrypted with the password 'secret' (needs msoffcrypto-tool)."""
    import docx
    from msoffcrypto.format.ooxml import OOXMLFile  # type: ignore[import-untyped]

    plain = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI — Số: 12/UBND-VP")
    document.save(plain)
    plain.seek(0)
    encrypted = io.BytesIO()
    office = OOXMLFile(plain)
    office.encrypt("secret", encrypted)
    return encrypted.getvalue()


def make(entry: BadInput) -> bytes:
    makers = {
        "scan-is-a-jpeg.pdf": jpeg_bytes,
        "zip-bomb.docx": docx_zip_bomb,
        "pixel-bomb.png": png_pixel_bomb,
        "five-hundred-pages.pdf": long_pdf,
    }
    if entry.name in makers:
        return makers[entry.name]()
    if (BAD / entry.name).exists():
        return (BAD / entry.name).read_bytes()
    if (FIXTURES / entry.name).exists():
        return (FIXTURES / entry.name).read_bytes()
    # The remaining entries are a good dispatch under an odd name, with a unique line so that
    # none of them is a byte duplicate of another input.
    return GOOD_TEXT.read_bytes() + f"\n<!-- {entry.name} -->\n".encode()


def build(dest: Path, entries: tuple[BadInput, ...] = CORPUS_ENTRIES) -> dict[str, BadInput]:
    """Write every input into `dest` (slow ones included: the test decides how to drop them)."""
    dest.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        (dest / entry.name).write_bytes(make(entry))
    return {e.name: e for e in entries}


def write_fixtures() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    (FIXTURES / "password.docx").write_bytes(password_docx())
    print(f"wrote {FIXTURES / 'password.docx'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", nargs="?", type=Path, help="folder to build the corpus into")
    parser.add_argument("--fixtures", action="store_true", help="regenerate the committed fixtures")
    args = parser.parse_args()
    if args.fixtures:
        write_fixtures()
    if args.dest is not None:
        for name, entry in build(args.dest).items():
            print(f"{entry.expect:8} {name}  ({entry.note})")
    elif not args.fixtures:
        parser.error("give DEST or --fixtures")


if __name__ == "__main__":
    main()
