"""One reading for a phrase a document prints several times (pipeline/ocr/consistency.py), on
real OCR lines of the corpus scans."""

from __future__ import annotations

import pytest

from congvan.pipeline.ocr import engine
from congvan.pipeline.ocr.consistency import harmonise

# 004: the subject reads "đột nát" where the body reads "dột nát" again and again
P004 = [
    "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc với Ban Chỉ đạo xoá nhà tạm, nhà đột nát huyện Bình Sơn",
    "hoàn thành việc xóa nhà tạm, nhà dột nát trên địa bàn huyện\nxóa nhà tạm, nhà dột\nnát cho hộ nghèo",
]


@pytest.mark.parametrize(
    ("pages", "expected", "changed"),
    [
        pytest.param(
            P004,
            [P004[0].replace("đột nát", "dột nát"), P004[1]],
            1,
            id="004-minority-reading-across-pages-and-line-breaks",
        ),
        pytest.param(
            ["trong dịp nghỉ hè và kỳ thì THPT quốc gia", "tổ chức kỳ thi an toàn; trong kỳ thi THPT quốc gia"],
            ["trong dịp nghỉ hè và kỳ thi THPT quốc gia", "tổ chức kỳ thi an toàn; trong kỳ thi THPT quốc gia"],
            1,
            id="027-tone-added-once",
        ),
        pytest.param(
            ["Sở Lao động - Thương binh và Xã hội thành phố;", "Hội thánh Tin lành; các chi hội thánh"],
            ["Sở Lao động - Thương binh và Xã hội thành phố;", "Hội thánh Tin lành; các chi hội thánh"],
            0,
            id="028-word-with-its-other-neighbour-kept",
        ),
        pytest.param(
            ["Ông Nguyễn Văn Phong, Chánh văn phòng; văn phòng Sở; văn phòng UBND"],
            ["Ông Nguyễn Văn Phong, Chánh văn phòng; văn phòng Sở; văn phòng UBND"],
            0,
            id="capitalised-name-kept",
        ),
        pytest.param(
            ["nhà đột nát", "nhà dột nát"],
            ["nhà đột nát", "nhà dột nát"],
            0,
            id="one-against-one-is-no-majority",
        ),
        pytest.param(
            ["sửa chữa nhà cửa; nhà cửa khang trang", "hỗ trợ sửa chữa nhà của hộ nghèo"],
            ["sửa chữa nhà cửa; nhà cửa khang trang", "hỗ trợ sửa chữa nhà của hộ nghèo"],
            0,
            id="majority-never-read-in-this-context",
        ),
        pytest.param(
            ["Hội đồng nhân dân tỉnh; Hội đồng nhân dân huyện", "đại biểu Hội đồng nhăn dân tỉnh"],
            ["Hội đồng nhân dân tỉnh; Hội đồng nhân dân huyện", "đại biểu Hội đồng nhân dân tỉnh"],
            1,
            id="009-misread-syllable-is-not-a-known-pair",
        ),
        pytest.param(
            ["quy hoạch tổng thể; quy hoạch tổng thể", "thế giới mới; thế giới mới", "quy hoạch tổng thê giới mới"],
            ["quy hoạch tổng thể; quy hoạch tổng thể", "thế giới mới; thế giới mới", "quy hoạch tổng thê giới mới"],
            0,
            id="two-pairs-disagree-on-a-word",
        ),
        pytest.param(
            ["các đơn vị", "các đơn vị", "cac đơn vị"],
            ["các đơn vị", "các đơn vị", "cac đơn vị"],
            0,
            id="minority-known-pair-or-impossible-left-to-line-repair",
        ),
    ],
)
def test_harmonise(pages: list[str], expected: list[str], changed: int) -> None:
    assert harmonise(pages) == (expected, changed)


def test_engine_leaves_e_signature_lines_and_says_which_page() -> None:
    layer = f"\n\n{engine.ESIGN_HEADER}\nKý bởi: Sở Giáo dục và Đào tạo\nkỳ thì"
    results = [
        engine.OcrResult("V/v bảo đảm an toàn trong kỳ thì THPT" + layer, "", (), 0.9, ()),
        engine.OcrResult("tổ chức kỳ thi THPT; coi thi trong kỳ thi THPT", "", (), 0.9, ("page 2: kept",)),
    ]
    out = engine.harmonised(results)
    assert out[0].text == "V/v bảo đảm an toàn trong kỳ thi THPT" + layer
    assert out[0].warnings == ("Trang 1: 1 chữ được đọc theo cách văn bản viết ở chỗ khác",)
    assert out[1] == results[1]
