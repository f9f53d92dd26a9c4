"""Per-field scoring of predicted records against gold records, GROBID style.

Each field gets TP/FP/FN, precision, recall and F1 in two modes:

- ``strict``: the output contract's comparison: case-insensitive, whitespace collapsed,
  ``number`` without spaces, dates exactly;
- ``soft``: also ignores spacing and punctuation entirely (diacritics are kept: "Hà Nội"
  and "Ha Noi" are different places to a reader).

In both modes a leading "V/v" or "Về việc" of ``subject`` is ignored (gold-guide rule:
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
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from congvan.schemas.fields import Compare, scored

Record = Mapping[str, Any]
Pair = tuple[str, Record, Record]

MODES = ("strict", "soft")
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


def _number(value: object) -> str:
    return SPACES.sub("", _nfc(value)).lower()


def _subject(value: object) -> str:
    return SUBJECT_LEAD.sub("", _nfc(value))


def _event_start(value: object, mode: str) -> str:
    text = SPACES.sub("", _nfc(value))
    # soft: to the minute, so "08:00" and "08:00:00" agree
    return text[:16] if mode == "soft" else text


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
        return _soft_text(key) if mode == "soft" else key
    key = _soft_text(value) if mode == "soft" else _strict_text(value)
    return key or None


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
    """One disagreement in strict mode; ``soft_ok`` tells whether soft mode accepted it."""

    field: str
    gold: object
    pred: object
    soft_ok: bool = False


@dataclass
class DocScore:
    doc_id: str
    kind: str
    counts: dict[str, dict[str, Counts]]  # mode → field → counts
    header_ok: dict[str, bool]  # mode → every header scalar right
    mismatches: list[Mismatch]
    skipped: tuple[str, ...] = ()


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
                pred: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs (gold index, pred index) by decreasing similarity ≥ 0.5."""
    candidates = sorted(
        ((task_similarity(g.get("text"), p.get("text")), gi, pi)
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
    if name == "emails":
        emails = record.get("emails")
        if not isinstance(emails, list):
            return []
        return list(dict.fromkeys(normalise("email", e, mode) for e in emails))
    if name == "references":
        references = _items(record, "references")
        return list(dict.fromkeys(normalise("number", r.get("number"), mode) for r in references))
    if name == "events":
        starts = [e.get("start") for e in _items(record, "events")]
        return [_event_start(start, mode) if start else None for start in starts]
    if name == "tasks.deadline.all":
        return [normalise(name, _deadline(t), mode) for t in _items(record, "tasks")]
    raise KeyError(name)


def score_document(doc_id: str, gold: Record, pred: Record) -> DocScore:
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
            soft = results["soft"]
            mismatches.append(Mismatch(name, gold_value, pred_value, soft_ok=not (soft.fp or soft.fn)))

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
    return DocScore(doc_id, input_kind(pred), counts, header_ok, mismatches, skip)


def _score_tasks(gold: Record, pred: Record, skip: Sequence[str],
                 counts: dict[str, dict[str, Counts]], mismatches: list[Mismatch]) -> None:
    gold_tasks, pred_tasks = _items(gold, "tasks"), _items(pred, "tasks")
    pairs = match_tasks(gold_tasks, pred_tasks)
    task_counts = Counts(tp=len(pairs), fp=len(pred_tasks) - len(pairs), fn=len(gold_tasks) - len(pairs))
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    missed = [gold_tasks[i].get("text") for i in range(len(gold_tasks)) if i not in matched_gold]
    spurious = [pred_tasks[i].get("text") for i in range(len(pred_tasks)) if i not in matched_pred]
    if missed or spurious:
        mismatches.append(Mismatch("tasks", missed, spurious))
    for m in MODES:
        counts[m]["tasks"] = Counts(task_counts.tp, task_counts.fp, task_counts.fn)
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


@dataclass
class Report:
    """Scores over a set of documents, with per-kind breakdown and per-document mismatches."""

    fields: tuple[str, ...]
    totals: dict[str, dict[str, Counts]]  # mode → field → counts
    by_kind: dict[str, dict[str, dict[str, Counts]]]  # kind → mode → field → counts
    documents: list[DocScore]
    notes: list[str] = field(default_factory=list)

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
            s, f = self.totals["strict"].get(name), self.totals["soft"].get(name)
            if s is None or f is None:
                continue
            rows.append([name, str(s.tp), str(s.fp), str(s.fn), _fmt(s.precision), _fmt(s.recall), _fmt(s.f1),
                         str(f.tp), str(f.fp), str(f.fn), _fmt(f.precision), _fmt(f.recall), _fmt(f.f1)])
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

    def _accuracy_line(self) -> str:
        (cs, n), (cf, _) = self.header_accuracy("strict"), self.header_accuracy("soft")
        share = (lambda c: f"{c / n:.2f}" if n else "-")  # noqa: E731
        return (f"whole-header accuracy: strict {cs}/{n} ({share(cs)}), soft {cf}/{n} ({share(cf)}) "
                f"over {n} documents")

    def to_table(self) -> str:
        head = ["field", "TP", "FP", "FN", "P", "R", "F1", "TP", "FP", "FN", "P", "R", "F1"]
        rows = self._rows()
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

        def line(cells: list[str]) -> str:
            left = cells[0].ljust(widths[0])
            strict = " ".join(c.rjust(w) for c, w in zip(cells[1:7], widths[1:7], strict=True))
            soft = " ".join(c.rjust(w) for c, w in zip(cells[7:], widths[7:], strict=True))
            return f"{left} | {strict} | {soft}"

        strict_w = sum(widths[1:7]) + 5
        out = [f"{'':{widths[0]}} | {'strict'.center(strict_w)} | {'soft'.center(strict_w)}", line(head)]
        out.append("-" * len(out[-1]))
        out += [line(r) for r in rows]
        out += ["", self._accuracy_line()]
        kind_head, kind_rows = self._kind_rows()
        if kind_rows:
            kw = [max(len(r[i]) for r in [kind_head, *kind_rows]) for i in range(len(kind_head))]
            out += ["", "by input kind (F1 strict/soft; last row: documents with the whole header right)"]
            out.append("  ".join(c.ljust(w) for c, w in zip(kind_head, kw, strict=True)))
            out += ["  ".join(c.ljust(w) for c, w in zip(r, kw, strict=True)) for r in kind_rows]
        out += [f"note: {n}" for n in self.notes]
        return "\n".join(out) + "\n"

    def to_markdown(self) -> str:
        head = ["field", "TP", "FP", "FN", "P", "R", "F1",
                "soft TP", "soft FP", "soft FN", "soft P", "soft R", "soft F1"]
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(r) + " |" for r in self._rows()]
        out += ["", self._accuracy_line() + "."]
        kind_head, kind_rows = self._kind_rows()
        out += ["", "| " + " | ".join(kind_head) + " |", "|" + "---|" * len(kind_head)]
        out += ["| " + " | ".join(r) + " |" for r in kind_rows]
        if self.notes:
            out += [""] + [f"- {n}" for n in self.notes]
        return "\n".join(out) + "\n"

    def to_json(self) -> dict[str, Any]:
        def table(counts: dict[str, Counts]) -> dict[str, Any]:
            return {name: counts[name].to_json() for name in self.fields if name in counts}

        return {
            "documents": len(self.documents),
            "fields": {m: table(self.totals[m]) for m in MODES},
            "header_accuracy": {m: dict(zip(("correct", "total"), self.header_accuracy(m), strict=True))
                                for m in MODES},
            "by_kind": {k: {"documents": self.header_accuracy("strict", k)[1],
                            "fields": {m: table(self.by_kind[k][m]) for m in MODES},
                            "header_accuracy": {m: dict(zip(("correct", "total"), self.header_accuracy(m, k),
                                                            strict=True)) for m in MODES}}
                        for k in self.kinds()},
            "mismatches": {d.doc_id: [{"field": x.field, "gold": x.gold, "pred": x.pred, "soft_ok": x.soft_ok}
                                      for x in d.mismatches] for d in self.documents if d.mismatches},
            "notes": list(self.notes),
        }

    def mismatches_text(self) -> str:
        out = []
        for d in self.documents:
            if not d.mismatches:
                continue
            out.append(f"{d.doc_id} [{d.kind}]")
            for x in d.mismatches:
                if isinstance(x.gold, list) and isinstance(x.pred, list):
                    for value in x.gold:
                        out.append(f"  {x.field}: missed  {_show(value)}")
                    for value in x.pred:
                        out.append(f"  {x.field}: extra   {_show(value)}")
                else:
                    soft = " (soft ok)" if x.soft_ok else ""
                    out.append(f"  {x.field}: gold {_show(x.gold)} | pred {_show(x.pred)}{soft}")
        return "\n".join(out) + ("\n" if out else "")


def _show(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class PairList(list[Pair]):
    """The pairs to score, with notes about files that could not be paired."""

    def __init__(self, pairs: Iterable[Pair] = (), notes: Iterable[str] = ()) -> None:
        super().__init__(pairs)
        self.notes = list(notes)


def score(pairs: Sequence[Pair]) -> Report:
    """Score (doc id, gold, predicted) triples; an empty predicted record counts as all missed."""
    documents = [score_document(doc_id, gold, pred) for doc_id, gold, pred in pairs]
    totals: dict[str, dict[str, Counts]] = {m: {} for m in MODES}
    by_kind: dict[str, dict[str, dict[str, Counts]]] = {}
    for doc in documents:
        kind_counts = by_kind.setdefault(doc.kind, {m: {} for m in MODES})
        for m in MODES:
            for name, counts in doc.counts[m].items():
                totals[m].setdefault(name, Counts()).add(counts)
                kind_counts[m].setdefault(name, Counts()).add(counts)
    notes = list(getattr(pairs, "notes", []))
    notes += [f"{d.doc_id}: no prediction, scored as all missed"
              for d in documents if d.kind == NO_PREDICTION]
    return Report(FIELDS, totals, by_kind, documents, notes)


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
