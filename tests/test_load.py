"""Stage 1: discovery of documents under folders, page-image sets, and reading bytes."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from congvan.errors import CorruptFile, EmptyFile, EncryptedFile, FileTooLarge, UnsupportedMediaType
from congvan.pipeline.load import DocumentInput, discover, load
from congvan.pipeline.settings import Settings

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "docs"


def test_page_images_become_one_document(tmp_path: Path) -> None:
    for name in ("030.jpg", "030_p2.jpg"):
        shutil.copy(CORPUS / name, tmp_path / name)
    docs, skipped = discover([tmp_path])
    assert docs == [DocumentInput(tmp_path / "030.jpg", (tmp_path / "030_p2.jpg",))]
    assert skipped == []


def test_page_files_are_ordered_numerically(tmp_path: Path) -> None:
    for name in ("scan.png", "scan_p10.png", "scan_p2.png"):
        (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n")
    (docs, _) = discover([tmp_path])
    assert docs[0].extra_pages == (tmp_path / "scan_p2.png", tmp_path / "scan_p10.png")


def test_folder_skips_temporary_and_other_files(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "039.txt", tmp_path / "039.txt")
    for junk in ("~$039.docx", ".~lock.039.docx#", "copy.pdf.part", "Thumbs.db", ".DS_Store", ".hidden.txt"):
        (tmp_path / junk).write_bytes(b"x")
    (tmp_path / "notes.json").write_text("{}")
    docs, skipped = discover([tmp_path])
    assert [d.path.name for d in docs] == ["039.txt"]
    assert [p.name for p in skipped] == ["notes.json"]


def test_load_hashes_the_bytes_and_detects_the_type_from_them(tmp_path: Path) -> None:
    # a scanned dispatch renamed .txt is still a PDF
    target = tmp_path / "renamed.txt"
    shutil.copy(CORPUS / "012.pdf", target)
    source = load(DocumentInput(target), Settings())
    assert source.media_type == "application/pdf"
    assert source.sha256 == hashlib.sha256(target.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        pytest.param("bad.pdf", b"", EmptyFile, id="empty"),
        pytest.param("bad.bin", b"\x00\x01\x02\x03binary\xff\xfe" * 10, UnsupportedMediaType, id="binary"),
        pytest.param("bad.pdf", b"\x00\x01\x02\x03binary\xff\xfe" * 10, CorruptFile, id="binary-named-pdf"),
        pytest.param("bad.docx", b"\x00\x01\x02\x03binary\xff\xfe" * 10, CorruptFile, id="binary-named-docx"),
    ],
)
def test_bad_bytes_give_typed_errors(tmp_path: Path, name: str, content: bytes, error: type[Exception]) -> None:
    target = tmp_path / name
    target.write_bytes(content)
    with pytest.raises(error) as info:
        load(DocumentInput(target), Settings())
    assert name in str(info.value)


def test_size_limit(tmp_path: Path) -> None:
    target = tmp_path / "big.txt"
    target.write_text("Số: 1/UBND " * 100, encoding="utf-8")
    with pytest.raises(FileTooLarge):
        load(DocumentInput(target), Settings(max_file_bytes=100))


def test_a_password_protected_docx_says_so() -> None:
    fixture = Path(__file__).resolve().parent / "data" / "bad_corpus" / "password.docx"
    with pytest.raises(EncryptedFile) as info:
        load(DocumentInput(fixture), Settings())
    assert "password-protected" in info.value.reason
