"""A scan's evidence on its page image: the fields of 030.jpg (a photographed dispatch) are placed
from Tesseract's word boxes when its page is in the OCR cache, and the page falls back to marked
text, without running OCR, when the cache misses."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from congvan.pipeline.document import Word
from congvan.tracker import open_store, open_tracker
from congvan.web.app import WebConfig, create_app
from congvan.web.evidence import locate_on_page, recognised_lines
from congvan.web.users import Role, add_user
from tests.browser.web_corpus import READER, add_scan


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, int, Path]:
    root = tmp_path_factory.mktemp("scan")
    url = f"sqlite:///{root / 'tracker.db'}"
    doc_id = add_scan(url, root / "ocr-cache")  # one page of real OCR when the cache is cold
    store = open_store(url)
    try:
        add_user(store, *READER, Role.READER)
    finally:
        store.close()
    return url, doc_id, root / "ocr-cache"


def evidence(url: str, doc_id: int, ocr_cache: Path | None) -> dict:
    client = TestClient(create_app(WebConfig(tracker=open_tracker(url), ocr_cache=ocr_cache)))
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"csrf_token": token, "username": READER[0], "password": READER[1]})
    return client.get(f"/documents/{doc_id}?format=json").json()["evidence"]


@pytest.mark.slow
@pytest.mark.ocr
def test_scan_fields_are_boxed_from_the_ocr_cache(scan: tuple[str, int, Path]) -> None:
    url, doc_id, cache = scan
    ev = evidence(url, doc_id, cache)
    marks = {m["key"]: m for m in ev["marks"]}
    assert ev["kind"] == "scan" and ev["note"] is None
    assert sum(1 for m in ev["marks"] if m["boxes"]) >= 0.9 * len(ev["marks"])
    # Header columns: the number under the issuer on the left, the place-date under the motto on the right.
    number, date = marks["number"]["boxes"][0], marks["issued_date"]["boxes"][0]
    assert number["left"] < 0.35 and number["top"] < 0.2, number
    assert date["left"] > 0.45 and date["top"] < 0.2, date
    assert number["top"] == pytest.approx(date["top"], abs=0.03)  # one printed line
    # A task's first box is below the header.
    assert all(m["boxes"][0]["top"] > 0.3 for k, m in marks.items() if k.startswith("task-"))


@pytest.mark.slow
@pytest.mark.ocr
def test_cache_miss_shows_marked_text_without_ocr(scan: tuple[str, int, Path], tmp_path: Path) -> None:
    url, doc_id, _ = scan
    ev = evidence(url, doc_id, tmp_path / "empty-cache")
    assert ev["kind"] == "scan" and "OCR" in ev["note"]
    assert not any(m["boxes"] for m in ev["marks"])
    assert not (tmp_path / "empty-cache").exists()  # nothing was recognised for this request


@pytest.mark.slow
@pytest.mark.ocr
def test_text_that_reads_differently_now_is_not_placed(scan: tuple[str, int, Path], tmp_path: Path) -> None:
    """A record taken from other text (an older OCR repair) keeps its spans, which would land on
    the wrong words: the page lists the fields without boxes and says why."""
    import shutil

    import apsw

    url, doc_id, cache = scan
    copy = tmp_path / "tracker.db"
    shutil.copy(url.removeprefix("sqlite:///"), copy)
    db = apsw.Connection(str(copy))
    db.execute(
        "UPDATE documents SET record = json_set(record, '$.source.text_sha256', ?) WHERE id = ?",
        ("0" * 64, doc_id),
    )
    db.close()
    ev = evidence(f"sqlite:///{copy}", doc_id, cache)
    assert ev["kind"] == "scan" and "khác" in ev["note"]
    assert ev["marks"] and not any(m["boxes"] for m in ev["marks"])
    assert evidence(url, doc_id, cache)["note"] is None  # the record as extracted is still placed


def w(text: str, x0: float, top: float, x1: float, bottom: float) -> Word:
    return Word(text, x0, top, x1, bottom)


# 004.pdf's page is skewed: geometric grouping merged its body lines into one; Tesseract's order
# keeps them apart. The words below are the tail of one line and the head of the next, as read.
SKEWED = [
    w("chính", 1500, 980, 1640, 1030), w("trị", 1655, 984, 1720, 1034),
    w("cao", 300, 1010, 390, 1052), w("nhất;", 405, 1008, 530, 1052), w("để", 545, 1006, 600, 1050),
]


def test_ocr_lines_follow_tesseract_order() -> None:
    assert [[x.text for x in ln] for ln in recognised_lines(SKEWED)] == [["chính", "trị"], ["cao", "nhất;", "để"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the record's text carries the handwritten number the OCR stage patched in ("2#" as read)
        pytest.param("Số: 05 /CT-UBND", ["2#", "/CT-UBND"], id="patched-number-001"),
        pytest.param("ngày 15 tháng 4 năm 2020", ["ngày", "Z", "tháng", "4", "năm", "2020"], id="patched-day-001"),
    ],
)
def test_repaired_text_is_found_fuzzily(text: str, expected: list[str]) -> None:
    words = [
        w("Số:", 100, 300, 160, 330), w("2#", 175, 300, 210, 330), w("/CT-UBND", 215, 300, 380, 330),
        w("Quảng", 700, 300, 800, 330), w("Ngãi,", 810, 300, 900, 330), w("ngày", 910, 300, 990, 330),
        w("Z", 1000, 300, 1020, 330), w("tháng", 1030, 300, 1120, 330), w("4", 1130, 300, 1150, 330),
        w("năm", 1160, 300, 1230, 330), w("2020", 1240, 300, 1320, 330),
    ]
    start = text.index(" ") + 1 if text.startswith("Số") else 0
    found = locate_on_page(words, text, start, len(text), recognised=True)
    assert [x.text for x in found[0]] == expected


@pytest.mark.slow
@pytest.mark.ocr
def test_a_running_server_shows_the_record_as_stored_now(scan: tuple[str, int, Path], tmp_path: Path) -> None:
    """One server, one scan, viewed before and after its record changes (as `congvan nightly
    --reextract` would change it): the marks follow the stored record on every view, while the
    scan's text read again is kept (its OCR cache can be gone by the second view)."""
    import shutil

    import apsw

    url, doc_id, cache = scan
    db_file, cache_copy = tmp_path / "tracker.db", tmp_path / "ocr-cache"
    shutil.copy(url.removeprefix("sqlite:///"), db_file)
    shutil.copytree(cache, cache_copy)
    client = TestClient(create_app(WebConfig(tracker=open_tracker(f"sqlite:///{db_file}"), ocr_cache=cache_copy)))
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"csrf_token": token, "username": READER[0], "password": READER[1]})

    def view() -> dict:
        return client.get(f"/documents/{doc_id}?format=json").json()["evidence"]

    def update(path: str, value: str) -> None:
        db = apsw.Connection(str(db_file))
        db.execute(f"UPDATE documents SET record = json_set(record, '{path}', json(?)) WHERE id = ?", (value, doc_id))
        db.close()

    first = view()
    assert any(m["key"].startswith("task-") and m["boxes"] for m in first["marks"])
    update("$.tasks", "[]")
    shutil.rmtree(cache_copy)
    second = view()
    assert second["note"] is None and not any(m["key"].startswith("task-") for m in second["marks"])
    assert {m["key"]: m["boxes"] for m in second["marks"]} == {
        m["key"]: m["boxes"] for m in first["marks"] if not m["key"].startswith("task-")
    }
    update("$.source.text_sha256", '"' + "0" * 64 + '"')  # taken from other text: read again
    third = view()
    assert third["marks"] and not any(m["boxes"] for m in third["marks"])
