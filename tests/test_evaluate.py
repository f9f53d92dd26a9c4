"""The scorer: each counting rule on hand-made predictions derived from a real gold record."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from congvan.evaluation import evaluate as ev

GOLD_DIR = Path(__file__).resolve().parents[1] / "corpus" / "gold"
SEED = "000_e566c0ecd86c5a3b"  # công văn 4515/VKSTC-T5: 8 recipients, 4 tasks, 2 references, 1 e-mail


@pytest.fixture
def gold() -> dict[str, Any]:
    return json.loads((GOLD_DIR / f"{SEED}.json").read_text(encoding="utf-8"))


def one(gold: dict[str, Any], pred: dict[str, Any], field: str, mode: str = "strict") -> tuple[int, int, int]:
    counts = ev.score([("doc", gold, pred)]).totals[mode].get(field, ev.Counts())
    return counts.tp, counts.fp, counts.fn


# ---------------------------------------------------------------- scalar semantics

@pytest.mark.parametrize(
    ("gold_value", "pred_value", "expected"),
    [
        pytest.param("Hà Nội", "Hà Nội", (1, 0, 0), id="equal-tp"),
        pytest.param("Hà Nội", "Hải Phòng", (0, 1, 1), id="different-fp-fn"),
        pytest.param("Hà Nội", None, (0, 0, 1), id="pred-null-fn"),
        pytest.param(None, "Hà Nội", (0, 1, 0), id="gold-null-fp"),
        pytest.param(None, None, (0, 0, 0), id="both-null-nothing"),
        pytest.param("Hà Nội", "  ", (0, 0, 1), id="blank-pred-is-null"),
    ],
)
def test_scalar_semantics(gold: dict[str, Any], gold_value: str | None, pred_value: str | None,
                          expected: tuple[int, int, int]) -> None:
    gold["issued_place"] = gold_value
    pred = copy.deepcopy(gold)
    pred["issued_place"] = pred_value
    assert one(gold, pred, "issued_place") == expected


def test_both_null_counts_as_right_for_whole_header(gold: dict[str, Any]) -> None:
    assert gold["urgency"] is None and gold["secrecy"] is None
    report = ev.score([("doc", gold, copy.deepcopy(gold))])
    assert report.header_accuracy("strict") == (1, 1)
    assert report.totals["strict"]["urgency"].tp == 0


def test_one_wrong_header_field_fails_whole_header(gold: dict[str, Any]) -> None:
    pred = copy.deepcopy(gold)
    pred["urgency"] = "khan"  # invented urgency: an FP on a gold null
    report = ev.score([("doc", gold, pred)])
    assert report.header_accuracy("strict") == (0, 1)
    assert report.header_accuracy("soft") == (0, 1)


# ---------------------------------------------------------------- strict, soft and folded

@pytest.mark.parametrize(
    ("field", "pred_value", "strict_ok", "soft_ok", "folded_ok"),
    [
        pytest.param("issuer", "ban chỉ đạo công tác  tuyên truyền\nngành KSND", True, True, True,
                     id="case-space-strict"),
        pytest.param("issuer", "BAN CHỈ ĐẠO CÔNG TÁC TUYÊN TRUYỀN NGÀNH KSND;", False, True, False,
                     id="punct-soft-only"),
        pytest.param("issuer", "BAN CHI DAO CONG TAC TUYEN TRUYEN NGANH KSND", False, False, True,
                     id="diacritics-folded-only"),
        pytest.param("issuer", "Ban chỉ dạo công tác tuyên truyền ngành KSND", False, False, True,
                     id="d-for-dj-folded-only"),
        pytest.param("issuer", "BAN CHI DAO CONG TAC TUYEN TRUYEN NGANH KSND.", False, False, False,
                     id="folded-keeps-punctuation"),
        pytest.param("issuer", "BAN CHỈ ĐẠO CÔNG TÁC TUYÊN TRUYỀN NGÀNH VKS", False, False, False,
                     id="other-words-fail-all"),
        pytest.param("number", "4515 /VKSTC-T5", True, True, True, id="number-spaces"),
        pytest.param("number", "4515/VKSTC.T5", False, True, False, id="number-punct-soft"),
        pytest.param("number", "4515/VKSTC-T6", False, False, False, id="number-wrong"),
        pytest.param("subject", "V/v xây dựng báo cáo sơ kết 3 năm thực hiện Quyết định số 596 của "
                     "Viện trưởng VKSND tối cao", True, True, True, id="subject-vv-ignored"),
        pytest.param("subject", "Về việc xây dựng báo cáo sơ kết 3 năm thực hiện Quyết định số 596 của "
                     "Viện trưởng VKSND tối cao.", False, True, False, id="subject-ve-viec-and-stop"),
        pytest.param("subject", "V/v xay dung bao cao so ket 3 nam thuc hien Quyet dinh so 596 cua "
                     "Vien truong VKSND toi cao", False, False, True, id="subject-folded"),
        pytest.param("issued_date", "2021-11-9", False, False, False, id="date-exact"),
        pytest.param("signer.authority", "KT.", False, True, False, id="authority-dot"),
        pytest.param("signer.name", "Nguyen Quang Dung", False, False, True, id="signer-folded"),
    ],
)
def test_strict_soft_and_folded(gold: dict[str, Any], field: str, pred_value: str,
                                strict_ok: bool, soft_ok: bool, folded_ok: bool) -> None:
    if field == "signer.authority":
        gold["signer"]["authority"] = "KT"
    pred = copy.deepcopy(gold)
    if field.startswith("signer."):
        pred["signer"][field.split(".")[1]] = pred_value
    else:
        pred[field] = pred_value
    assert one(gold, pred, field, "strict") == ((1, 0, 0) if strict_ok else (0, 1, 1))
    assert one(gold, pred, field, "soft") == ((1, 0, 0) if soft_ok else (0, 1, 1))
    assert one(gold, pred, field, "folded") == ((1, 0, 0) if folded_ok else (0, 1, 1))


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        pytest.param("Đà Nẵng", "da nang", id="dj-and-marks"),
        pytest.param("BGDĐT", "bgddt", id="symbol"),
        pytest.param("CỤC THUẾ TỈNH", "cuc thue tinh", id="upper"),
        pytest.param("Thủ tướng Chính phủ", "thu tuong chinh phu", id="horn-and-hook"),
        pytest.param("Hòa  Bình, tỉnh", "hoa  binh, tinh", id="spacing-and-punctuation-kept"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert ev.fold(text) == folded


def test_fold_decomposed_input() -> None:
    """A DOCX that stores text decomposed (NFD, as t02.docx's issuer line) folds like composed text."""
    import unicodedata

    assert ev.fold(unicodedata.normalize("NFD", "ỦY BAN NHÂN DÂN")) == "uy ban nhan dan"


def test_folded_list_fields(gold: dict[str, Any]) -> None:
    """Recipients and assignees read without marks are right when folded, wrong when strict."""
    pred = copy.deepcopy(gold)
    for recipient in pred["recipients"]:
        recipient["name"] = ev.fold(recipient["name"])
    pred["tasks"][0]["assignees"] = [ev.fold(a) for a in pred["tasks"][0]["assignees"]]
    assert one(gold, pred, "recipients", "strict")[0] < 8
    assert one(gold, pred, "recipients", "folded") == (8, 0, 0)
    assert one(gold, pred, "tasks.assignees", "folded") == one(gold, gold, "tasks.assignees", "strict")


def test_mismatch_lists_gold_and_pred_with_soft_flag(gold: dict[str, Any]) -> None:
    pred = copy.deepcopy(gold)
    pred["issued_place"] = "Hà Nội."
    report = ev.score([("doc", gold, pred)])
    [doc] = report.documents
    assert doc.mismatches == [ev.Mismatch("issued_place", "Hà Nội", "Hà Nội.", soft_ok=True)]
    assert 'issued_place: gold "Hà Nội" | pred "Hà Nội." (soft ok)' in report.mismatches_text()


def test_mismatch_says_what_only_the_marks_lost(gold: dict[str, Any]) -> None:
    pred = copy.deepcopy(gold)
    pred["issued_place"] = "Ha Noi"
    report = ev.score([("doc", gold, pred)])
    [doc] = report.documents
    assert doc.mismatches == [ev.Mismatch("issued_place", "Hà Nội", "Ha Noi", soft_ok=False, folded_ok=True)]
    assert 'pred "Ha Noi" (folded ok)' in report.mismatches_text()
    assert report.header_accuracy("strict") == (0, 1)
    assert report.header_accuracy("folded") == (1, 1)


# ---------------------------------------------------------------- _skip

def test_skip_leaves_field_unscored(gold: dict[str, Any]) -> None:
    gold["_skip"] = ["number"]
    pred = copy.deepcopy(gold)
    pred["number"] = "4HHH"
    report = ev.score([("doc", gold, pred)])
    assert "number" not in report.totals["strict"]
    assert report.header_accuracy("strict") == (1, 1)


def test_skip_parent_skips_children(gold: dict[str, Any]) -> None:
    gold["_skip"] = ["signer", "tasks"]
    report = ev.score([("doc", gold, {})])
    scored = set(report.totals["strict"])
    assert not {f for f in scored if f.startswith(("signer", "tasks"))}
    assert "number" in scored


# ---------------------------------------------------------------- list fields

def test_recipients_name_kind_and_purpose(gold: dict[str, Any]) -> None:
    pred = copy.deepcopy(gold)
    pred["recipients"][5]["purpose"] = None  # "Đ/c Viện trưởng VKSNDTC (để báo cáo)"
    pred["recipients"][0]["kind"] = "noi_nhan"
    assert one(gold, pred, "recipients") == (7, 1, 1)
    assert one(gold, pred, "recipients.purpose") == (6, 2, 2)


def test_emails_are_a_set_compared_without_case(gold: dict[str, Any]) -> None:
    pred = copy.deepcopy(gold)
    pred["emails"] = ["VP_T5@vks.gov.vn", "vp_t5@vks.gov.vn", "other@vks.gov.vn"]
    assert one(gold, pred, "emails") == (1, 1, 0)


def test_references_by_number(gold: dict[str, Any]) -> None:
    pred = copy.deepcopy(gold)
    pred["references"] = [{"kind": "other", "number": "01/KH-VKSTC", "date": None, "text": "KH 01"}]
    assert one(gold, pred, "references") == (1, 0, 1)


def test_events_by_start(gold: dict[str, Any]) -> None:
    gold["events"] = [{"title": "Hội nghị", "start": "2024-11-09T08:00:00"}]
    pred = copy.deepcopy(gold)
    pred["events"] = [{"title": "Họp", "start": "2024-11-09T08:00"}]
    # the same ISO time written without its seconds (gold writers do): one time, strictly
    assert one(gold, pred, "events", "strict") == (1, 0, 0)
    pred["events"] = [{"title": "Họp", "start": "2024-11-09T08:00:30"}]
    assert one(gold, pred, "events", "strict") == (0, 1, 1)
    assert one(gold, pred, "events", "soft") == (1, 0, 0)  # soft: to the minute


# ---------------------------------------------------------------- tasks

def test_token_overlap_is_over_the_larger_set() -> None:
    a = ev.task_tokens("Tổng hợp kết quả, tự đánh giá.")
    b = ev.task_tokens("tổng hợp kết quả")
    assert a == {"tổng", "hợp", "kết", "quả", "tự", "đánh", "giá"}
    assert ev.token_overlap(a, b) == pytest.approx(4 / 7)


def test_tasks_match_one_to_one(gold: dict[str, Any]) -> None:
    pred = copy.deepcopy(gold)
    # the first task twice: only one copy can match it
    pred["tasks"] = [copy.deepcopy(gold["tasks"][0]), copy.deepcopy(gold["tasks"][0])]
    assert one(gold, pred, "tasks") == (1, 1, 3)


def test_task_below_half_overlap_does_not_match(gold: dict[str, Any]) -> None:
    pred = copy.deepcopy(gold)
    # 4 of the 20 tokens of the first task:
    # "Tổng hợp kết quả sau 03 năm thực hiện Quyết định 596, tự đánh giá những ưu điểm, hạn chế."
    pred["tasks"] = [{"text": "Tổng hợp kết quả", "assignees": ["VKSND các cấp"], "deadline": None}]
    assert one(gold, pred, "tasks") == (0, 1, 4)


def test_task_at_half_overlap_matches() -> None:
    gold = {"tasks": [{"text": "a b c d", "assignees": [], "deadline": None}]}
    pred = {"tasks": [{"text": "a b x y", "assignees": [], "deadline": None}]}
    assert ev.match_tasks(gold["tasks"], pred["tasks"]) == [(0, 0)]


def test_greedy_prefers_the_best_overlap() -> None:
    gold_tasks = [{"text": "a b c d"}, {"text": "a b c e"}]
    pred_tasks = [{"text": "a b c e"}, {"text": "a b c d"}]
    assert ev.match_tasks(gold_tasks, pred_tasks) == [(0, 1), (1, 0)]


def test_folded_mode_pairs_a_task_printed_without_marks(gold: dict[str, Any]) -> None:
    # another tool's OCR lost every mark: the same directive, none of its words spelt alike
    pred = copy.deepcopy(gold)
    text = "Tong hop ket qua sau 03 nam thuc hien Quyet dinh 596, tu danh gia nhung uu diem, han che."
    pred["tasks"] = [{"text": text, "assignees": ["VKSND cac cap"], "deadline": None}]
    assert one(gold, pred, "tasks") == (0, 1, len(gold["tasks"]))
    assert one(gold, pred, "tasks", "folded") == (1, 0, len(gold["tasks"]) - 1)
    assert one(gold, pred, "tasks.assignees", "folded")[0] == 1


def test_assignees_and_deadlines_on_matched_tasks(gold: dict[str, Any]) -> None:
    pred = copy.deepcopy(gold)
    pred["tasks"] = copy.deepcopy(gold["tasks"][:2])
    pred["tasks"][0]["assignees"] = ["VKSND các cấp", "Báo Bảo vệ pháp luật"]
    pred["tasks"][1]["deadline"] = {"date": "2021-11-30", "text": "trước 30/11/2021", "recurrence": None}
    assert one(gold, pred, "tasks") == (2, 0, 2)
    assert one(gold, pred, "tasks.assignees") == (2, 1, 0)
    assert one(gold, pred, "tasks.deadline") == (1, 1, 1)
    # all deadlines as a multiset: gold has 2021-11-20 four times
    assert one(gold, pred, "tasks.deadline.all") == (1, 1, 3)


# ---------------------------------------------------------------- report, kinds, loading

@pytest.mark.parametrize(
    ("origin", "kind"),
    [
        pytest.param("plain_text", "text", id="text"),
        pytest.param("text_layer", "text-layer PDF", id="pdf"),
        pytest.param("docx", "DOCX", id="docx"),
        pytest.param("ocr", "scan (OCR)", id="ocr"),
    ],
)
def test_breakdown_by_input_kind(gold: dict[str, Any], origin: str, kind: str) -> None:
    pred = copy.deepcopy(gold)
    pred["source"] = {"text_origin": origin}
    report = ev.score([("doc", gold, pred), ("missing", gold, {})])
    assert report.kinds() == [kind, ev.NO_PREDICTION]
    assert report.by_kind[kind]["strict"]["number"].tp == 1
    assert report.header_accuracy("strict", kind) == (1, 1)
    assert report.header_accuracy("strict") == (1, 2)


def test_renderings_carry_every_scored_field(gold: dict[str, Any]) -> None:
    pred = copy.deepcopy(gold)
    pred["source"] = {"text_origin": "ocr"}
    report = ev.score([("doc", gold, pred)])
    table, markdown, data = report.to_table(), report.to_markdown(), report.to_json()
    for field in ev.FIELDS:
        assert f"\n{field} " in table
        assert f"| {field} |" in markdown
    assert data["fields"]["strict"]["recipients"] == {
        "tp": 8, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert data["fields"]["folded"]["recipients"] == data["fields"]["strict"]["recipients"]
    assert table.splitlines()[0].split() == ["|", "strict", "|", "soft", "|", "folded"]
    assert "folded F1" in markdown.splitlines()[0]
    assert "folded 1/1 (1.00)" in table and "by half" not in table  # no halves given
    assert data["by_kind"]["scan (OCR)"]["documents"] == 1
    json.dumps(data)  # serialisable as it is


def test_load_pairs_missing_and_orphan_predictions(tmp_path: Path, gold: dict[str, Any]) -> None:
    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    for stem in ("a", "b"):
        (gold_dir / f"{stem}.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (pred_dir / "a.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (pred_dir / "c.json").write_text("{}", encoding="utf-8")
    pairs = ev.load_pairs(gold_dir, pred_dir)
    assert [p[0] for p in pairs] == ["a", "b"]
    assert pairs[1][2] == {}
    report = ev.score(pairs)
    assert report.totals["strict"]["number"].tp == 1 and report.totals["strict"]["number"].fn == 1
    assert "c: prediction without gold, ignored" in report.notes
    assert "b: no prediction, scored as all missed" in report.notes
    assert "note: b: no prediction" in report.to_table()


@pytest.mark.parametrize(
    ("counts", "f1"),
    [
        pytest.param(ev.Counts(tp=3, fp=1, fn=2), 2 * 3 / (2 * 3 + 1 + 2), id="harmonic-mean"),
        pytest.param(ev.Counts(fn=2), 0.0, id="nothing-found-is-zero"),
        pytest.param(ev.Counts(fp=2), 0.0, id="all-wrong-is-zero"),
        pytest.param(ev.Counts(), None, id="nothing-to-score"),
    ],
)
def test_f1(counts: ev.Counts, f1: float | None) -> None:
    assert counts.f1 == (pytest.approx(f1) if f1 is not None else None)
    if counts.precision is not None and counts.recall is not None and counts.precision + counts.recall:
        p, r = counts.precision, counts.recall
        assert counts.f1 == pytest.approx(2 * p * r / (p + r))


def test_same_directive_at_another_extent_matches() -> None:
    """Seed 001: gold cut the item at a clause, the extractor kept the whole first sentence."""
    from congvan.evaluation.evaluate import match_tasks

    gold = [{"text": "Thông tin, tuyên truyền kịp thời chủ trương của Đảng, chính sách, pháp luật của Nhà nước"}]
    pred = [{"text": "Thông tin, tuyên truyền kịp thời chủ trương của Đảng, chính sách, pháp luật của Nhà nước "
                     "về xây dựng Nhà nước pháp quyền; đặc biệt là các nội dung liên quan đến tổ chức và hoạt "
                     "động của Viện kiểm sát nhân dân trong các văn kiện của Đảng, của Quốc hội"}]
    assert match_tasks(gold, pred) == [(0, 0)]


def test_a_different_directive_with_the_same_opening_does_not_match() -> None:
    from congvan.evaluation.evaluate import match_tasks

    gold = [{"text": "Giao Sở Tài chính chủ trì tổng hợp dự toán ngân sách năm 2025"}]
    pred = [{"text": "Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng kiểm tra chất lượng công trình giao thông"}]
    assert match_tasks(gold, pred) == []


# ---------------------------------------------------------------- halves

MANIFEST = Path(__file__).resolve().parents[1] / "corpus" / "MANIFEST.tsv"


def test_read_halves_from_the_corpus_manifest() -> None:
    halves = ev.read_halves(MANIFEST)
    assert halves["000_e566c0ecd86c5a3b-pdf"] == "first" and halves["039"] == "first"
    assert halves["t04"] == "tuning" and halves["p02"] == "sealed"
    gold_stems = {p.stem for p in GOLD_DIR.glob("*.json")}
    assert gold_stems <= set(halves)
    assert sorted(set(halves.values())) == ["first", "sealed", "tuning"]


def test_read_halves_without_the_column(tmp_path: Path) -> None:
    manifest = tmp_path / "MANIFEST.tsv"
    manifest.write_text("file\trepo\n039.txt\tx/y\n", encoding="utf-8")
    assert ev.read_halves(manifest) == {}
    assert ev.read_halves(tmp_path / "missing.tsv") == {}


def halves_report(gold: dict[str, Any]) -> ev.Report:
    right = copy.deepcopy(gold)
    unmarked = copy.deepcopy(gold)
    unmarked["issuer"] = ev.fold(gold["issuer"]).upper()
    pairs = [("a", gold, right), ("t", gold, unmarked), ("s", gold, {}), ("x", gold, right)]
    return ev.score(pairs, {"a": "first", "t": "tuning", "s": "sealed"})


def test_each_half_scored_apart(gold: dict[str, Any]) -> None:
    report = halves_report(gold)
    assert list(report.halves) == ["first", "tuning", "sealed", ev.UNLISTED]
    assert report.totals["strict"]["number"].tp == 3 and report.totals["strict"]["number"].fn == 1
    assert report.halves["first"].totals["strict"]["issuer"].tp == 1
    tuning = report.halves["tuning"]
    assert (tuning.totals["strict"]["issuer"].fp, tuning.totals["folded"]["issuer"].tp) == (1, 1)
    assert tuning.header_accuracy("strict") == (0, 1) and tuning.header_accuracy("folded") == (1, 1)
    assert report.halves["sealed"].totals["strict"]["number"].fn == 1
    assert [d.half for d in report.documents] == ["first", "tuning", "sealed", ev.UNLISTED]


def test_halves_in_every_rendering(gold: dict[str, Any]) -> None:
    report = halves_report(gold)
    table, markdown, data = report.to_table(), report.to_markdown(), report.to_json()
    assert "by half (F1 strict/soft/folded" in table
    by_half = table.split("by half (")[1].splitlines()
    assert re.split(r"\s{2,}", by_half[1])[:4] == ["field", "first corpus (1 docs)", "tuning (1 docs)",
                                                   "sealed (1 docs)"]
    issuer_row = next(line for line in by_half if line.startswith("issuer "))
    assert issuer_row.split()[1:4] == ["1.00/1.00/1.00", "0.00/0.00/1.00", "0.00/0.00/0.00"]
    for half in ("first corpus", "tuning", "sealed"):
        assert f"half: {half} (1 documents)" in table
        assert f"Half: {half} (1 documents)" in markdown
    assert data["by_half"]["tuning"]["header_accuracy"]["folded"] == {"correct": 1, "total": 1}
    assert data["by_half"]["sealed"]["documents"] == 1
    json.dumps(data)


def test_only_half_keeps_the_notes(gold: dict[str, Any]) -> None:
    pairs = ev.PairList([("a", gold, gold), ("t", gold, gold)], ["c: prediction without gold, ignored"])
    kept = ev.only_half(pairs, {"a": "first", "t": "tuning"}, "tuning")
    assert [p[0] for p in kept] == ["t"] and kept.notes == pairs.notes
    report = ev.score(kept, {"a": "first", "t": "tuning"})
    assert list(report.halves) == ["tuning"] and "by half" not in report.to_table()


def test_sealed_mismatches_not_listed_unless_asked(gold: dict[str, Any]) -> None:
    report = halves_report(gold)
    listed = report.mismatches_text(hidden_halves=("sealed",))
    assert "t [unknown; tuning]" in listed and "s [" not in listed
    assert "1 documents of the sealed half with mismatches not listed" in listed
    assert "s [no prediction; sealed]" in report.mismatches_text()
