"""What every extractor returns, and the context it reads.

An extractor is a module with `extract(text: str, context: Context) -> Extraction` and its `SPEC`. It never
raises on odd text: on anything it cannot read it returns no candidates and, where useful, a
warning. Candidates carry their evidence span in `text` so a user can see where a value came
from; the assembler (pipeline/assemble.py) picks the best candidate per field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from congvan.extractors.canonical import LocalNames


@dataclass(frozen=True)
class Candidate:
    """One proposed value for one record field."""

    field: str  # record field name, e.g. "number", "issued_date", "recipients", "signer"
    value: Any  # JSON-ready value (str, dict, list …) in the shape of the contract
    start: int  # evidence span in the document text
    end: int
    rule: str  # id of the rule that produced it, e.g. "number.so_label"
    confidence: float = 1.0


@dataclass(frozen=True)
class Extraction:
    candidates: tuple[Candidate, ...] = ()
    warnings: tuple[str, ...] = ()

    def best(self, field_name: str) -> Candidate | None:
        found = [c for c in self.candidates if c.field == field_name]
        return max(found, key=lambda c: c.confidence) if found else None

    def all(self, field_name: str) -> list[Candidate]:
        return [c for c in self.candidates if c.field == field_name]

    def __add__(self, other: Extraction) -> Extraction:
        return Extraction(self.candidates + other.candidates, self.warnings + other.warnings)


class UndeclaredField(Exception):
    """An extractor read a field from `Context.known` that its spec does not list in `requires`:
    a bug of the extractor's declaration (pipeline/extract.py), never of the text."""


class Known(Mapping[str, Any]):
    """The values chosen before an extractor runs, limited to the fields it declared it requires.
    Reading any other field raises UndeclaredField (which `safely` turns into a warning), so an
    undeclared dependency shows up in the first test that runs the extractor in the pipeline."""

    def __init__(self, chosen: Mapping[str, Any], declared: frozenset[str]) -> None:
        self._chosen = dict(chosen)
        self.declared = declared

    def __getitem__(self, key: str) -> Any:
        if key not in self.declared:
            raise UndeclaredField(f"reads {key!r} from context.known without declaring it in `requires`")
        return self._chosen[key]

    def __iter__(self) -> Iterator[str]:
        return (k for k in self._chosen if k in self.declared)

    def __repr__(self) -> str:
        return f"Known({ {k: self._chosen[k] for k in self} !r})"

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class HandRead:
    """A handwritten header field the OCR stage re-read and patched into the text
    (pipeline/ocr/handwriting.py): what it patched in, and what the page OCR had read in the same
    gap before the patch (None when the page read no digits there)."""

    field: str  # "number" | "day"
    digits: str  # the handwriting reader's digits, now in the text ("1571")
    # the page OCR's digits in that gap ("157"), only when they are digits that fit the gap (a day
    # 1-31, a number of at most six digits); None when the page read nothing or garbage ("2#", "Z")
    page_digits: str | None = None
    confidence: float = 0.0  # of the patched-in read
    source: str = ""  # "classifier", "tesseract", "tesseract+classifier"
    page_text: str = ""  # what the page OCR read in the gap, as it read it ("157", "0†")
    page_confidence: float | None = None  # the page OCR's lowest word confidence there (0-1)
    classifier: tuple[str, float] | None = None  # the digit classifier's read and its confidence
    tesseract: tuple[str, float] | None = None  # the digits-only Tesseract read and its confidence


@dataclass(frozen=True)
class Context:
    """What an extractor may know besides the text. Later extractors see earlier results
    (e.g. the task extractor needs `issued_date` to resolve "trong vòng 10 ngày"); in the
    pipeline `known` holds only the fields the extractor's spec `requires`."""

    issued_date: date | None = None
    is_ocr: bool = False
    # plain or text-layer text that had lost its marks and went through the OCR repair (another
    # tool's OCR): names in it may restore their marks from the data, as on OCR'd pages
    repaired: bool = False
    known: Mapping[str, Any] = field(default_factory=dict)  # values already chosen, by field name
    # handwritten fields re-read by the OCR stage, by field ("number", "day"); empty for other texts
    handwritten: Mapping[str, HandRead] = field(default_factory=dict)
    # names clerks corrected in the tracker (Settings.local_vocabulary), snapped to before the data files
    local_names: LocalNames | None = None
    # stretches of the text (start, end) whose marks another tool lost and the repair restored only in
    # part (pipeline/text/mend.py: plain text, DOCX or PDF text-layer pages judged noisy); rules that
    # match marked vocabulary read them through extractors/obligations/remark.py
    marks_lost: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class ExtractorSpec:
    """What an extractor module declares beside its `extract` (as `SPEC`): the record fields it
    proposes, those it reads from `context.known` (spaCy's `assigns`/`requires`) and its place in
    the run. pipeline/extract.py finds every module of this package with a SPEC and runs them by
    `order`, so a new extractor is one new module and no registry line."""

    name: str  # module of congvan.extractors
    assigns: tuple[str, ...]  # record fields it proposes
    requires: tuple[str, ...] = ()  # fields it reads from context.known (issued_date: context.issued_date too)
    order: int = 0  # run position, ascending; requires must be assigned by a smaller order


class Extractor(Protocol):
    def __call__(self, text: str, context: Context) -> Extraction: ...


def safely(name: str, func: Callable[[str, Context], Extraction]) -> Callable[[str, Context], Extraction]:
    """Wrap an extractor so that a bug on odd text becomes a warning, not a crash."""

    def run(text: str, context: Context) -> Extraction:
        try:
            return func(text, context)
        except Exception as exc:  # noqa: BLE001 — the contract: extractors never raise
            return Extraction(warnings=(f"Bộ trích {name} gặp lỗi trên văn bản này: {type(exc).__name__}: {exc}",))

    return run
