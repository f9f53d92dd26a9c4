"""The signer's name on a line of the Nơi nhận list (issue #14): a text-layer PDF read row by row
flattens the two bottom columns, so the name of the signer ends the left column's row, after the
archive entry ("- Lưu: VT, KGVX. Nguyễn Văn A"), after "Như trên;" or after a gap of spaces.

The foot blocks below are written in the style of the rows pdfplumber gives for real born-digital
dispatches (tests/test_extract_recipients.py `interleaved_text`: "Nơi nhận: TL. CHỦ TỊCH" /
"- Như thành phần; KT. CHÁNH VĂN PHÒNG"), for issuers of several kinds; the names are invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.extractors import recipients, signer
from congvan.extractors.base import Context
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import Settings

FIELDS = ("name", "title", "authority", "on_behalf_of")

BODY = "Đề nghị các đơn vị nghiêm túc triển khai thực hiện./.\n\n"

# (foot block, signer fields, archive copies)
FLATTENED = [
    pytest.param(
        "Nơi nhận: KT. BỘ TRƯỞNG\n"
        "- Như trên; THỨ TRƯỞNG\n"
        "- Bộ trưởng (để b/c);\n"
        "- Vụ Pháp chế;\n"
        "- Lưu: VT, NSNN. Đỗ Thành Trung\n",
        ("Đỗ Thành Trung", "THỨ TRƯỞNG", "KT", "BỘ TRƯỞNG"),
        ["VT", "NSNN"],
        id="ministry-archive-dot",
    ),
    pytest.param(
        "Nơi nhận: TM. ỦY BAN NHÂN DÂN\n"
        "- Thường trực Tỉnh ủy (b/c); KT. CHỦ TỊCH\n"
        "- Thường trực HĐND tỉnh; PHÓ CHỦ TỊCH\n"
        "- CT, các PCT UBND tỉnh;\n"
        "- Các sở: Tài chính, Xây dựng;\n"
        "- UBND các huyện, thị xã, thành phố;\n"
        "- Lưu: VT, KT.                                        Hoàng Nam\n",
        ("Hoàng Nam", "PHÓ CHỦ TỊCH", "KT", "CHỦ TỊCH"),
        ["VT", "KT"],
        id="province-column-gap-two-syllables",
    ),
    pytest.param(
        "Nơi nhận: GIÁM ĐỐC\n- Như trên; Hà Tuấn\n- Lưu: VT, P.TCCB.\n",
        ("Hà Tuấn", "GIÁM ĐỐC", None, None),
        ["VT", "P.TCCB"],
        id="department-after-nhu-tren",
    ),
    pytest.param(
        "Nơi nhận: KT. GIÁM ĐỐC\n"
        "- Như trên; PHÓ GIÁM ĐỐC\n"
        "- Đ/c Giám đốc (để b/c);\n"
        "- Lưu: VT, PV01. Đại tá Lò Văn Pấng\n",
        ("Lò Văn Pấng", "PHÓ GIÁM ĐỐC", "KT", "GIÁM ĐỐC"),
        ["VT", "PV01"],
        id="police-rank-before-name",
    ),
    pytest.param(
        "Nơi nhận: GIÁM ĐỐC\n- Như trên;\n- Lưu: VT, KHTH. BSCKII. Trịnh Thị Thu Hằng\n",
        ("Trịnh Thị Thu Hằng", "GIÁM ĐỐC", None, None),
        ["VT", "KHTH"],
        id="hospital-academic-title",
    ),
    pytest.param(
        "Nơi nhận: TL. CHỦ TỊCH\n"
        "- Như trên; CHÁNH VĂN PHÒNG\n"
        "- Đ/c Chủ tịch UBND huyện (để b/c);\n"
        "- Lưu: VT. Vi Thị Mai\n",
        ("Vi Thị Mai", "CHÁNH VĂN PHÒNG", "TL", "CHỦ TỊCH"),
        ["VT"],
        id="district-archive-without-unit-code",
    ),
    pytest.param(
        "Nơi nhận: TL. CHỦ TỊCH\n"
        "- Như thành phần; KT. CHÁNH VĂN PHÒNG\n"
        "- CT, PCT UBND tỉnh; PHÓ CHÁNH VĂN PHÒNG\n"
        "- VPUB: CVP, PCVP (KGVX), HC-QT;\n"
        "- Lưu: VT, KGVX Phùng Thị Hoa\n",
        ("Phùng Thị Hoa", "PHÓ CHÁNH VĂN PHÒNG", "KT", "CHÁNH VĂN PHÒNG"),
        ["VT", "KGVX"],
        id="provincial-office-archive-without-dot",
    ),
    pytest.param(
        # another tool's text without marks: the surname is checked blind to them
        "Noi nhan: KT. GIAM DOC\n- Nhu tren; PHO GIAM DOC\n- Cuc Thue (de b/c);\n- Luu: VT, TCHC. Nguyen Van Hung\n",
        ("Nguyen Van Hung", "PHÓ GIÁM ĐỐC", "KT", "GIÁM ĐỐC"),
        ["VT", "TCHC"],
        id="tax-office-text-without-marks",
    ),
]


def signer_of(text: str) -> dict:
    best = signer.extract(text, Context()).best("signer")
    assert best is not None
    return best.value


@pytest.mark.parametrize(("foot", "expected", "archive"), FLATTENED)
def test_the_name_ending_a_noi_nhan_row_is_the_signers(foot: str, expected: tuple, archive: list[str]) -> None:
    got = signer_of(BODY + foot)
    assert tuple(got[f] for f in FIELDS) == expected
    assert got["signature_block"].endswith(expected[0])


@pytest.mark.parametrize(("foot", "expected", "archive"), FLATTENED)
def test_the_name_is_neither_an_archive_copy_nor_a_recipient(foot: str, expected: tuple, archive: list[str]) -> None:
    extraction = recipients.extract(BODY + foot, Context())
    assert [c.value for c in extraction.all("archive_copies")] == archive
    names = [c.value["name"] for c in extraction.all("recipients")]
    assert names and not any(expected[0] in n for n in names)


@pytest.mark.parametrize(("foot", "expected", "archive"), FLATTENED)
def test_the_evidence_is_the_printed_name(foot: str, expected: tuple, archive: list[str]) -> None:
    text = BODY + foot
    block = signer.locate(text)
    assert block is not None and block.name_span is not None
    printed = text[block.name_span[0] : block.name_span[1]]
    assert printed.endswith(expected[0])
    assert "\n" not in printed and "Lưu" not in printed and "trên" not in printed


@pytest.mark.parametrize(
    ("foot", "name", "archive"),
    [
        pytest.param(
            "Nơi nhận: KT. GIÁM ĐỐC\n- Như trên; PHÓ GIÁM ĐỐC\n- Lưu: VT, TCCB, KHTC.\n\nPhan Thanh Bình\n",
            "Phan Thanh Bình",
            ["VT", "TCCB", "KHTC"],
            id="unit-codes-only-name-below",
        ),
        pytest.param(
            # after the archive's dot a capitalised unit, not a name: it starts with no surname
            "Nơi nhận: HIỆU TRƯỞNG\n- Như trên;\n- Lưu: VT. Tổ Văn Phòng\n\nNguyễn Thị Lan Anh\n",
            "Nguyễn Thị Lan Anh",
            None,
            id="unit-after-archive-dot",
        ),
        pytest.param(
            # a recipient wrapped after "Như trên;" is no name: it starts with no surname
            "Nơi nhận: CHỦ TỊCH\n- Như trên; Hội Nông Dân\n- Lưu: VT.\n\nTrần Quốc Khánh\n",
            "Trần Quốc Khánh",
            ["VT"],
            id="recipient-after-nhu-tren",
        ),
        pytest.param(
            # only the archive's unit code opens the right column at one space: a recipient's
            # code before a place ("TP Hà Tĩnh") does not
            "Nơi nhận: KT. CHỦ TỊCH\n- Như trên; PHÓ CHỦ TỊCH\n- UBND TP Hà Tĩnh\n- Lưu: VT, NC.\n\nĐặng Văn Minh\n",
            "Đặng Văn Minh",
            ["VT", "NC"],
            id="recipient-code-before-a-place",
        ),
        pytest.param(
            # a person in the archive entry, closed by its dot, stays an archive copy
            "Nơi nhận: GIÁM ĐỐC\n- Như trên;\n- Lưu: VT, Lê Minh.\n\nĐặng Quốc Việt\n",
            "Đặng Quốc Việt",
            ["VT", "Lê Minh"],
            id="archive-person-closed-by-dot",
        ),
    ],
)
def test_codes_and_recipients_on_the_list_rows_are_never_the_name(
    foot: str, name: str, archive: list[str] | None
) -> None:
    text = BODY + foot
    assert signer_of(text)["name"] == name
    if archive is not None:
        copies = [c.value for c in recipients.extract(text, Context()).all("archive_copies")]
        assert copies == archive


DISPATCH = """SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH THANH HÓA Độc lập - Tự do - Hạnh phúc
Số: 2154/SNNMT-CCTL Thanh Hóa, ngày 14 tháng 10 năm 2025
V/v chủ động ứng phó với mưa lớn sau bão số 11
Kính gửi:
- Ủy ban nhân dân các xã, phường;
- Công ty TNHH MTV Sông Chu.
Thực hiện Công điện số 12/CĐ-UBND ngày 12/10/2025 của Chủ tịch UBND tỉnh, Sở Nông nghiệp và
Môi trường đề nghị các đơn vị kiểm tra hồ, đập và vận hành điều tiết nước bảo đảm an toàn.
Đề nghị các đơn vị nghiêm túc triển khai thực hiện./.
Nơi nhận: KT. GIÁM ĐỐC
- Như trên; PHÓ GIÁM ĐỐC
- UBND tỉnh (để b/c);
- Giám đốc Sở (để b/c);
- Lưu: VT, CCTL. Lê Trọng Hùng
"""


def test_a_flattened_dispatch_reads_its_signer_through_the_pipeline(tmp_path: Path) -> None:
    path = tmp_path / "so-nnmt-2154.txt"
    path.write_text(DISPATCH, encoding="utf-8")
    result = process(DocumentInput(path), Settings())
    assert result.record is not None, result.reason
    record = result.record.model_dump(mode="json")
    assert {f: record["signer"][f] for f in FIELDS} == {
        "name": "Lê Trọng Hùng",
        "title": "PHÓ GIÁM ĐỐC",
        "authority": "KT",
        "on_behalf_of": "GIÁM ĐỐC",
    }
    assert [r["name"] for r in record["recipients"] if r["kind"] == "noi_nhan"] == [
        "Như trên",
        "UBND tỉnh",
        "Giám đốc Sở",
    ]
