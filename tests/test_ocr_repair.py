"""Post-OCR repair and syllable checks on real OCR lines from the corpus scans (no Tesseract)."""

from __future__ import annotations

import pytest

from congvan.extractors.syllables import is_valid, restore_lost_acute
from congvan.pipeline.ocr.repair import forms, is_noise, repair_text


@pytest.mark.parametrize(
    ("ocr_line", "expected"),
    [
        pytest.param(
            "CỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", id="004-quoc-hieu"
        ),
        pytest.param(
            "CỘNG HÒA XÃ HỘI CHÚ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", id="001-quoc-hieu"
        ),
        pytest.param("Độc lập - Tự đo - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc", id="001-tieu-ngu"),
        pytest.param("ÚY BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN", id="002-issuer"),
        pytest.param("CHU TỊCH", "CHỦ TỊCH", id="002-signer-title"),
        pytest.param("PHO CHANH VAN PHONG", "PHÓ CHÁNH VĂN PHÒNG", id="012-signer-title-no-diacritics"),
        pytest.param("GIÁM ĐÓC", "GIÁM ĐỐC", id="030p2-signer-title"),
        pytest.param("@ơi nhận:", "Nơi nhận:", id="030p2-noi-nhan"),
        pytest.param("~ Như trên;", "- Như trên;", id="030p2-tilde-dash"),
        pytest.param(
            "Đà Nẵng, ngày 26tháng 7 năm 2020", "Đà Nẵng, ngày 26 tháng 7 năm 2020", id="030-glued-day"
        ),
        pytest.param("Số:1906 /SGDĐT-CTrTT", "Số: 1906 /SGDĐT-CTrTT", id="030-glued-number"),
        pytest.param(
            "Thực hiện chỉ đạo của UBND thành phố tại Công văn số 4§69/UBND-",
            "Thực hiện chỉ đạo của UBND thành phố tại Công văn số 4869/UBND-",
            id="030-section-sign-eight",
        ),
        pytest.param(
            "tình hình thực tế, chỉ đạo của Trung ương và kết quả năm nhât",
            "tình hình thực tế, chỉ đạo của Trung ương và kết quả năm nhất",
            id="004-lost-acute",
        ),
        pytest.param(
            "Nghị quyết: Số 39/2011/NQ-HĐND ngày 12/12/2011, sô 27/2017/NQ-HĐND ngày 14/7/2017 của",
            "Nghị quyết: Số 39/2011/NQ-HĐND ngày 12/12/2011, số 27/2017/NQ-HĐND ngày 14/7/2017 của",
            id="009-so-before-a-number",
        ),
        pytest.param(
            "Nam giai đoạn 2016 2020, Nghị quyết số 17/NQ- CP ngày 07/3/2019 của",
            "Nam giai đoạn 2016 2020, Nghị quyết số 17/NQ-CP ngày 07/3/2019 của",
            id="001-gap-after-symbol-hyphen",
        ),
        pytest.param("- Cục Thuế tỉnh; VNPT Quảng NgãI;", "- Cục Thuế tỉnh; VNPT Quảng Ngãi;", id="001-capital-i-tail"),
        pytest.param("\\ơi nhận", "Nơi nhận:", id="007-noi-nhan-label-alone-colon-lost"),
        pytest.param(
            "24/2013/NQ- HĐND ) ngày 10/12/2013 của HĐND tỉnh về việc thông qua",
            "24/2013/NQ-HĐND ngày 10/12/2013 của HĐND tỉnh về việc thông qua",
            id="008-lone-closing-bracket",
        ),
        pytest.param(
            "đồng (xi măng, cát,\nngày công, vật liệu tại chỗ ) và vận động cộng đồng",
            "đồng (xi măng, cát,\nngày công, vật liệu tại chỗ ) và vận động cộng đồng",
            id="004-bracket-closing-a-wrapped-aside",
        ),
    ],
)
def test_repairs_real_ocr_line(ocr_line: str, expected: str) -> None:
    assert repair_text(ocr_line).text == expected


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", id="030-hoa-variant-kept"),
        pytest.param("- Như trên;", id="dash-kept"),
        pytest.param("TỈNH QUẢNG NGÃI", id="issuer-second-line"),
        pytest.param("SỞ GIÁO DỤC VÀ ĐÀO TẠO", id="030-issuer"),
        pytest.param("Kính gửi: Hội đồng nhân dân tỉnh", id="002-kinh-gui"),
        pytest.param("TL. CHỦ TỊCH", id="012-signing-prefix"),
        pytest.param("KT. CHÁNH VĂN PHÒNG", id="012-signing-prefix-2"),
        pytest.param("- Lưu: VT, P.KTTH.", id="luu"),
        pytest.param("/TB-UBND", id="010-symbol-split-from-number"),
        pytest.param("2", id="page-number"),
        pytest.param("Thành phần hồ sơ 01 bộ, tiếp nhận hồ sơ 24/7", id="ho-so-before-a-count"),
        pytest.param("so 2023, tăng 5%", id="so-compare"),
        pytest.param("Hội đồng nhân dân tỉnh Khóa XII, kỳ họp thứ 5", id="roman-session-number"),
        pytest.param("PHẦN II. NHIỆM VỤ", id="roman-part"),
        pytest.param("Nghị định số 30/2020/NĐ-CP", id="symbol-without-gap"),
        pytest.param("quyết, hoàn thành trước ngày 20/01/2025.", id="006-body"),
        pytest.param("Nguyễn Hoàng Giang", id="002-signer-name"),
    ],
)
def test_leaves_good_lines_alone(line: str) -> None:
    assert repair_text(line).text == line


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("¬————.SS._.", id="004-rule-noise"),
        pytest.param("Z~-", id="030p2-signature-noise"),
        pytest.param("I`šïš.", id="028-stamp-noise"),
        pytest.param("ấ : “", id="010-noise"),
    ],
)
def test_drops_noise_lines(line: str) -> None:
    assert is_noise(line)
    assert repair_text(f"Kính gửi:\n{line}\n- Sở Tài chính.").text == "Kính gửi:\n- Sở Tài chính."


@pytest.mark.parametrize(
    ("line", "restored"),
    [pytest.param("Luu y:", "Lưu y:", id="notes-label"), pytest.param("Ghi chu:", "Ghi chú:", id="remark-label")],
)
def test_a_short_label_that_lost_its_marks_is_no_noise(line: str, restored: str) -> None:
    # text another tool OCRed without marks: the label heads a list, dropping it turns notes to duties
    text = repair_text(f"Kính gửi:\n{line}\n- Sở Tài chính.").text
    assert text.split("\n")[1] == restored


@pytest.mark.parametrize(
    ("syllable", "valid"),
    [
        ("khẩn", True),
        ("trương", True),
        ("nghiêng", True),
        ("khuya", True),
        ("được", True),
        ("tất", True),
        ("tât", False),  # a stop coda needs sắc or nặng
        ("tàt", False),
        ("quyêt", False),
        ("aii", False),
        ("iê", False),  # needs a coda
        ("ngaỳ", True),  # old-style tone placement is still one tone
        ("hk", False),
    ],
)
def test_syllable_validity(syllable: str, valid: bool) -> None:
    assert is_valid(syllable) is valid


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [("nhât", "nhất"), ("quyêt", "quyết"), ("quôc", "quốc"), ("Nhât", "Nhất"), ("bat", None), ("được", None)],
)
def test_restores_lost_acute_only_where_certain(ocr: str, expected: str | None) -> None:
    assert restore_lost_acute(ocr) == expected


def test_impossible_syllables_reported() -> None:
    # "nhàt" has a fold-equal syllable (restored, see test_ocr_repair_diacritics); "khôngg" has none.
    result = repair_text("kết quả năm nhàt và khôngg định")
    assert any("không có trong tiếng Việt" in w and "khôngg" in w for w in result.warnings)


def test_formulaic_data_loads_with_every_document_type_title() -> None:
    lines = forms().lines
    for title in (
        "KẾ HOẠCH",
        "THÔNG BÁO",
        "CHỈ THỊ",
        "TỜ TRÌNH",
        "BÁO CÁO",
        "QUYẾT ĐỊNH",
        "CÔNG VĂN",
        "GIẤY MỜI",
    ):
        assert title in lines
    assert "Kính gửi:" in forms().prefixes and "Nơi nhận:" in forms().prefixes
