"""Độ khẩn / độ mật marks in the header only, standalone, in capitals."""

from __future__ import annotations

import pytest

from extractors.base import Context
from extractors.marks import extract
from tests.headertexts_a import SEED_PREFIXES, corpus_gold, pdf_text, seed_gold, seed_text, text_039

HEAD = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 299 /UBND-TTHC\n"
TAIL = "\nV/v công bố Danh mục TTHC\n\nKính gửi: Sở Tư pháp\n"


def marks(text: str) -> tuple[str | None, str | None]:
    result = extract(text, Context())
    u, s = result.best("urgency"), result.best("secrecy")
    return (u.value if u else None, s.value if s else None)


@pytest.mark.parametrize(
    ("mark", "expected"),
    [
        pytest.param("HỎA TỐC", ("hoa_toc", None), id="006-hoa-toc"),
        pytest.param("HOẢ TỐC HẸN GIỜ", ("hoa_toc", None), id="hoa-toc-hen-gio"),
        pytest.param("THƯỢNG KHẨN", ("thuong_khan", None), id="thuong-khan"),
        pytest.param("KHẨN", ("khan", None), id="khan"),
        pytest.param("MẬT", (None, "mat"), id="mat"),
        pytest.param("TỐI MẬT", (None, "toi_mat"), id="toi-mat"),
        pytest.param("TUYỆT MẬT", (None, "tuyet_mat"), id="tuyet-mat"),
        pytest.param("KHẨN\nMẬT", ("khan", "mat"), id="both"),
    ],
)
def test_marks_in_header(mark: str, expected: tuple[str | None, str | None]) -> None:
    assert marks(HEAD + mark + TAIL) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            HEAD + "\nVí khẩn trương thực hiện các biện\npháp phòng, chống dịch COVID-19\n\nKính gửi:\n",
            id="030-khan-truong-in-subject",
        ),
        pytest.param(HEAD + "V/V KHẨN TRƯƠNG TRIỂN KHAI\n\nKính gửi:\n", id="upper-khan-truong"),
        pytest.param(HEAD + "CÔNG VĂN ĐẾN\n" + TAIL, id="receiving-stamp"),
        pytest.param(HEAD + "BẢO MẬT THÔNG TIN\n" + TAIL, id="bao-mat"),
        pytest.param(HEAD + TAIL + "\nĐề nghị các đơn vị khẩn trương thực hiện. KHẨN\nMẬT\n", id="body-only"),
    ],
)
def test_not_a_mark(text: str) -> None:
    assert marks(text) == (None, None)


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_seeds_have_no_marks(prefix: str) -> None:
    gold = seed_gold(prefix)
    assert marks(seed_text(prefix)) == (gold["urgency"], gold["secrecy"])


def test_real_texts_without_marks() -> None:
    assert marks(text_039()) == (None, None)
    assert marks(pdf_text("016.pdf")) == (corpus_gold("016")["urgency"], None)
