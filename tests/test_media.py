"""Media type from the bytes, never from the name."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from PIL import Image

from congvan.pipeline.media import DOCX, JPEG, OCTET, PDF, PNG, TEXT, TIFF, detect_media_type
from congvan.pipeline.text.legacy import unicode_to_tcvn3, unicode_to_vni

CORPUS = Path("/work/shared/corpus-real")
BAD = Path(__file__).parent / "data" / "bad"
QUOC_HIEU = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 06 tháng 11 năm 2024"
)


def image_bytes(fmt: str, frames: int = 1) -> bytes:
    buffer = io.BytesIO()
    images = [Image.new("L", (40, 20), color=255) for _ in range(frames)]
    images[0].save(buffer, format=fmt, save_all=frames > 1, append_images=images[1:])
    return buffer.getvalue()


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Kính gửi: Sở Tài chính")
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "media_type"),
    [
        pytest.param((CORPUS / "003.pdf").read_bytes(), PDF, id="pdf-003"),
        pytest.param((CORPUS / "030.jpg").read_bytes(), JPEG, id="jpeg-030"),
        pytest.param((CORPUS / "039.txt").read_bytes(), TEXT, id="utf8-039"),
        pytest.param(image_bytes("PNG"), PNG, id="png"),
        pytest.param(image_bytes("TIFF", frames=2), TIFF, id="tiff-multipage"),
        pytest.param(docx_bytes(), DOCX, id="docx"),
        pytest.param(QUOC_HIEU.encode("utf-16"), TEXT, id="utf16-bom"),
        pytest.param(unicode_to_tcvn3(QUOC_HIEU).encode("cp1252"), TEXT, id="tcvn3-bytes"),
        pytest.param(unicode_to_vni(QUOC_HIEU).encode("cp1252"), TEXT, id="vni-bytes"),
        pytest.param((BAD / "png_named.pdf").read_bytes(), PNG, id="png-named-pdf"),
        pytest.param((BAD / "zip_without_document.docx").read_bytes(), OCTET, id="zip-not-docx"),
        pytest.param((BAD / "not_a_zip.docx").read_bytes(), OCTET, id="docx-not-zip"),
        pytest.param((BAD / "binary.bin").read_bytes(), OCTET, id="binary"),
        pytest.param(b"", OCTET, id="empty"),
    ],
)
def test_detect_media_type(data: bytes, media_type: str) -> None:
    assert detect_media_type(data) == media_type
