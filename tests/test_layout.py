"""Reading order from word boxes: two-column header and signature regions, units, artefacts."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.pipeline.document import Word
from congvan.pipeline.layout import words_to_text
from congvan.pipeline.text.pdf import open_pdf, read_page

CORPUS = Path("/work/shared/corpus-real")
# Tesseract at 300 dpi sees a PDF point as 300/72 pixels.
PIXELS_PER_POINT = 300 / 72


def page_words(name: str, index: int) -> tuple[list[Word], float]:
    doc = open_pdf((CORPUS / name).read_bytes())
    raw = read_page(doc, index)
    return list(raw.words), raw.width


def scaled(words: list[Word], factor: float) -> list[Word]:
    return [Word(w.text, w.x0 * factor, w.top * factor, w.x1 * factor, w.bottom * factor) for w in words]


def word(text: str, x0: float, top: float, x1: float, height: float = 10.0) -> Word:
    return Word(text, x0, top, x1, top + height)


@pytest.mark.parametrize("name", ["003.pdf", "016.pdf"])
def test_same_text_in_points_and_in_pixels(name: str) -> None:
    words, width = page_words(name, 0)
    assert words_to_text(scaled(words, PIXELS_PER_POINT), width * PIXELS_PER_POINT) == words_to_text(words, width)


@pytest.mark.parametrize(
    ("name", "issuer", "right_head"),
    [
        pytest.param("003.pdf", ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 542 /TB-UBND"], "CỘNG HÒA", id="003"),
        pytest.param("016.pdf", ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 565 /TB-UBND"], "CỘNG HÒA", id="016"),
    ],
)
def test_header_columns_come_out_as_blocks(name: str, issuer: list[str], right_head: str) -> None:
    words, width = page_words(name, 0)
    lines = words_to_text(words, width).split("\n")
    assert lines[:4] == [*issuer, ""]
    assert lines[4].startswith(right_head)
    assert lines[5] == "Độc lập - Tự do - Hạnh phúc"
    assert lines[6].startswith("Quảng Ngãi, ngày")


def test_columns_with_gaps_in_pixels_like_tesseract() -> None:
    # A header as Tesseract reports it at 300 dpi: word boxes in pixels, heights about 40 px.
    words = [
        word("ỦY", 450, 300, 520, 40), word("BAN", 535, 300, 620, 40),
        word("CỘNG", 1100, 300, 1230, 40), word("HÒA", 1245, 300, 1330, 40),
        word("TỈNH", 460, 350, 560, 40), word("NAM", 575, 350, 660, 40),
        word("Độc", 1150, 352, 1230, 40), word("lập", 1245, 352, 1310, 40),
        word("Kính", 700, 520, 790, 40), word("gửi:", 805, 520, 890, 40),
    ]  # fmt: skip
    assert words_to_text(words, 2480) == "ỦY BAN\nTỈNH NAM\n\nCỘNG HÒA\nĐộc lập\n\nKính gửi:"


def test_kerning_gap_inside_a_word_is_glued() -> None:
    # pdfplumber splits "CỘNG" at a kerning gap of a fraction of a point ("CỘ NG").
    words = [word("CỘ", 100, 50, 117.3), word("NG", 117.6, 50, 131), word("HÒA", 134, 50, 152)]
    assert words_to_text(words, 595) == "CỘNG HÒA"


def test_letters_drawn_in_a_fallback_font_rejoin_their_word() -> None:
    # Word-exported PDFs draw "Ệ" in a second font after the line: boxes still sit inside the word.
    words = [word("VI", 100, 50, 112), word("N", 119, 50, 126), word("Ệ", 112, 50, 119)]
    assert words_to_text(words, 595) == "VIỆN"


def test_stamped_number_after_colon_stays_a_separate_word() -> None:
    words = [word("Số:", 100, 50, 116), word("565", 116.2, 50, 131), word("/TB-UBND", 140, 50, 190)]
    assert words_to_text(words, 595) == "Số: 565 /TB-UBND"


def test_word_drawn_twice_for_bold_is_kept_once() -> None:
    words = [word("THÔNG", 250, 150, 290), word("THÔNG", 250.3, 150, 290.3), word("BÁO", 294, 150, 320)]
    assert words_to_text(words, 595) == "THÔNG BÁO"


def test_centred_title_after_header_is_not_pulled_into_a_column() -> None:
    words = [
        word("UBND", 110, 70, 160), word("CỘNG", 300, 70, 350), word("HÒA", 355, 70, 390),
        word("Số:", 110, 85, 130), word("Hà", 320, 85, 335), word("Nội", 338, 85, 360),
        word("THÔNG", 265, 120, 300), word("BÁO", 305, 120, 330),
    ]  # fmt: skip
    assert words_to_text(words, 595).split("\n") == ["UBND", "Số:", "", "CỘNG HÒA", "Hà Nội", "", "THÔNG BÁO"]


def test_empty_page_gives_empty_text() -> None:
    assert words_to_text([], 595) == ""


def test_small_print_lines_beside_a_larger_title_stay_apart() -> None:
    # a "Nơi nhận" list set in 9 pt beside the signer's title in 14 pt (text-layer PDFs): the title
    # spans two list lines, which must not join and interleave ("ThườngUBNDtỉnhtrực")
    small = [
        ("-", 70, 194, 73),
        ("UBND", 77, 194, 102),
        ("tỉnh", 104, 194, 120),
        ("(để", 123, 194, 137),
        ("b/c);", 139, 194, 159),
        ("-", 70, 205, 73),
        ("Thường", 77, 205, 109),
        ("trực", 111, 205, 128),
        ("Huyện", 131, 205, 158),
        ("ủy;", 161, 205, 175),
    ]
    large = [("KT.", 330, 193, 352), ("CHỦ", 356, 193, 388), ("TỊCH", 392, 193, 428)]
    words = [word(t, x0, top, x1, 9.3) for t, x0, top, x1 in small] + [
        word(t, x0, top, x1, 20.0) for t, x0, top, x1 in large
    ]
    lines = words_to_text(words, 595).splitlines()
    assert "- UBND tỉnh (để b/c);" in lines
    assert "- Thường trực Huyện ủy;" in lines
    assert "KT. CHỦ TỊCH" in lines


def test_a_small_print_list_beside_a_larger_signature_title_stays_one_column() -> None:
    """A word processor's foot table (Chromium print of an answer letter): the 12.8 pt "Nơi nhận"
    lines sit level with a 15.8 pt signature title, and one list entry wraps under its dash. The
    list keeps every entry in the left column, the signature block follows it whole."""
    # (text, x0 of its first word, top, height): the left column in 12.8 pt, the right in 15.8 pt
    pieces = [
        ("Nơi nhận:", 91, 667.4, 15.8),
        ("KT. CỤC TRƯỞNG", 380, 669.1, 15.8),
        ("- Như trên;", 91.5, 681.3, 12.8),
        ("PHÓ CỤC TRƯỞNG", 372, 688.6, 15.8),
        ("- Phó Cục trưởng Lê Văn Sơn (để", 91.5, 695.5, 12.8),
        ("b/c);", 91.5, 709.0, 12.8),
        ("- Phòng NVDTPC;", 91.5, 722.5, 12.8),
        ("- Phòng TTKT2;", 91.5, 736.8, 12.8),
        ("- Lưu: VT, TTHT (2b).", 91.5, 750.3, 12.8),
        ("Trần Minh Đức", 364.5, 765.1, 15.8),
    ]
    words = []
    for text, x, top, height in pieces:
        for token in text.split():
            words.append(word(token, x, top, x + 0.45 * height * len(token), height))
            x += 0.45 * height * (len(token) + 1)
    lines = words_to_text(words, 595.0).split("\n")
    assert lines[: lines.index("")] == [
        "Nơi nhận:",
        "- Như trên;",
        "- Phó Cục trưởng Lê Văn Sơn (để",
        "b/c);",
        "- Phòng NVDTPC;",
        "- Phòng TTKT2;",
        "- Lưu: VT, TTHT (2b).",
    ]
    assert [ln for ln in lines[lines.index("") :] if ln] == ["KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "Trần Minh Đức"]


def test_punctuation_drawn_apart_closes_its_word() -> None:
    # LibreOffice draws "ở" (missing from Liberation Serif) in DejaVu after the line: "s" "ở" ","
    words = [word("Các", 80, 50, 100), word("s", 104, 50, 108.5), word("ở", 108.5, 50, 115), word(",", 115, 50, 118),
             word("ban,", 121, 50, 145), word("ngành", 148, 50, 180)]  # fmt: skip
    assert words_to_text(words, 595) == "Các sở, ban, ngành"


def test_a_centred_subject_ends_where_the_full_measure_body_begins() -> None:
    # a word processor prints the body's first line (indented 1.27 cm) straight under the trích yếu:
    # the centred block ends there (a blank line), the wrapped lines of the body stay one paragraph
    words = [
        word("CHỈ", 292, 100, 312), word("THỊ", 315, 100, 333),
        word("Về", 200, 115, 215), word("phòng", 218, 115, 250), word("cháy", 253, 115, 280),
        word("rừng", 283, 115, 310), word("mùa", 313, 115, 340), word("khô", 343, 115, 425),
        word("mùa", 283, 130, 310), word("khô", 313, 130, 342),
        word("Từ", 121, 145, 135), word("đầu", 138, 145, 160), word("mùa", 163, 145, 540),
        word("rừng,", 85, 160, 110), word("làm", 113, 160, 540),
    ]  # fmt: skip
    assert words_to_text(words, 595).split("\n") == [
        "CHỈ THỊ", "Về phòng cháy rừng mùa khô", "mùa khô", "", "Từ đầu mùa", "rừng, làm"
    ]  # a wider line of the centred block ("Về phòng …" under "CHỈ THỊ") is not the body
