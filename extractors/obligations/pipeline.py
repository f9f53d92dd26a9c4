"""The obligations pipeline: a spaCy `Language` with named rule components.

    congvan_paragraphs  → doc.spans["paragraphs"] (label = item marker kind), sentence starts
    body_names          → doc.spans["body_names"]  (SpacedPhrases, LOWER: names never split)
    body_heads          → doc.spans["body_heads"]  (SpacedPhrases, ORTH: words that open a body)
    congvan_deadlines   → doc.spans["deadlines"], span._.deadline
    congvan_directives  → doc._.tasks (one dict per directive, with assignees and deadline)

The input text is the "flat" dispatch text: one paragraph per line, same offsets as the
original (see segment.flatten). `spacy.blank("vi")` needs pyvi for word segmentation, and
without it splits on spaces only (leaving "trì," as one token), so the pipeline is built on
`spacy.blank("xx")`, whose tokenizer separates punctuation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any

import numpy
import regex
import spacy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from congvan.extractors.deadlines import binding, find_deadlines
from congvan.extractors.obligations import deadline_split, directives
from congvan.extractors.obligations.assignees import Ranges, defined_names, names_person
from congvan.extractors.obligations.genre import Genre
from congvan.extractors.obligations.segment import PAGE_NUMBER, resolve_markers
from congvan.extractors.obligations.units import (
    PERSON_PRONOUNS,
    head_words,
    is_category,
    is_honorific,
    name_parts,
    names_places,
    not_heads,
    with_capitals,
)
from congvan.extractors.obligations.vague import is_vague
from congvan.extractors.textutil import collapse, fold
from congvan.extractors.vocab import load_table

for _name, _default in (
    ("issued_date", None),
    ("body", None),
    ("document_type", None),
    ("genre", None),
    ("fallback", ()),
    ("tasks", None),
    ("printed", None),
    ("flat", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)
if not Span.has_extension("deadline"):
    Span.set_extension("deadline", default=None)


def _text(doc: Doc) -> str:
    """The doc's text: the one `run` was given, as Doc.text joins every token again on each call."""
    text: str | None = doc._.flat
    return doc.text if text is None else text


@Language.component("congvan_paragraphs", assigns=["doc.spans", "token.is_sent_start"])
def congvan_paragraphs(doc: Doc) -> Doc:
    """Each line of the flat text inside the body is a paragraph; its label is its marker kind."""
    text = _text(doc)
    start, end = doc._.body or (0, len(text))
    spans: list[Span] = []
    pos = start
    kept: list[tuple[int, int, str]] = []
    for line in text[start:end].split("\n"):
        line_start, line_end = pos, pos + len(line.rstrip())
        pos += len(line) + 1
        if not line.strip() or PAGE_NUMBER.match(line):
            continue
        kept.append((line_start, line_end, line))
    # markers are read in sequence: "HH. Các điều kiện …" is a heading only before a "1."
    kinds = resolve_markers([line for _, _, line in kept])
    for (line_start, line_end, line), (kind, _) in zip(kept, kinds, strict=True):
        span = doc.char_span(
            line_start + (len(line) - len(line.lstrip())), line_end, label=kind, alignment_mode="expand"
        )
        if span is not None and len(span):
            spans.append(span)
    # one array for the whole doc: Token.is_sent_start= scans every token of the doc on each call
    starts = doc.to_array([SENT_START])
    starts[[span.start for span in spans]] = 1
    doc.from_array([SENT_START], starts)
    doc.spans["paragraphs"] = spans
    return doc


@Language.component("congvan_deadlines", assigns=["doc.spans", "span._.deadline"])
def congvan_deadlines(doc: Doc) -> Doc:
    spans: list[Span] = []
    printed = doc._.printed
    for start, end, value in find_deadlines(_text(doc), doc._.issued_date):
        span = doc.char_span(start, end, label="DEADLINE", alignment_mode="expand")
        if span is not None:
            if printed is not None:
                value = {**value, "text": printed[start:end].strip(" ,;.")}
            span._.deadline = value
            spans.append(span)
    doc.spans["deadlines"] = spans
    return doc


def _names(flat: str, values: list[Any]) -> list[str]:
    out: list[str] = []
    for value in values:
        name = collapse(flat[value[0] : value[1]]) if isinstance(value, tuple) else str(value)
        if name and name not in out:
            out.append(name)
    return out


def _as_printed(flat: str, shown: str, values: list[Any]) -> Callable[[list[str]], list[str]]:
    """Names read in the view (`flat`) as the printed text spells them (`shown`, same offsets)."""
    spelled = {
        collapse(flat[v[0] : v[1]]): collapse(shown[v[0] : v[1]]) for v in values if isinstance(v, tuple)
    }
    return lambda names: list(dict.fromkeys(spelled.get(n, n) for n in names))


def _addressed(names: list[str], addressees: tuple[str, ...]) -> list[str]:
    """ "kính đề nghị Quý Trường thông báo …": the honorific stands for the addressee the document is
    sent to, so it is read as the Kính gửi names (as printed there); kept as printed without them,
    and kept as printed when it picks one of them out itself ("Đề nghị Quý khách hàng …" in a letter
    to "Ủy ban nhân dân Phường 1 …" and "Quý khách hàng sử dụng nước khu vực …")."""
    out: list[str] = []
    for name in names:
        picks_one = any(fold(a).startswith(fold(name) + " ") or fold(a) == fold(name) for a in addressees)
        persons = tuple(a for a in addressees if a.split()[0] in name.split("/")) if name in PERSON_PRONOUNS else ()
        if persons:
            values = persons  # "đề nghị Ông sửa đổi …" in a letter to "Ông Nguyễn Văn Bình": that person
        elif addressees and is_honorific(name) and not picks_one:
            values = addressees
        else:
            values = _kind_of(name, addressees)
        for value in values:
            if value not in out:
                out.append(value)
    return out


# A kind of body over "its units and places", folded: "cong an cac don vi, dia phuong".
KIND_OVER_UNITS = regex.compile(r"^(?P<kind>.+?) cac (?:don vi, dia phuong|don vi|dia phuong)$")


def _kind_of(name: str, addressees: tuple[str, ...]) -> tuple[str, ...]:
    """ "đề nghị Công an các đơn vị, địa phương …" in a letter to "Công an các huyện, thành phố, thị
    xã": a kind of body over "its units and places" stands for the addressees of that kind (class:
    a ministry's or a province's department writing to its local branches); `name` otherwise."""
    m = KIND_OVER_UNITS.match(fold(name))
    if m is None:
        return (name,)
    kind = m["kind"] + " "
    same = tuple(a for a in addressees if fold(a).startswith(kind))
    return same or (name,)


def _is_named(body: str) -> bool:
    """A co-operator that names a body ("Sở Tư pháp", "Nhà đầu tư"), not a category ("các cơ quan
    liên quan", "các ngân hàng thương mại", "UBND các huyện, thị xã, thành phố", "cán bộ, giáo viên"
    — a category by the unit-head vocabulary), or a person by name: only a named one is also an
    assignee (gold guide).
    "các" over places named one by one ("UBND các xã Tiền Phong, Đại Thịnh") names bodies.
    (The blind writers of sets 44–46 read a kind of body as named, "phối hợp với UBND các xã,
    phường"; the real gold never lists one: 007, 011, t20.)"""
    words = fold(body).split()
    if names_person(body):
        return True  # "phối hợp với Bà Trần Thị Mai – Kế toán": a person named is no category
    if is_vague(body) or is_category(body):
        return False
    # "UBND các xã Tiền Phong, Đại Thịnh": "các" over named places names those bodies
    return names_places(body) or ("cac" not in words and "nhung" not in words)


def _deadline_for(
    deadlines: list[deadline_split.Deadline], draft: directives.TaskDraft, header_deadlines: dict[int, dict[str, Any]]
) -> dict[str, Any] | None:
    inside = [value for at, _, value in deadlines if draft.start <= at < draft.scope_end]
    chosen = binding(inside)
    if chosen is not None:
        return dict(chosen)
    if draft.borrowed_deadline is not None:
        start, end = draft.borrowed_deadline
        borrowed = [value for at, _, value in deadlines if start <= at < end and value["date"]]
        if borrowed:
            return dict(borrowed[0])
    if draft.inherited_deadline_from is not None:
        inherited = header_deadlines.get(draft.inherited_deadline_from)
        return dict(inherited) if inherited else None
    return None


@Language.component(
    "congvan_directives",
    assigns=["doc._.tasks"],
    requires=["doc.spans"],
)
def congvan_directives(doc: Doc) -> Doc:
    if doc._.document_type in load_table("directive_verbs")["form_document_types"]:
        doc._.tasks = []  # a giấy giới thiệu's particulars and courtesy lay no duty
        return doc
    flat = _text(doc)
    found = list(doc.spans["paragraphs"])
    markers = resolve_markers([flat[s.start_char : s.end_char] for s in found])
    paras = [
        directives.Para(s.start_char, s.end_char, kind, s.start_char + content)
        for s, (kind, content) in zip(found, markers, strict=True)
    ]
    defined = defined_names(flat)
    protected = Ranges(
        [*((s.start_char, s.end_char) for s in doc.spans.get("body_names", [])), *defined],
        whole=defined_names(flat, exact=True),
    )
    found_heads = doc.spans.get("body_heads", [])
    not_heads = {s.start_char for s in found_heads if s.label_ == "NOT_HEAD"}  # "Hội nghị" is no "Hội"
    heads = frozenset(
        s.start_char for s in found_heads if s.label_ == "HEAD" and s.start_char not in not_heads
    ) | {start for start, _ in defined}
    inputs = directives.Inputs(
        flat, paras, protected, heads, doc._.document_type, tuple(doc._.fallback), doc._.genre or Genre.OTHER
    )
    drafts = directives.detect(inputs)
    # read once: each read of doc.spans makes its Span objects again, and every task asks
    deadlines = [(s.start_char, s.end_char, s._.deadline) for s in doc.spans["deadlines"]]
    # a header's own deadline ("… thực hiện các nội dung sau, trước ngày 30/6:") holds for its children
    header_deadlines: dict[int, dict[str, Any]] = {}
    for para in paras:
        if flat[para.start : para.end].rstrip().endswith(":"):
            own = [value for at, _, value in deadlines if para.start <= at < para.end]
            if own:
                header_deadlines[para.content_start] = own[0]
    # a mark-less text was read with its vocabulary's marks restored: values are taken as printed
    shown: str = doc._.printed or flat
    tasks = []
    for draft in drafts:
        as_printed = _as_printed(flat, shown, [*draft.assignees, *draft.supporting, *draft.lead])
        assignees = _addressed(_names(flat, draft.assignees), doc._.fallback)
        supporting = _names(flat, draft.supporting)
        task = {
            "text": " ".join(collapse(shown[s:e]) for s, e in (draft.parts or [(draft.start, draft.end)])),
            # the gold guide: a named co-operator is also an assignee, a vague one supporting only
            "assignees": as_printed(assignees + [n for n in supporting if n not in assignees and _is_named(n)]),
            "lead": as_printed(_names(flat, draft.lead)),
            "supporting": as_printed(supporting),
            "deadline": _deadline_for(deadlines, draft, header_deadlines),
            "evidence": {"start": draft.start, "end": draft.end},
        }
        own_end = flat.find("\n", draft.start, draft.scope_end)
        parts = deadline_split.split(flat, draft.start, draft.scope_end if own_end < 0 else own_end, deadlines)
        for (start, end), deadline in parts:
            end = start + len(flat[start:end].rstrip())
            tasks.append(
                {
                    **task,
                    "text": collapse(shown[start:end]),
                    "deadline": dict(deadline),
                    "evidence": {"start": start, "end": end},
                }
            )
        if not parts:
            tasks.append(task)
    doc._.tasks = tasks
    return doc


def _words(doc: Doc) -> tuple[list[int], Doc]:
    """The doc's words without its space tokens, and the index in `doc` of each; kept on the doc,
    as both phrase rulers read them."""
    cached = doc.user_data.get("congvan_words")
    if cached is None:
        table = doc.to_array([ORTH, IS_SPACE])
        kept = numpy.flatnonzero(table[:, 1] == 0)
        strings = doc.vocab.strings
        words = doc if len(kept) == len(doc) else Doc(doc.vocab, words=[strings[o] for o in table[kept, 0].tolist()])
        cached = doc.user_data["congvan_words"] = (kept.tolist(), words)
    return cached


class SpacedPhrases:
    """A span ruler for vocabulary phrases that also matches a phrase across the extra spaces of a
    justified text ("Thủ  trưởng  các  đơn  vị"), which the tokenizer keeps as space tokens.

    One PhraseMatcher over the doc's words with its space tokens left out, instead of one token
    pattern per phrase with an optional space token between its words: spaCy's token Matcher tries
    every pattern at every token (~940 patterns over a 50-page dispatch: seconds), the phrase
    matcher walks one trie. Spans, labels, ids and order are those the SpanRuler gave."""

    def __init__(self, nlp: Language, spans_key: str, attr: str) -> None:
        self.nlp = nlp
        self.spans_key = spans_key
        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self.labels: dict[int, tuple[str, str]] = {}

    def add(self, label: str, words: Sequence[str]) -> None:
        for word in words:
            key = f"{label}:{word}"
            self.labels[self.nlp.vocab.strings.add(key)] = (label, f"{label.lower()}:{word}")
            # matched on its words, as the doc is: a phrase written with a double space still matches
            spaced = self.nlp.make_doc(word)
            self.matcher.add(key, [Doc(self.nlp.vocab, words=[t.text for t in spaced if not t.is_space])])

    def __call__(self, doc: Doc) -> Doc:
        kept, words = _words(doc)
        found = {
            Span(doc, kept[start], kept[end - 1] + 1, label=self.labels[key][0], span_id=self.labels[key][1])
            for key, start, end in self.matcher(words)
        }
        doc.spans[self.spans_key] = sorted(found)
        return doc


@Language.factory("congvan_phrases", assigns=["doc.spans"], default_config={"spans_key": "", "attr": "ORTH"})
def make_phrases(nlp: Language, name: str, spans_key: str, attr: str) -> SpacedPhrases:
    return SpacedPhrases(nlp, spans_key, attr)


def _merged(*lists: Sequence[str]) -> list[str]:
    """The government bodies of bodies.json and the sector vocabulary of unit_heads.json, once each."""
    return list(dict.fromkeys(word for words in lists for word in words))


@cache
def get_nlp() -> Language:
    """The pipeline, built once per process from the data tables."""
    bodies = load_table("bodies")
    nlp = spacy.blank("xx")
    nlp.add_pipe("congvan_paragraphs")
    names: Any = nlp.add_pipe(
        "congvan_phrases", name="body_names", config={"spans_key": "body_names", "attr": "LOWER"}
    )
    units = load_table("central_units")["units"]
    names.add("NAME", _merged(bodies["names"], bodies["collective_tails"], name_parts(), units))
    heads: Any = nlp.add_pipe(
        "congvan_phrases", name="body_heads", config={"spans_key": "body_heads", "attr": "ORTH"}
    )
    # a person opens an assignee too: "Giao đồng chí Nguyễn Văn Hùng, …", "- Thượng tá Nguyễn Văn Quang, …:"
    people = [*bodies["person_honorifics"], *load_table("signing_prefixes")["military_ranks"]]
    heads.add("HEAD", _merged(bodies["heads"], head_words(), people))
    heads.add("NOT_HEAD", with_capitals(_merged(bodies["not_heads"], not_heads())))
    nlp.add_pipe("congvan_deadlines")
    nlp.add_pipe("congvan_directives")
    return nlp


def run(
    flat: str,
    body: tuple[int, int],
    issued: date | None,
    document_type: str | None,
    fallback: tuple[str, ...],
    genre: str = Genre.OTHER,
    printed: str | None = None,
) -> Doc:
    """The pipeline over `flat`; `printed`: the same text as printed when `flat` is a mark-less
    text's view with its vocabulary's marks restored (remark.py), the source of every value."""
    nlp = get_nlp()
    doc = nlp.make_doc(flat)
    doc._.body = body
    doc._.issued_date = issued
    doc._.document_type = document_type
    doc._.fallback = fallback
    doc._.genre = genre
    doc._.printed = printed
    doc._.flat = flat
    for _, component in nlp.pipeline:
        doc = component(doc)
    doc.user_data.pop("congvan_words", None)  # the phrase rulers' view of the words: theirs only
    return doc


def assignees_of(phrase: str) -> list[str]:
    """The bodies named in one assignee phrase, as printed ("Sở Giáo dục và Đào tạo, Sở Văn hóa,
    Thể thao và Du lịch" → two names); the phrase ends at its first action verb, if any."""
    from congvan.extractors.obligations.assignees import split_names, subject_end

    flat = " ".join(phrase.split())
    doc = run(flat, (0, len(flat)), None, None, ())
    protected = tuple((s.start_char, s.end_char) for s in doc.spans.get("body_names", []))
    found_heads = doc.spans.get("body_heads", [])
    not_heads = {s.start_char for s in found_heads if s.label_ == "NOT_HEAD"}
    heads = sorted(s.start_char for s in found_heads if s.label_ == "HEAD" and s.start_char not in not_heads)
    end = subject_end(flat, 0, len(flat), protected) or len(flat)
    return [flat[s:e] for s, e in split_names(flat, 0, end, protected, heads)]
