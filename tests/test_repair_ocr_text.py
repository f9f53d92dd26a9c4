"""Another tool's OCR text that kept most of its marks: marks in the wrong place make it noisy, and
the repair reads each slipped word from its neighbours (quality.assess_text, diacritics).

The lines are written for these tests in the manner of light OCR noise (a tone read as another,
a circumflex as a tilde, a hook for a dot), none is copied from a measured document."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from congvan.pipeline.document import SourceFile
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.ocr.diacritics import LOST_MARK, lost_mark_cost, repair_line, slipped_words
from congvan.pipeline.ocr.repair import repair_text
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text import acquire_text, assess_text
from congvan.pipeline.text.mend import DOCUMENT_WARNING

NEVER = Settings(ocr=OcrMode.NEVER)

CLEAN = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN ĐÔNG ANH                          Độc lập - Tự do - Hạnh phúc
Số: 512/UBND-TNMT                    Đông Anh, ngày 9 tháng 10 năm 2025
V/v tăng cường quản lý đất đai và bảo vệ môi trường trên địa bàn huyện

Kính gửi: Ủy ban nhân dân các xã, thị trấn.

Thực hiện Kế hoạch số 88/KH-UBND ngày 02/10/2025 của Ủy ban nhân dân thành phố về quản lý
đất đai, Ủy ban nhân dân huyện đề nghị Ủy ban nhân dân các xã, thị trấn thực hiện các nội dung sau:
1. Tổ chức kiểm tra, rà soát việc sử dụng đất công trên địa bàn; báo cáo kết quả về Phòng Tài
nguyên và Môi trường trước ngày 30/10/2025.
2. Hướng dẫn người dân thu gom, phân loại rác thải sinh hoạt tại nguồn; xử lý nghiêm các trường
hợp vi phạm.
3. Phối hợp với Công an huyện kiểm tra các cơ sở sản xuất kinh doanh có nguy cơ gây ô nhiễm.
Đề nghị các đơn vị nghiêm túc thực hiện./.

Nơi nhận:                                        TM. ỦY BAN NHÂN DÂN
- Như trên;                                       KT. CHỦ TỊCH
- TT Huyện ủy, TT HĐND huyện;                     PHÓ CHỦ TỊCH
- Lưu: VT, TNMT.
                                                  Nguyễn Văn Bình
"""

# The same dispatch as another tool read it: five words with a mark in the wrong place.
SLIPS = {
    "môi trường trên": "môi trưòng trên",  # the subject line
    "Thực hiện Kế": "Thực hiên Kế",
    "nhân dân thành phố": "nhân dân thảnh phố",
    "1. Tổ chức": "1. Tổ chửc",
    "Hướng dẫn người": "Hướng dẩn người",
}


def noisy_text() -> str:
    text = CLEAN
    for right, slipped in SLIPS.items():
        assert text.count(right) == 1
        text = text.replace(right, slipped)
    return text


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cv.txt"
    path.write_text(text, encoding="utf-8")
    return path


# --- the detector


def test_marks_in_the_wrong_place_make_the_text_noisy() -> None:
    noise = assess_text(noisy_text())
    assert noise.verdict == "noisy"
    assert noise.lost_marks < 0.12  # not by the lost-mark signal: almost every mark is there
    assert slipped_words(noisy_text()) == {"trưòng", "hiên", "thảnh", "chửc", "dẩn"}


def test_the_clean_dispatch_is_clean_and_passes_unchanged() -> None:
    assert assess_text(CLEAN).verdict == "clean"
    assert slipped_words(CLEAN) == set()
    data = CLEAN.encode("utf-8")
    doc = acquire_text(SourceFile(Path("cv.txt"), data, hashlib.sha256(data).hexdigest(), "text/plain"), NEVER)
    assert doc.text == CLEAN
    assert DOCUMENT_WARNING not in doc.warnings


def test_one_typo_is_no_noise() -> None:
    """A clean dispatch with one typo stays clean and untouched: a typist's slip is not OCR."""
    text = CLEAN.replace("1. Tổ chức", "1. Tổ chửc")
    assert assess_text(text).verdict == "clean"


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Bản sao gửi các thành viên dự họp và lưu hồ sơ.", id="common-words"),
        pytest.param("Đồng chí Nguyễn Thị Thoa, Phó Trưởng phòng Nội vụ.", id="person"),
    ],
)
def test_words_of_clean_lines_are_no_slips(line: str) -> None:
    assert slipped_words(line) == set()


def test_a_rare_name_printed_often_is_one_word_not_noise() -> None:
    """A name no word list holds ("Pản", a Thái name) counts once however often it is printed."""
    text = CLEAN.replace("Nguyễn Văn Bình", "Lò Văn Pản") + "Đồng chí Lò Văn Pản, Phó Chủ tịch UBND huyện.\n" * 3
    assert slipped_words(text) == {"pản"}
    assert assess_text(text).verdict == "clean"


# --- the repair


def test_noisy_text_file_is_repaired_in_subject_recipients_and_tasks(tmp_path: Path) -> None:
    record = process(DocumentInput(write(tmp_path, noisy_text())), NEVER).record
    assert record.subject == "tăng cường quản lý đất đai và bảo vệ môi trường trên địa bàn huyện"
    assert [r.name for r in record.recipients if r.kind == "kinh_gui"] == ["Ủy ban nhân dân các xã, thị trấn"]
    assert DOCUMENT_WARNING in record.warnings
    tasks = " ".join(t.text for t in record.tasks)
    assert "Tổ chức kiểm tra" in tasks and "Hướng dẫn người dân" in tasks


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        pytest.param(
            "cán bộ, công chức, viẽn chức tham dự", "cán bộ, công chức, viên chức tham dự", id="tilde-for-circumflex"
        ),
        pytest.param("Sở Xây dựng hướng dẩn các đơn vị", "Sở Xây dựng hướng dẫn các đơn vị", id="hook-for-tilde"),
    ],
)
def test_a_syllable_no_list_holds_takes_the_reading_its_neighbours_support(line: str, repaired: str) -> None:
    assert repair_line(line)[0] == repaired


def test_a_lost_mark_is_cheap_only_in_text_that_lost_most_of_them() -> None:
    assert lost_mark_cost(0.0) == lost_mark_cost(0.03) == LOST_MARK
    assert lost_mark_cost(0.7) < 0.5 < lost_mark_cost(0.3) < LOST_MARK
    line = "- Thường trực Huyen uy, Ban Thuong vu Tinh uy (để b/c);"
    # Tesseract's reading of a clean page: 'uy' is a word, the pair alone does not overrule it
    assert "Huyện uy" in repair_text(line).text
    assert repair_text(line, lost_mark_cost(0.7)).text == "- Thường trực Huyện ủy, Ban Thường vụ Tỉnh ủy (để b/c);"


@pytest.mark.parametrize(
    ("line", "repaired"),
    [
        pytest.param("UY BAN NHAN DAN HUYEN GIA LAM", "ỦY BAN NHÂN DÂN HUYỆN GIA LÂM", id="shared-word"),
        pytest.param("Kinh gui: Uy ban nhan dan quan Cau Giay", "Kính gửi: Ủy ban nhân dân quận Cầu Giấy", id="urban"),
    ],
)
def test_a_district_with_its_level_word_is_a_known_phrase(line: str, repaired: str) -> None:
    assert repair_text(line, lost_mark_cost(0.7)).text == repaired


def test_a_district_name_without_its_level_word_is_no_place() -> None:
    """A person may carry a district's name folded alike: only "huyện/quận/thị xã/thành phố X" is one."""
    assert "Gia Lam" in repair_line("Đồng chí Nguyễn Gia Lam, chuyên viên")[0]


def test_a_text_without_any_mark_lets_frequency_restore_lower_case_words_not_names() -> None:
    line = "de nghi cac dong chi lay kien dong gop cua ong Le Thanh Long"
    fixed = repair_line(line, lost_mark_cost(0.7))[0]
    assert fixed == "đề nghị các đồng chí lấy kiến đóng góp của ông Le Thanh Long"  # names keep needing a pair
    assert repair_line(line)[0] == "đề nghị các đồng chi lay kiến đóng góp của ong Le Thanh Long"  # Tesseract's
