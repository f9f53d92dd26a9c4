"""The signature block's lines read again (pipeline/ocr/signature.py), with the real Tesseract on
real signature blocks (tests/data/ocr/sig_*.png and .tsv, cut by scripts/cut_signature_fixtures.py
from the corpus scans; names from corpus-real/gold)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from congvan.pipeline.ocr import engine, signature
from congvan.pipeline.ocr.preprocess import Prepared
from congvan.pipeline.ocr.tsv import parse_tsv
from congvan.pipeline.settings import Settings

DATA = Path(__file__).parent / "data" / "ocr"


def block(doc: str) -> tuple[list, np.ndarray]:
    words = parse_tsv((DATA / f"sig_{doc}.tsv").read_text(encoding="utf-8"))
    return words, np.asarray(Image.open(DATA / f"sig_{doc}.png"))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        pytest.param("010", [(("Trần Phước Hiên",), "Trần Phước Hiền")], id="010-tone-lost-beside-red-seal"),
        pytest.param("011", [((">5", "am Trường", "Th"), "Phạm Trường Thọ")], id="011-black-seal-eats-first-letters"),
        pytest.param("002", [], id="002-name-read-right-stays"),
    ],
)
def test_rereads_signature_rows(doc: str, expected: list[tuple[tuple[str, ...], str]]) -> None:
    words, gray = block(doc)
    read = signature.reread_block(words, gray, timeout_s=60)
    assert read.complete
    assert [(f.first, f.text) for f in read.fixes] == expected


@pytest.mark.slow
def test_a_failed_line_read_is_no_fix_and_not_final() -> None:
    words, gray = block("010")
    read = signature.reread_block(words, gray, timeout_s=0.001)  # every line read times out
    assert read == signature.BlockRead([], complete=False)


def test_a_heading_with_body_text_under_it_is_no_signature() -> None:
    words, gray = block("010")
    title = signature.anchor(signature.segments(words), (gray.shape[1], gray.shape[0]))
    assert title is not None
    # the same page with a full-width body line just under the title
    cells = [
        "5",
        "1",
        "99",
        "1",
        "1",
        "1",
        "200",
        str(int(title.bottom + 10)),
        str(int(gray.shape[1] * 0.8)),
        "40",
        "95",
        "nội dung",
    ]
    body = parse_tsv("\t".join(cells))
    segs = signature.segments([*words, *body])
    assert signature.anchor(segs, (gray.shape[1], gray.shape[0])) != title


def test_anchor_is_the_lowest_title_right_of_centre() -> None:
    words, gray = block("010")
    segs = signature.segments(words)
    title = signature.anchor(segs, (gray.shape[1], gray.shape[0]))
    assert title is not None
    # "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH" beside "Nơi nhận": the anchor is PHÓ CHỦ TỊCH's box
    titled = [text for text, box, _ in segs if box.top <= (title.top + title.bottom) / 2 <= box.bottom]
    assert any(text.endswith("PHÓ CHỦ TỊCH") for text in titled)
    assert title.x0 > gray.shape[1] * 0.5


@pytest.mark.parametrize(
    ("text", "name"),
    [
        pytest.param('_ "Phạm Trường Thọ', "Phạm Trường Thọ", id="011-reread-edge-junk"),
        pytest.param("— Trần Phước Hiền", "Trần Phước Hiền", id="010-reread-dash"),
        pytest.param("— Trung tá Ngô Văn Công", "Ngô Văn Công", id="028-rank"),
        pytest.param("Trần Phurớc EKHẦn", None, id="010-stroke-through-name"),
        pytest.param("am Trường", None, id="011-page-read-lost-letters"),
        pytest.param("PHÓ CHỦ TỊCH", None, id="title-is-not-a-name"),
    ],
)
def test_as_name(text: str, name: str | None) -> None:
    assert signature.as_name(text) == name


@pytest.mark.parametrize(
    ("text", "title"),
    [
        pytest.param("KT. CHỦ TỊCH", "KT. CHỦ TỊCH", id="prefixed"),
        pytest.param("PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH", id="deputy"),
        pytest.param("TM. ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN", id="tm-body"),
        pytest.param("CHỦ TỊCH ⁄", "CHỦ TỊCH", id="007-trailing-stroke"),
        pytest.param("„x⁄ZfdŒ. CHỦ TỊCH", None, id="011-seal-over-prefix"),
        pytest.param(":tfqcHf rịcg", None, id="011-seal-over-title"),
        pytest.param("Nguyễn Quốc Việt", None, id="name-is-not-a-title"),
    ],
)
def test_as_title(text: str, title: str | None) -> None:
    assert signature.as_title(text) == title


@pytest.mark.parametrize(
    ("pieces", "name", "better"),
    [
        pytest.param(("Trần Phước Hiên",), "Trần Phước Hiền", True, id="010-mark-restored"),
        pytest.param(("Trần Phước Hiền",), "Trần Phước Hiên", False, id="never-drops-a-mark"),
        pytest.param((">5", "am Trường", "Th"), "Phạm Trường Thọ", True, id="011-no-name-in-page-read"),
        pytest.param(("Đặng Văn Minh", "x", ":"), "Đặng Văn Minh", False, id="007-same-name-with-debris"),
        pytest.param(("Nguyễn Văn Dựa",), "Nguyễn Văn Dừa", False, id="different-marks-not-more"),
        pytest.param(("Lê Văn An",), "Lê Văn Ân", True, id="more-marks-same-letters"),
        pytest.param(("Lê Văn An",), "Lê Thị Bình", False, id="two-readings-disagree"),
    ],
)
def test_better_name(pieces: tuple[str, ...], name: str, better: bool) -> None:
    assert signature.better_name(pieces, name) is better


PAGE = "\n".join(
    [
        "- Lưu: VT, NCbdv205.",
        "",
        "z£1ŒT. C",
        "XP Ä}CHỦ TỊCH",
        ">5",
        "am Trường",
        "Th",
        "",
        "[Chữ ký số]",
    ]
)


def test_patch_replaces_the_row_and_drops_its_debris() -> None:
    fix = signature.Fix((">5", "am Trường", "Th"), "Phạm Trường Thọ")
    text, warnings = signature.patch(PAGE, [fix])
    assert text.split("\n")[2:6] == ["z£1ŒT. C", "XP Ä}CHỦ TỊCH", "Phạm Trường Thọ", ""]
    assert warnings == ["Người ký: dòng chữ ký được đọc lại riêng: '>5 | am Trường | Th' → 'Phạm Trường Thọ'"]


def test_patch_keeps_debris_lines_far_from_the_row() -> None:
    page = PAGE + "\nPhụ lục\n" + "\n".join(f"dòng {i}" for i in range(10)) + "\nTh"
    fix = signature.Fix((">5", "am Trường", "Th"), "Phạm Trường Thọ")
    text, _ = signature.patch(page, [fix])
    assert text.endswith("\nTh") and "\nam Trường\n" not in text
    assert text.split("\n")[4:6] == ["Phạm Trường Thọ", ""]


def test_name_line_keeps_the_rank() -> None:
    assert signature.name_line("— Trung tá Ngô Văn Công") == "Trung tá Ngô Văn Công"
    assert signature.as_name("— Trung tá Ngô Văn Công") == "Ngô Văn Công"


def test_patch_leaves_text_whose_row_is_gone() -> None:
    fix = signature.Fix(("Trần Phước Hiên",), "Trần Phước Hiền")
    assert signature.patch(PAGE, [fix]) == (PAGE, [])


def test_cache_round_trip_and_damage() -> None:
    fixes = [signature.Fix(("Trần Phước Hiên",), "Trần Phước Hiền")]
    assert signature.from_cache(signature.to_cache(fixes)) == fixes
    assert signature.from_cache(signature.to_cache([])) == []
    assert signature.from_cache('{"first": 1}') == []
    assert signature.from_cache("not json") == []
    for shaped in (
        '[{"first": [], "text": "X"}]',
        '[{"first": ["x"], "text": null}]',
        '[{"first": [1], "text": "X"}]',
        '[{"first": "x", "text": "X"}]',
        '["x"]',
        "[null]",
    ):
        assert signature.from_cache(shaped) == [], shaped


@pytest.mark.slow
def test_engine_keeps_the_reads_with_the_page(tmp_path: Path) -> None:
    words_tsv = (DATA / "sig_010.tsv").read_text(encoding="utf-8")
    gray = Image.open(DATA / "sig_010.png")
    upright = engine.Upright("0" * 64, gray.convert("RGB"), Prepared(gray, 1, 0.0), words_tsv, 0)
    settings = Settings(cache_dir=tmp_path)
    first = engine.signature_fixes(upright, settings)
    assert [f.text for f in first] == ["Trần Phước Hiền"]
    kept = tmp_path / "ocr" / "00" / f"{'0' * 64}.{signature.CACHE_KIND}"
    assert kept.is_file()
    kept.write_text(signature.to_cache([signature.Fix(("x",), "Kept Name")]), encoding="utf-8")
    # a second read of the page comes from the cache, not from Tesseract
    assert [f.text for f in engine.signature_fixes(upright, settings)] == ["Kept Name"]
