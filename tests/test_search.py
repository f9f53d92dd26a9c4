"""Search finds what a clerk types, on the corpus, on both engines: with or without diacritics,
numbers and symbols as printed, exact spelling first, and hostile input that never reaches SQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from tracker_fixtures import ENGINES, TEXT_DOCS, corpus_record, fresh_store_url

from congvan.tracker import open_store
from congvan.tracker.api import ObligationFilter, ObligationStatus
from congvan.tracker.base import SqlStore
from congvan.tracker.postgres import PostgresStore
from congvan.tracker.search_text import exact_tokens, fts5_match, parse_query, snippet, tsquery_text


@pytest.fixture(scope="module", params=ENGINES)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlStore]:
    """The text corpus ingested once per engine; tests that change statuses use their own store."""
    with fresh_store_url(request.param, tmp_path_factory.mktemp("search")) as url, open_store(url) as s:
        for name in TEXT_DOCS:
            s.ingest(corpus_record(name), name)
        yield s


def obligation_texts(store: SqlStore, query: str, **flt: object) -> list[str]:
    hits = store.search(query, ObligationFilter(**flt)) if flt else store.search(query)  # type: ignore[arg-type]
    by_id = {o.id: o.text for o in store.obligations(ObligationFilter(limit=1000, **flt))}  # type: ignore[arg-type]
    return [by_id[h.id] for h in hits if h.kind == "obligation" and h.id in by_id]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("tong hop ket qua", "Tổng hợp kết quả sau 03 năm", id="000-no-marks"),
        pytest.param("Tổng hợp kết quả", "Tổng hợp kết quả sau 03 năm", id="000-marks"),
        pytest.param("de xuat kien nghi", "Đề xuất, kiến nghị để nâng cao", id="000-d-and-two-marks"),
        pytest.param("kho khan vuong mac", "Những khó khăn, vướng mắc", id="000-kho-khan"),
        pytest.param("TUYEN TRUYEN", "Tiếp tục nâng cao nhận thức", id="001-upper-case"),
        pytest.param("tap huan giao vien", "Để thực hiện việc kiểm tra, đánh giá", id="039-tap-huan"),
        pytest.param("danh gia", "Đối với các môn học đánh giá", id="039-danh-gia"),
        pytest.param("Đánh giá", "Đối với các môn học đánh giá", id="039-danh-gia-marks"),
        pytest.param("gương điển hình", "Chủ động lựa chọn các gương", id="003-marks"),
    ],
)
def test_finds_obligations_with_and_without_diacritics(store: SqlStore, query: str, expected: str) -> None:
    texts = obligation_texts(store, query)
    assert any(t.startswith(expected) for t in texts), texts


@pytest.mark.parametrize(
    ("query", "number"),
    [
        pytest.param("4515/VKSTC-T5", "4515/VKSTC-T5", id="000-full-number"),
        pytest.param("4515", "4515/VKSTC-T5", id="000-number-only"),
        pytest.param("vkstc-t5", "4515/VKSTC-T5", id="000-symbol-lower"),
        pytest.param("7991/BGDĐT-GDTrH", "7991/BGDĐT-GDTrH", id="039-number-with-d"),
        pytest.param("7991/BGDDT-GDTRH", "7991/BGDĐT-GDTrH", id="039-number-typed-d"),
        pytest.param("927/VKSTC-V16", "927/VKSTC-V16", id="003-number"),
    ],
)
def test_numbers_and_symbols_as_typed(store: SqlStore, query: str, number: str) -> None:
    hits = store.search(query)
    docs = [h for h in hits if h.kind == "document"]
    assert docs and docs[0].title.startswith(number)
    assert "[[" in docs[0].snippet


def test_other_number_is_not_found(store: SqlStore) -> None:
    assert store.search("4516/VKSTC-T5") == []


@pytest.mark.parametrize(
    ("typed", "other"),
    [
        pytest.param("tố", "tổ", id="to-tung-before-to-cong-tac"),
        pytest.param("tổ", "tố", id="to-cong-tac-before-to-tung"),
    ],
)
def test_exact_diacritics_rank_first(store: SqlStore, typed: str, other: str) -> None:
    """'tố' (tố tụng, nhân tố, 002/003) and 'tổ' (Tổ tuyên truyền, 001) fold alike: both are found
    whichever is typed, and the spelling typed comes first."""
    texts = obligation_texts(store, typed)
    has = [typed in exact_tokens(t) for t in texts]
    assert True in has and False in has
    assert has == sorted(has, reverse=True), has
    assert any(other in exact_tokens(t) for t in texts)


def test_whole_phrase_ranks_before_scattered_words(store: SqlStore) -> None:
    hits = store.search("bao cao so ket")
    assert hits[0].kind == "document" and "[[báo cáo sơ kết]]" in hits[0].snippet


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SqlStore, PostgresStore]]:
    """The text corpus in a SQLite and a PostgreSQL store, ingested in the same order (same ids)."""
    tmp = tmp_path_factory.mktemp("parity")
    with (
        fresh_store_url("sqlite", tmp) as lite_url,
        fresh_store_url("postgresql", tmp) as pg_url,
        open_store(lite_url) as lite,
        open_store(pg_url) as pg,
    ):
        assert isinstance(pg, PostgresStore)
        for name in TEXT_DOCS:
            lite.ingest(corpus_record(name), name)
            pg.ingest(corpus_record(name), name)
        yield lite, pg


PARITY_QUERIES = [
    "tong hop ket qua",
    "Tổng hợp kết quả",
    "tuyen truyen",
    "thông tin tuyên truyền",
    "tố",
    "tổ",
    "bao cao so ket",
    "4515/VKSTC-T5",
    "7991/BGDĐT-GDTrH",
    "vien kiem sat",
    "các",
    "danh gia",
]
PARITY_FILTERS = [
    pytest.param(ObligationFilter(), id="no-filter"),
    pytest.param(ObligationFilter(assignee="vien kiem sat"), id="assignee"),
    pytest.param(ObligationFilter(status=ObligationStatus.OPEN), id="status"),
    pytest.param(ObligationFilter(issuer="vien kiem sat"), id="issuer"),
    pytest.param(ObligationFilter(document_type="ke_hoach"), id="doc-type"),
    pytest.param(ObligationFilter(limit=3, offset=2), id="page-2"),
]


@pytest.mark.parametrize("flt", PARITY_FILTERS)
def test_engines_return_the_same_hits(both: tuple[SqlStore, PostgresStore], flt: ObligationFilter) -> None:
    """Same rows, same ranking, same rank value, whichever engine holds the tracker."""
    lite, pg = both
    for query in PARITY_QUERIES:
        expected = lite.search(query, flt)
        assert pg.search(query, flt) == expected, query
    assert any(lite.search(q, flt) for q in PARITY_QUERIES)


def rid(kind: str, row_id: int) -> int:
    """SQLite's search rowid, whose order both engines take for "newest"."""
    return 2 * row_id + (kind == "document")


@pytest.mark.parametrize("flt", PARITY_FILTERS[:4])
@pytest.mark.parametrize("cap", [1, 3])
@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_search_ranks_only_the_newest_matches(
    both: tuple[SqlStore, PostgresStore], flt: ObligationFilter, cap: int, engine: str
) -> None:
    """With a cap of N, each engine ranks the newest N matches of each kind (2N over both kinds
    when nothing is filtered): the hits are the uncapped ranking with the older matches left out."""
    store = both[0] if engine == "sqlite" else both[1]
    wide = replace(flt, limit=1000, offset=0)
    capped_any = False
    for query in PARITY_QUERIES:
        everything = store.search(query, wide)
        keys = sorted((rid(h.kind, h.id) for h in everything), reverse=True)
        if flt == ObligationFilter():
            newest = set(keys[: 2 * cap])
        else:
            newest = set([k for k in keys if k % 2 == 0][:cap] + [k for k in keys if k % 2 == 1][:cap])
        capped = store.search(query, wide, candidates=cap)
        assert capped == [h for h in everything if rid(h.kind, h.id) in newest], query
        capped_any |= len(capped) < len(everything)
    assert capped_any


def test_filters_apply_to_search(store_url: str) -> None:
    with open_store(store_url) as store:
        for name in TEXT_DOCS:
            store.ingest(corpus_record(name), name)
        check_filters(store)


def check_filters(store: SqlStore) -> None:
    all_hits = store.search("thong tin tuyen truyen")
    assert {h.kind for h in all_hits} >= {"obligation"}
    only_001 = obligation_texts(store, "thong tin tuyen truyen", assignee="vien kiem sat nhan dan hai cap")
    assert only_001 and all(t for t in only_001)
    doc_001 = [d for d in store.documents() if d.issuer == "Viện kiểm sát nhân dân tỉnh Tây Ninh"][0]
    assert {
        h.document_id for h in store.search("thong tin tuyen truyen", ObligationFilter(assignee="hai cap"))
    } == {doc_001.id}
    oid = store.search("tong hop ket qua")[0].id
    store.set_status(oid, ObligationStatus.DONE, "a")
    open_hits = store.search("tong hop ket qua", ObligationFilter(status=ObligationStatus.OPEN))
    assert oid not in {h.id for h in open_hits}
    assert oid in {
        h.id for h in store.search("tong hop ket qua", ObligationFilter(status=ObligationStatus.DONE))
    }
    assert [h.kind for h in store.search("bao cao", ObligationFilter(document_type="ke_hoach"))].count(
        "document"
    ) <= 1


HOSTILE = [
    '"',
    "'",
    '""',
    'bao"cao',
    "*",
    "bao*",
    "NEAR",
    "NEAR(bao cao, 2)",
    "(",
    ")",
    "((bao",
    "cao))",
    "'; DROP TABLE documents; --",
    "1' OR '1'='1",
    "-",
    "-bao",
    "bao -cao",
    ":",
    "folded:bao",
    "exact : x",
    "AND",
    "OR NOT",
    "bao AND OR cao",
    "^bao",
    "{folded exact}: bao",
    "\\",
    "%",
    "_",
    "\x00",
    "🙂",
    "   ",
    "& | ! <-> :*",
    "bao:* & !cao",
    "a" * 5000,
    " ".join(["bao"] * 300),
]


@pytest.mark.parametrize("query", HOSTILE, ids=[f"hostile-{i}" for i in range(len(HOSTILE))])
def test_hostile_input_never_raises_or_reaches_sql(store: SqlStore, query: str) -> None:
    hits = store.search(query)
    assert isinstance(hits, list)
    store.search(query, ObligationFilter(assignee=query, issuer=query))
    assert len(store.documents()) == len(TEXT_DOCS)  # nothing dropped


def test_keywords_are_plain_words(store: SqlStore) -> None:
    assert store.search("NEAR") == store.search("near")


def test_query_building_is_escaped() -> None:
    q = parse_query('báo "cáo" NEAR(x) 4515/VKSTC-T5 -- *')
    assert q.folded == (("bao",), ("cao",), ("near", "x"), ("4515", "vkstc", "t5"))
    assert fts5_match(q).count('"') % 2 == 0
    assert tsquery_text(q.folded) == "(bao) & (cao) & (near <-> x) & (4515 <-> vkstc <-> t5)"
    assert parse_query("'; -- * ( ) :").empty


def test_snippet_marks_the_match_in_the_original() -> None:
    text = "Đề nghị các đơn vị xây dựng báo cáo sơ kết 3 năm thực hiện Quyết định số 596 và gửi về Vụ 15."
    assert "[[báo cáo sơ kết]]" in snippet(text, parse_query("bao cao so ket"))
    assert "[[đơn vị]]" in snippet(text, parse_query("DON VI"))
