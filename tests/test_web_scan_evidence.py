"""Evidence drawn from the stored record alone: the fields of a scan (030.jpg, a photographed
dispatch) and of a text PDF (003.pdf) keep their marks on the document page when the original file
and the OCR cache are gone, over a blank frame of the page's shape."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.schemas.record import Record
from congvan.tracker import open_store, open_tracker
from congvan.web.app import WebConfig, create_app
from congvan.web.evidence import NO_ORIGINAL, OLD_RECORD
from congvan.web.users import Role, add_user
from tests.browser.web_corpus import READER

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "docs"
# <rect class="hl hl-field" data-mark="number" x="105.7" y="84.4" width="322.2" height="24.4">
RECT = re.compile(
    r'<rect class="hl hl-\w+" data-mark="(?P<key>[\w-]+)" x="(?P<x>[\d.]+)" y="(?P<y>[\d.]+)" '
    r'width="(?P<w>[\d.]+)" height="(?P<h>[\d.]+)"'
)


@dataclass(frozen=True)
class Gone:
    url: str
    scan: int  # 030.jpg
    pdf: int  # 003.pdf
    records: dict[str, Record]
    root: Path


def ingest(url: str, record: Record, path: Path) -> int:
    store = open_store(url)
    try:
        return store.ingest(record, str(path)).document_id
    finally:
        store.close()


@pytest.fixture(scope="module")
def gone(tmp_path_factory: pytest.TempPathFactory) -> Gone:
    """Both documents read (one page of real OCR: the cache starts empty) and stored, then their
    files and the OCR cache deleted."""
    root = tmp_path_factory.mktemp("gone")
    inbox, cache = root / "inbox", root / "ocr-cache"
    inbox.mkdir()
    url = f"sqlite:///{root / 'tracker.db'}"
    ids: dict[str, int] = {}
    records: dict[str, Record] = {}
    for name in ("030.jpg", "003.pdf"):
        path = inbox / name
        shutil.copy(CORPUS / name, path)
        result = process(DocumentInput(path), Settings(ocr=OcrMode.AUTO, cache_dir=cache, ocr_jobs=1))
        assert result.record is not None, result.reason
        records[name] = result.record
        ids[name] = ingest(url, result.record, path)
        path.unlink()
    assert cache.is_dir()
    shutil.rmtree(cache)
    store = open_store(url)
    try:
        add_user(store, *READER, Role.READER)
    finally:
        store.close()
    return Gone(url, ids["030.jpg"], ids["003.pdf"], records, root)


def signed_in(url: str) -> TestClient:
    client = TestClient(create_app(WebConfig(tracker=open_tracker(url), ocr_cache=None)))
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"csrf_token": token, "username": READER[0], "password": READER[1]})
    return client


def rects(html: str) -> dict[str, list[tuple[float, float, float, float]]]:
    out: dict[str, list[tuple[float, float, float, float]]] = {}
    for m in RECT.finditer(html):
        out.setdefault(m["key"], []).append((float(m["x"]), float(m["y"]), float(m["w"]), float(m["h"])))
    return out


@pytest.mark.slow
@pytest.mark.ocr
def test_scan_marks_are_drawn_without_the_original_or_the_ocr_cache(gone: Gone) -> None:
    client = signed_in(gone.url)
    data = client.get(f"/documents/{gone.scan}?format=json").json()
    ev = data["evidence"]
    assert ev["kind"] == "scan" and not data["original_available"] and ev["note"] == NO_ORIGINAL
    marks = {m["key"]: m for m in ev["marks"]}
    assert sum(1 for m in ev["marks"] if m["boxes"]) >= 0.9 * len(ev["marks"])
    # Header columns: the number under the issuer on the left, the place-date under the motto on the right.
    number, date = marks["number"]["boxes"][0], marks["issued_date"]["boxes"][0]
    assert number["page"] == 1 and number["left"] < 0.35 and number["top"] < 0.2, number
    assert date["left"] > 0.45 and date["top"] < 0.2, date
    assert number["top"] == pytest.approx(date["top"], abs=0.03)  # one printed line
    assert all(m["boxes"][0]["top"] > 0.3 for k, m in marks.items() if k.startswith("task-"))
    assert ev["frames"] == [{"number": 1, "aspect": 0.6}]  # 576 × 960 pixels

    html = client.get(f"/documents/{gone.scan}").text
    drawn = rects(html)
    x, y, _, _ = drawn["number"][0]
    assert x < 350 and y < 200  # of 1000 × 1000: the header's left column
    assert len(drawn) == sum(1 for m in ev["marks"] if m["boxes"])
    assert 'class="page-blank" viewBox="0 0 1000 1666.7"' in html
    assert f"/documents/{gone.scan}/pages/1.png" not in html
    assert "Không tìm thấy tệp gốc" in html
    assert client.get(f"/documents/{gone.scan}/pages/1.png").status_code == 404


@pytest.mark.slow
@pytest.mark.ocr
def test_text_pdf_marks_are_drawn_without_the_original(gone: Gone) -> None:
    client = signed_in(gone.url)
    data = client.get(f"/documents/{gone.pdf}?format=json").json()
    ev = data["evidence"]
    assert ev["kind"] == "pdf_layer" and not data["original_available"]
    marks = {m["key"]: m for m in ev["marks"]}
    number = marks["number"]["boxes"]
    assert len(number) == 1 and number[0]["page"] == 1
    assert number[0]["left"] + number[0]["width"] < 0.5 and number[0]["top"] < 0.25  # "Số: 542/TB-UBND"
    assert marks["signer"]["page"] == 2 and all(b["page"] == 2 for b in marks["signer"]["boxes"])
    assert all(m["boxes"] for k, m in marks.items() if k.startswith("task-"))
    html = client.get(f"/documents/{gone.pdf}").text
    assert html.count('class="page-blank" viewBox="0 0 1000 1414.4"') == 2  # two A4 pages
    x, y, w, _ = rects(html)["number"][0]
    assert x + w < 500 and y < 250


@pytest.mark.slow
@pytest.mark.ocr
def test_a_record_from_before_boxes_says_to_extract_again(gone: Gone) -> None:
    data = gone.records["003.pdf"].model_dump(mode="json")
    for span in data["evidence"].values():
        span.pop("boxes")
    for item in (*data["tasks"], *data["events"], *data["references"]):
        if item["evidence"]:
            item["evidence"].pop("boxes")
    data["source"].pop("page_sizes")
    url = f"sqlite:///{gone.root / 'old.db'}"
    doc_id = ingest(url, Record.model_validate(data), gone.root / "inbox" / "003.pdf")
    store = open_store(url)
    try:
        add_user(store, *READER, Role.READER)
    finally:
        store.close()
    ev = signed_in(url).get(f"/documents/{doc_id}?format=json").json()["evidence"]
    assert ev["note"] == OLD_RECORD and ev["marks"] and not any(m["boxes"] for m in ev["marks"])
    assert [f["number"] for f in ev["frames"]] == [1, 2]  # A4 frames, the record holds no size


@pytest.mark.slow
@pytest.mark.ocr
def test_the_page_shows_the_record_as_stored_now(gone: Gone, tmp_path: Path) -> None:
    """A record changed in the tracker (as `congvan nightly --reextract` would change it): the
    marks follow the stored record on every view of one running server."""
    import apsw

    db_file = tmp_path / "tracker.db"
    shutil.copy(gone.url.removeprefix("sqlite:///"), db_file)
    client = signed_in(f"sqlite:///{db_file}")

    def view() -> dict:
        return client.get(f"/documents/{gone.scan}?format=json").json()["evidence"]

    first = view()
    assert any(m["key"].startswith("task-") and m["boxes"] for m in first["marks"])
    db = apsw.Connection(str(db_file))
    db.execute("UPDATE documents SET record = json_set(record, '$.tasks', json('[]')) WHERE id = ?", (gone.scan,))
    db.close()
    second = view()
    assert not any(m["key"].startswith("task-") for m in second["marks"])
    assert {m["key"]: m["boxes"] for m in second["marks"]} == {
        m["key"]: m["boxes"] for m in first["marks"] if not m["key"].startswith("task-")
    }
