"""Generate the broken inputs of tests/test_bad_inputs.py into tests/data/bad/ (small, committed).

Run: /work/venv/bin/python scripts/make_bad_inputs.py
Needs reportlab (dev dependency) and the qpdf binary (for the encrypted PDF).
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "bad"
CORPUS = Path("/work/shared/corpus-real")
# The smallest real PDF of the corpus: cutting it in half gives a real truncated download.
TRUNCATE_SOURCE = "027.pdf"


def small_pdf(text: str = "Cong van so 12/UBND-VP") -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.drawString(72, 770, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def broken_xref(data: bytes) -> bytes:
    """Every cross-reference entry and the startxref offset point at nothing; the objects are
    intact, so a reader can rebuild the table by scanning the file."""
    data = re.sub(rb"\d{10} \d{5} n", b"9999999999 00000 n", data)
    return re.sub(rb"startxref\s+\d+", b"startxref\n999999", data)


def broken_xref_and_objects(data: bytes) -> bytes:
    """A broken table and no object headers left: nothing to rebuild from."""
    return broken_xref(data).replace(b" obj", b" jbo")


def encrypted(data: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(data)
        subprocess.run(
            ["qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--", str(src), str(dst)], check=True
        )
        return dst.read_bytes()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (200, 100), color=255).save(buffer, format="PNG")
    return buffer.getvalue()


def zip_bytes(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    real = (CORPUS / TRUNCATE_SOURCE).read_bytes()
    files = {
        "empty.pdf": b"",
        "truncated.pdf": real[: len(real) // 2],
        "broken_xref.pdf": broken_xref(small_pdf()),
        "broken_xref_objects.pdf": broken_xref_and_objects(small_pdf()),
        "encrypted.pdf": encrypted(small_pdf()),
        "png_named.pdf": png_bytes(),
        "not_a_zip.docx": b"This was saved as .docx but it is plain bytes, not a zip archive.\x00\x01\x02",
        "zip_without_document.docx": zip_bytes({"[Content_Types].xml": "<Types/>", "hello.txt": "hi"}),
        "archive.zip": zip_bytes({"hello.txt": "hi"}),
        "binary.bin": bytes(range(256)) * 4,
    }
    for name, data in files.items():
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
