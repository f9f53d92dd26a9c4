"""Per-field scoring of predicted records against gold records, GROBID style.

Each field gets TP/FP/FN, precision, recall and F1 in three modes:

- ``strict``: the output contract's comparison: case-insensitive, whitespace collapsed,
  ``number`` without spaces, dates exactly;
- ``soft``: also ignores spacing and punctuation entirely (diacritics are kept: "Hà Nội"
  and "Ha Noi" are different places to a reader);
- ``folded``: strict after removing the diacritics ("đ" → "d" too), so strict and folded side by
  side show what is lost only to the marks ("CUC THUE" for "CỤC THUẾ", "BGDDT" for "BGDĐT");
  punctuation still counts, as in strict.

In every mode a leading "V/v" or "Về việc" of ``subject`` is ignored (gold-guide rule:
gold may keep it, an extractor may drop it).

Scalar semantics, per document: gold set and prediction equal → TP; both set but different
→ FP + FN; gold set, prediction null → FN; gold null, prediction set → FP; both null → no
count (a correct negative, which still counts for whole-header accuracy). Fields listed in
a gold record's ``_skip`` (or whose parent is, e.g. ``signer`` skips ``signer.name``) are not
scored for that document.

List fields are scored as multisets of normalised keys: ``recipients`` by (name, kind),
``recipients.purpose`` by (name, kind, purpose), ``emails``, ``references`` by number,
``events`` by start. ``tasks`` are matched one-to-one, greedily by decreasing word-token
overlap |A∩B| / max(|A|, |B|) ≥ 0.5, or as the same directive at another extent (the gold guide
allows "one to three sentences", and gold cuts some at a clause): the same first four words and
the shorter text (of eight words or more) at least 80 % inside the longer's; on matched pairs
``tasks.assignees`` compares the assignee multisets and ``tasks.deadline`` the deadline dates (scalar semantics);
``tasks.deadline.all`` compares the deadline dates of all tasks as a multiset.

A corpus's ``MANIFEST.tsv`` may give each document a ``half`` (``first``, ``tuning``, ``sealed``);
the report then also scores each half apart (``read_halves``, ``score(pairs, halves)``).
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import regex

from congvan.schemas.fields import Compare, scored

Record = Mapping[str, Any]
Pair = tuple[str, Record, Record]

MODES = ("strict", "soft", "folded")
# The scored columns, from the field table (schemas/fields.py): header fields, then the lists.
HEADER_FIELDS = tuple(s.key for s in scored(header=True))
LIST_FIELDS = tuple(s.key for s in scored(header=False))
MULTISET_FIELDS = tuple(s.key for s in scored(header=False) if s.compare is Compare.MULTISET)
FIELDS = HEADER_FIELDS + LIST_FIELDS
TASK_MATCH_MIN = 0.5

# text_origin of the predicted record → the input kind reported in the breakdown
KINDS = {"plain_text": "text", "text_layer": "text-layer PDF", "docx": "DOCX", "ocr": "scan (OCR)"}
UNKNOWN_KIND = "unknown"
NO_PREDICTION = "no prediction"

# the corpus's halves (MANIFEST.tsv `half` column) in report order, with the name a reader sees
HALVES = {"first": "first corpus", "tuning": "tuning", "sealed": "sealed"}
UNLISTED = "unlisted"  # a document the manifest does not name

# "V/v xây dựng báo cáo", "Về việc thụ lý giải quyết khiếu nại lần hai"
SUBJECT_LEAD = regex.compile(r"""^ \s* (?: v \s* / \s* v | về \s+ việc ) [\s.:,-]* """,
                             regex.VERBOSE | regex.IGNORECASE)
# runs of any Unicode whitespace: "Hà  Nội\n" → "Hà Nội"
SPACES = regex.compile(r"""\s+""", regex.VERBOSE)
# a word token for task overlap: "báo", "20", "vp_t5"
WORD = regex.compile(r"""[\p{L}\p{N}_]+""", regex.VERBOSE)


# ---------------------------------------------------------------- normalisation

def _nfc(value: object) -> str:
    return unicodedata.normalize("NFC", str(value))


def _strict_text(value: object) -> str:
    return SPACES.sub(" ", _nfc(value)).strip().lower()


def _soft_text(value: object) -> str:
    text = _nfc(value).lower()
    return "".join(ch for ch in text if not ch.isspace() and not unicodedata.category(ch).startswith("P"))


def fold(text: str) -> str:
    """Lower case without diacritics: "Đà Nẵng" → "da nang", "BGDĐT" → "bgddt"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _number(value: object) -> str:
    return SPACES.sub("", _nfc(value)).lower()


def _subject(value: object) -> str:
    return SUBJECT_LEAD.sub("", _nfc(value))


def _event_start(value: object, mode: str) -> str:
    text = SPACES.sub("", _nfc(value))
    if mode == "soft":
        return text[:16]  # to the minute
    # strict compares the ISO values: "2025-12-16T08:00" and "2025-12-16T08:00:00" are one time
    try:
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        return text


def normalise(field_name: str, value: object, mode: str) -> object:
    """The comparison key of one value, or None for a missing or empty value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    if field_name in ("issued_date",) or field_name.startswith("tasks.deadline"):
        return SPACES.sub("", _nfc(value))
    if field_name == "subject":
        value = _subject(value)
    if field_name == "number":
        key = _number(value)
        return _soft_text(key) if mode == "soft" else fold(key) if mode == "folded" else key
    key = _soft_text(value) if mode == "soft" else _strict_text(value)
    return (fold(key) if mode == "folded" else key) or None


def task_tokens(text: object) -> frozenset[str]:
    return frozenset(WORD.findall(_nfc(text or "").lower()))


def token_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


SAME_START_WORDS = 4
CONTAINED_MIN = 0.8
CLAUSE_MIN_WORDS = 8  # a shorter text must state something: "Tổng hợp kết quả" is a fragment


def same_directive(gold_text: object, pred_text: object) -> bool:
    """One text is the other at another extent: same opening words, shorter one inside the longer."""
    g = WORD.findall(_nfc(gold_text or "").lower())
    p = WORD.findall(_nfc(pred_text or "").lower())
    if len(g) < SAME_START_WORDS or len(p) < SAME_START_WORDS or g[:SAME_START_WORDS] != p[:SAME_START_WORDS]:
        return False
    a, b = frozenset(g), frozenset(p)
    if min(len(a), len(b)) < CLAUSE_MIN_WORDS:
        return False
    return len(a & b) / min(len(a), len(b)) >= CONTAINED_MIN


def task_similarity(gold_text: object, pred_text: object) -> float:
    """Overlap for ranking pairs; a same-directive pair counts as just matching (0.5) at least."""
    overlap = token_overlap(task_tokens(gold_text), task_tokens(pred_text))
    return max(overlap, TASK_MATCH_MIN) if same_directive(gold_text, pred_text) else overlap


# ---------------------------------------------------------------- counts

@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        # 2TP / (2TP + FP + FN): the harmonic mean of P and R, and 0 when nothing was found
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Mismatch:
    """One disagreement in strict mode; ``soft_ok`` / ``folded_ok``: whether that mode accepted it."""

    field: str
    gold: object
    pred: object
    soft_ok: bool = False
    folded_ok: bool = False


@dataclass
class DocScore:
    doc_id: str
    kind: str
    counts: dict[str, dict[str, Counts]]  # mode → field → counts
    header_ok: dict[str, bool]  # mode → every header scalar right
    mismatches: list[Mismatch]
    skipped: tuple[str, ...] = ()
    half: str | None = None  # the corpus half, when the corpus has halves


def _scalar(gold: object, pred: object) -> Counts:
    if gold is None:
        return Counts(fp=1) if pred is not None else Counts()
    if pred is None:
        return Counts(fn=1)
    return Counts(tp=1) if gold == pred else Counts(fp=1, fn=1)


def _multiset(gold: Iterable[object], pred: Iterable[object]) -> tuple[Counts, list[object], list[object]]:
    """Counts of two multisets of keys, plus the gold keys missed and the predicted keys not in gold."""
    g, p = Counter(k for k in gold if k is not None), Counter(k for k in pred if k is not None)
    both = g & p
    missed, spurious = g - both, p - both
    counts = Counts(tp=sum(both.values()), fp=sum(spurious.values()), fn=sum(missed.values()))
    return counts, sorted(missed.elements(), key=str), sorted(spurious.elements(), key=str)


# ---------------------------------------------------------------- record access

def _get(record: Record, path: str) -> object:
    node: object = record
    for part in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def _items(record: Record, key: str) -> list[Mapping[str, Any]]:
    value = record.get(key)
    return [x for x in value if isinstance(x, Mapping)] if isinstance(value, list) else []


def _deadline(task: Mapping[str, Any]) -> object:
    deadline = task.get("deadline")
    return deadline.get("date") if isinstance(deadline, Mapping) else None


def input_kind(pred: Record) -> str:
    if not pred:
        return NO_PREDICTION
    origin = _get(pred, "source.text_origin")
    return KINDS.get(str(origin), UNKNOWN_KIND)


def is_skipped(field_name: str, skip: Sequence[str]) -> bool:
    parts = field_name.split(".")
    return any(".".join(parts[:i]) in skip for i in range(1, len(parts) + 1))


def match_tasks(gold: Sequence[Mapping[str, Any]],
                pred: Sequence[Mapping[str, Any]], mode: str = "strict") -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, pred index) by decreasing similarity ≥ 0.5; in folded
    mode the words are compared without their marks, as every other folded field is."""
    def words(text: object) -> object:
        return fold(_nfc(text or "")) if mode == "folded" else text

    candidates = sorted(
        ((task_similarity(words(g.get("text")), words(p.get("text"))), gi, pi)
         for gi, g in enumerate(gold) for pi, p in enumerate(pred)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for overlap, gi, pi in candidates:
        if overlap < TASK_MATCH_MIN:
            break
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


# ---------------------------------------------------------------- one document

def _list_keys(name: str, record: Record, mode: str) -> list[object]:
    recipients = _items(record, "recipients")
    if name == "recipients":
        return [(normalise("recipient", r.get("name"), mode), r.get("kind")) for r in recipients]
    if name == "recipients.purpose":
        return [(normalise("recipient", r.get("name"), mode), r.get("kind"),
                 normalise("purpose", r.get("purpose"), mode)) for r in recipients]
    if name == "references":
        references = _items(record, "references")
        return list(dict.fromkeys(normalise("number", r.get("number"), mode) for r in references))
    if name == "events":
        starts = [e.get("start") for e in _items(record, "events")]
        return [_event_start(start, mode) if start else None for start in starts]
    if name == "tasks.deadline.all":
        return [normalise(name, _deadline(t), mode) for t in _items(record, "tasks")]
    # A list of plain values (emails, and any new field of that shape): each value once.
    # A list of objects needs a key of its own above.
    values = record.get(name)
    if not isinstance(values, list):
        return []
    if any(isinstance(v, Mapping) for v in values):
        raise KeyError(name)
    return list(dict.fromkeys(normalise(name, v, mode) for v in values))


def score_document(doc_id: str, gold: Record, pred: Record, half: str | None = None) -> DocScore:
    skip = tuple(str(s) for s in gold.get("_skip") or ())
    counts: dict[str, dict[str, Counts]] = {m: {} for m in MODES}
    header_ok = {m: True for m in MODES}
    mismatches: list[Mismatch] = []

    for name in HEADER_FIELDS:
        if is_skipped(name, skip):
            continue
        gold_value, pred_value = _get(gold, name), _get(pred, name)
        results = {m: _scalar(normalise(name, gold_value, m), normalise(name, pred_value, m)) for m in MODES}
        for m in MODES:
            counts[m][name] = results[m]
            header_ok[m] = header_ok[m] and not (results[m].fp or results[m].fn)
        if results["strict"].fp or results["strict"].fn:
            soft, folded = results["soft"], results["folded"]
            mismatches.append(Mismatch(name, gold_value, pred_value, soft_ok=not (soft.fp or soft.fn),
                                       folded_ok=not (folded.fp or folded.fn)))

    for name in MULTISET_FIELDS:
        if is_skipped(name, skip):
            continue
        for m in MODES:
            result, missed, spurious = _multiset(_list_keys(name, gold, m), _list_keys(name, pred, m))
            counts[m][name] = result
            if m == "strict" and (missed or spurious):
                mismatches.append(Mismatch(name, missed, spurious))

    if not is_skipped("tasks", skip):
        _score_tasks(gold, pred, skip, counts, mismatches)
    return DocScore(doc_id, input_kind(pred), counts, header_ok, mismatches, skip, half)


def _score_tasks(gold: Record, pred: Record, skip: Sequence[str],
                 counts: dict[str, dict[str, Counts]], mismatches: list[Mismatch]) -> None:
    gold_tasks, pred_tasks = _items(gold, "tasks"), _items(pred, "tasks")
    strict_pairs = match_tasks(gold_tasks, pred_tasks)
    matched_gold = {gi for gi, _ in strict_pairs}
    matched_pred = {pi for _, pi in strict_pairs}
    missed = [gold_tasks[i].get("text") for i in range(len(gold_tasks)) if i not in matched_gold]
    spurious = [pred_tasks[i].get("text") for i in range(len(pred_tasks)) if i not in matched_pred]
    if missed or spurious:
        mismatches.append(Mismatch("tasks", missed, spurious))
    for m in MODES:
        pairs = match_tasks(gold_tasks, pred_tasks, m) if m == "folded" else strict_pairs
        counts[m]["tasks"] = Counts(tp=len(pairs), fp=len(pred_tasks) - len(pairs), fn=len(gold_tasks) - len(pairs))
        assignees, deadlines = Counts(), Counts()
        for gi, pi in pairs:
            g, p = gold_tasks[gi], pred_tasks[pi]
            result, lost, extra = _multiset(
                [normalise("assignee", a, m) for a in g.get("assignees") or []],
                [normalise("assignee", a, m) for a in p.get("assignees") or []],
            )
            assignees.add(result)
            deadline = _scalar(normalise("tasks.deadline", _deadline(g), m),
                               normalise("tasks.deadline", _deadline(p), m))
            deadlines.add(deadline)
            if m == "strict":
                label = f"task {gi + 1}"
                if lost or extra:
                    mismatches.append(Mismatch(f"tasks.assignees ({label})", lost, extra))
                if deadline.fp or deadline.fn:
                    mismatches.append(Mismatch(f"tasks.deadline ({label})", _deadline(g), _deadline(p)))
        if not is_skipped("tasks.assignees", skip):
            counts[m]["tasks.assignees"] = assignees
        if not is_skipped("tasks.deadline", skip):
            counts[m]["tasks.deadline"] = deadlines


# ---------------------------------------------------------------- the report

def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _share(correct: int, total: int) -> str:
    return f"{correct / total:.2f}" if total else "-"


def _aligned(head: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [head, *rows]]


def _markdown(head: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + ["| " + " | ".join(r) + " |" for r in rows]


HALF_CAPTION = "F1 strict/soft/folded; last row: documents with the whole header right, strict · soft · folded"


def half_title(half: str) -> str:
    return HALVES.get(half, half)


@dataclass
class Report:
    """Scores over a set of documents, with per-kind and per-half breakdowns and per-document mismatches."""

    fields: tuple[str, ...]
    totals: dict[str, dict[str, Counts]]  # mode → field → counts
    by_kind: dict[str, dict[str, dict[str, Counts]]]  # kind → mode → field → counts
    documents: list[DocScore]
    notes: list[str] = field(default_factory=list)
    halves: dict[str, Report] = field(default_factory=dict)  # half → the report of its documents alone

    # -- aggregates
    def header_accuracy(self, mode: str, kind: str | None = None) -> tuple[int, int]:
        docs = [d for d in self.documents if kind is None or d.kind == kind]
        return sum(d.header_ok[mode] for d in docs), len(docs)

    def kinds(self) -> list[str]:
        known = [k for k in KINDS.values() if k in self.by_kind]
        return known + sorted(k for k in self.by_kind if k not in known)

    # -- renderings
    def _rows(self) -> list[list[str]]:
        rows = []
        for name in self.fields:
            counts = [self.totals[m].get(name) for m in MODES]
            row = [name]
            for c in counts:
                if c is None:
                    break
                row += [str(c.tp), str(c.fp), str(c.fn), _fmt(c.precision), _fmt(c.recall), _fmt(c.f1)]
            else:
                rows.append(row)
        return rows

    def _kind_rows(self) -> tuple[list[str], list[list[str]]]:
        kinds = self.kinds()
        head = ["field"] + [f"{k} (strict/soft F1)" for k in kinds]
        rows = []
        for name in self.fields:
            cells = []
            for k in kinds:
                s, f = self.by_kind[k]["strict"].get(name), self.by_kind[k]["soft"].get(name)
                cells.append("-" if s is None or f is None else f"{_fmt(s.f1)}/{_fmt(f.f1)}")
            rows.append([name, *cells])
        acc = []
        for k in kinds:
            (cs, n), (cf, _) = self.header_accuracy("strict", k), self.header_accuracy("soft", k)
            acc.append(f"{cs}/{n} · {cf}/{n}")
        rows.append(["whole header (docs right)", *acc])
        return head, rows

    def _half_rows(self) -> tuple[list[str], list[list[str]]]:
        head = ["field"] + [f"{half_title(h)} ({len(r.documents)} docs)" for h, r in self.halves.items()]
        rows = []
        for name in self.fields:
            cells = []
            for report in self.halves.values():
                f1s = [_fmt(c.f1) for m in MODES if (c := report.totals[m].get(name)) is not None]
                cells.append("/".join(f1s) if len(f1s) == len(MODES) else "-")
            rows.append([name, *cells])
        acc = []
        for report in self.halves.values():
            n = len(report.documents)
            acc.append(" · ".join(f"{report.header_accuracy(m)[0]}/{n}" for m in MODES))
        rows.append(["whole header (docs right)", *acc])
        return head, rows

    def _accuracy_line(self) -> str:
        n = len(self.documents)
        parts = [f"{m} {c}/{n} ({_share(c, n)})" for m in MODES for c in [self.header_accuracy(m)[0]]]
        return f"whole-header accuracy: {', '.join(parts)} over {n} documents"

    def _field_table(self) -> list[str]:
        group = ["TP", "FP", "FN", "P", "R", "F1"]
        head = ["field"] + group * len(MODES)
        rows = self._rows()
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        size = len(group)

        def line(cells: list[str]) -> str:
            groups = [" ".join(c.rjust(w) for c, w in zip(cells[1 + i * size:1 + (i + 1) * size],
                                                           widths[1 + i * size:1 + (i + 1) * size], strict=True))
                      for i in range(len(MODES))]
            return " | ".join([cells[0].ljust(widths[0]), *groups])

        group_w = [sum(widths[1 + i * size:1 + (i + 1) * size]) + size - 1 for i in range(len(MODES))]
        titles = " | ".join(m.center(w) for m, w in zip(MODES, group_w, strict=True))
        out = [f"{'':{widths[0]}} | {titles}", line(head)]
        out.append("-" * len(out[-1]))
        return out + [line(r) for r in rows]

    def _markdown_fields(self) -> list[str]:
        group = ["TP", "FP", "FN", "P", "R", "F1"]
        head = ["field"] + [f"{m} {g}".removeprefix("strict ") for m in MODES for g in group]
        return _markdown(head, self._rows())

    def to_table(self) -> str:
        out = self._field_table() + ["", self._accuracy_line()]
        kind_head, kind_rows = self._kind_rows()
        if kind_rows:
            out += ["", "by input kind (F1 strict/soft; last row: documents with the whole header right)"]
            out += _aligned(kind_head, kind_rows)
        if len(self.halves) > 1:
            out += ["", f"by half ({HALF_CAPTION})"]
            out += _aligned(*self._half_rows())
            for half, report in self.halves.items():
                out += ["", f"half: {half_title(half)} ({len(report.documents)} documents)"]
                out += report._field_table() + ["", report._accuracy_line()]
        out += [f"note: {n}" for n in self.notes]
        return "\n".join(out) + "\n"

    def to_markdown(self) -> str:
        out = self._markdown_fields() + ["", self._accuracy_line() + "."]
        out += [""] + _markdown(*self._kind_rows())
        if len(self.halves) > 1:
            out += ["", f"By half ({HALF_CAPTION}):", ""]
            out += _markdown(*self._half_rows())
            for half, report in self.halves.items():
                out += ["", f"Half: {half_title(half)} ({len(report.documents)} documents)", ""]
                out += report._markdown_fields() + ["", report._accuracy_line() + "."]
        if self.notes:
            out += [""] + [f"- {n}" for n in self.notes]
        return "\n".join(out) + "\n"

    def _summary_json(self, kind: str | None = None) -> dict[str, Any]:
        def table(counts: dict[str, Counts]) -> dict[str, Any]:
            return {name: counts[name].to_json() for name in self.fields if name in counts}

        totals = self.totals if kind is None else self.by_kind[kind]
        return {"documents": self.header_accuracy("strict", kind)[1],
                "fields": {m: table(totals[m]) for m in MODES},
                "header_accuracy": {m: dict(zip(("correct", "total"), self.header_accuracy(m, kind), strict=True))
                                    for m in MODES}}

    def to_json(self) -> dict[str, Any]:
        data = self._summary_json()
        data |= {
            "by_kind": {k: self._summary_json(k) for k in self.kinds()},
            "by_half": {h: r._summary_json() for h, r in self.halves.items()},
            "mismatches": {d.doc_id: [{"field": x.field, "gold": x.gold, "pred": x.pred, "soft_ok": x.soft_ok,
                                       "folded_ok": x.folded_ok} for x in d.mismatches]
                           for d in self.documents if d.mismatches},
            "notes": list(self.notes),
        }
        return data

    def mismatches_text(self, hidden_halves: Collection[str] = ()) -> str:
        """Every mismatch, document by document; documents of ``hidden_halves`` only counted."""
        out = []
        hidden = 0
        for d in self.documents:
            if not d.mismatches:
                continue
            if d.half in hidden_halves:
                hidden += 1
                continue
            out.append(f"{d.doc_id} [{d.kind}{'' if d.half is None else f'; {d.half}'}]")
            for x in d.mismatches:
                if isinstance(x.gold, list) and isinstance(x.pred, list):
                    for value in x.gold:
                        out.append(f"  {x.field}: missed  {_show(value)}")
                    for value in x.pred:
                        out.append(f"  {x.field}: extra   {_show(value)}")
                else:
                    modes = [m for m, ok in (("soft", x.soft_ok), ("folded", x.folded_ok)) if ok]
                    accepted = f" ({', '.join(modes)} ok)" if modes else ""
                    out.append(f"  {x.field}: gold {_show(x.gold)} | pred {_show(x.pred)}{accepted}")
        if hidden:
            out.append(f"({hidden} documents of the {', '.join(sorted(hidden_halves))} half with mismatches "
                       "not listed: that half is reported, not tuned on)")
        return "\n".join(out) + ("\n" if out else "")


def _show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class PairList(list[Pair]):
    """The pairs to score, with notes about files that could not be paired."""

    def __init__(self, pairs: Iterable[Pair] = (), notes: Iterable[str] = ()) -> None:
        super().__init__(pairs)
        self.notes = list(notes)


def _aggregate(documents: list[DocScore], notes: list[str]) -> Report:
    totals: dict[str, dict[str, Counts]] = {m: {} for m in MODES}
    by_kind: dict[str, dict[str, dict[str, Counts]]] = {}
    for doc in documents:
        kind_counts = by_kind.setdefault(doc.kind, {m: {} for m in MODES})
        for m in MODES:
            for name, counts in doc.counts[m].items():
                totals[m].setdefault(name, Counts()).add(counts)
                kind_counts[m].setdefault(name, Counts()).add(counts)
    return Report(FIELDS, totals, by_kind, documents, notes)


def score(pairs: Sequence[Pair], halves: Mapping[str, str] | None = None) -> Report:
    """Score (doc id, gold, predicted) triples; an empty predicted record counts as all missed.

    With ``halves`` (doc id → half, see ``read_halves``) each half is also scored apart.
    """
    documents = [score_document(doc_id, gold, pred, None if halves is None else halves.get(doc_id, UNLISTED))
                 for doc_id, gold, pred in pairs]
    notes = list(getattr(pairs, "notes", []))
    notes += [f"{d.doc_id}: no prediction, scored as all missed"
              for d in documents if d.kind == NO_PREDICTION]
    report = _aggregate(documents, notes)
    if halves is not None:
        present = {d.half for d in documents if d.half is not None}
        order = [h for h in HALVES if h in present] + sorted(present - set(HALVES))
        report.halves = {h: _aggregate([d for d in documents if d.half == h], []) for h in order}
    return report


def read_halves(manifest: Path) -> dict[str, str]:
    """Document stem → half from a corpus MANIFEST.tsv with a ``half`` column; empty without one."""
    if not manifest.is_file():
        return {}
    with manifest.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return {Path(r["file"]).stem: r["half"] for r in rows if r.get("file") and r.get("half")}


def only_half(pairs: Sequence[Pair], halves: Mapping[str, str], half: str) -> PairList:
    """The pairs of one half (notes kept)."""
    return PairList((p for p in pairs if halves.get(p[0], UNLISTED) == half), getattr(pairs, "notes", []))


def load_pairs(gold_dir: Path, pred_dir: Path, *, loader: Callable[[Path], Record] | None = None) -> PairList:
    """Pair ``gold_dir/<stem>.json`` with ``pred_dir/<stem>.json``.

    A gold file without a prediction is paired with an empty record (all missed, noted);
    a prediction without gold is left out, with a note.
    """
    read = loader or (lambda p: json.loads(p.read_text(encoding="utf-8")))
    gold_files = {p.stem: p for p in sorted(Path(gold_dir).glob("*.json"))}
    pred_files = {p.stem: p for p in sorted(Path(pred_dir).glob("*.json"))}
    orphans = sorted(set(pred_files) - set(gold_files))
    notes = [f"{stem}: prediction without gold, ignored" for stem in orphans]
    pairs: list[Pair] = []
    for stem, path in gold_files.items():
        pred = read(pred_files[stem]) if stem in pred_files else {}
        pairs.append((stem, read(path), pred))
    return PairList(pairs, notes)
