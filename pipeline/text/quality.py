"""Is a text real Vietnamese text, nothing, OCR-like text that lost its marks, or garbage?

One detector for every text path (`assess_text`): plain text and DOCX per document, each PDF
page's text layer on its own. Three signals, each a share of the text's words:
- lost marks: bare syllables whose marked reading is far more common ("CUC THUE TP HA NOI",
  "Ha Nội"), the trace of another tool's OCR or of a font that dropped the marks;
- impossible syllables ("thixc", "trçrig");
- glyph soup: letters outside Vietnamese orthography ("Chü"), case changing inside a word
  ("ChInh"), letters fused with digits or symbols ("t6", "B!NH", "cz'").
`noisy` text (marks lost, words intact) goes through the OCR repair; `garbage` (a broken glyph
mapping, another tool's unusable OCR layer) is read again by OCR where the page can be rendered.

`score_page_text` is the older whole-text score, kept to choose between 8-bit decodings.

Scanned PDFs often carry an old OCR layer without diacritics ("CONG Hcok xA HQI CHiJ NGHiA VIVT NAM",
corpus 027.pdf); trusting it loses every accent, so such a page is OCR'd again. The score is the
share of word tokens that are well-formed Vietnamese syllables, times a factor for how many carry
Vietnamese letters at all (real Vietnamese prose: about half of all syllables).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import regex

from congvan.extractors.syllables import is_valid
from congvan.extractors.textutil import fold

PageQuality = Literal["good", "empty", "garbage"]

# Fewer letters than this is no text layer (page numbers, a stray dash).
MIN_LETTERS = 20
GOOD_SCORE = 0.35
# Share of tokens with a Vietnamese letter (đ, ơ, ư, ă, â, ê, ô or a tone mark) in real text;
# measured: 003.pdf 0.62, 016.pdf 0.63, seeds 0.55–0.66, 027.pdf 0.04.
EXPECTED_DIACRITIC_SHARE = 0.45

# A word token: letters, possibly with digits glued in by bad OCR ("h9c", "S6").
# matches "Hcok", "h9c", "nghĩa"
TOKEN = regex.compile(r"(?P<token>[\p{L}\p{M}][\p{L}\p{M}\d]*)", regex.VERBOSE)

# One Vietnamese syllable with tone marks removed, lower case: onset, vowel nucleus, coda.
# matches "nghia", "thuong", "quyen", "duoc"
SYLLABLE = regex.compile(
    r"""^(?P<onset>ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?
        (?P<nucleus>[aăâeêioôơuưy]{1,3})
        (?P<coda>ch|ng|nh|[cmnpt])?$""",
    regex.VERBOSE,
)

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
VIETNAMESE_LETTERS = set("đăâêôơư")


@dataclass(frozen=True)
class QualityScore:
    verdict: PageQuality
    score: float
    syllable_share: float
    diacritic_share: float
    tokens: int


def _strip_tones(token: str) -> tuple[str, int]:
    """Lower-cased token without tone marks (keeping ă â ê ô ơ ư đ) and the number of tone marks."""
    decomposed = unicodedata.normalize("NFD", token.lower())
    tones = sum(1 for ch in decomposed if ch in TONE_MARKS)
    kept = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return unicodedata.normalize("NFC", kept), tones


def _case_ok(token: str) -> bool:
    return token.islower() or token.isupper() or (token[0].isupper() and token[1:].islower())


def is_syllable(token: str) -> bool:
    """A well-formed Vietnamese syllable: structure, at most one tone mark, consistent case."""
    if not _case_ok(token):
        return False
    bare, tones = _strip_tones(token)
    return tones <= 1 and SYLLABLE.match(bare) is not None


def has_vietnamese_letter(token: str) -> bool:
    bare, tones = _strip_tones(token)
    return tones > 0 or any(ch in VIETNAMESE_LETTERS for ch in bare)


def score_page_text(text: str) -> QualityScore:
    letters = sum(1 for ch in text if ch.isalpha())
    tokens = [m.group("token") for m in TOKEN.finditer(unicodedata.normalize("NFC", text))]
    if letters < MIN_LETTERS or not tokens:
        return QualityScore("empty", 0.0, 0.0, 0.0, len(tokens))
    syllable_share = sum(1 for t in tokens if is_syllable(t)) / len(tokens)
    diacritic_share = sum(1 for t in tokens if has_vietnamese_letter(t)) / len(tokens)
    score = syllable_share * min(1.0, diacritic_share / EXPECTED_DIACRITIC_SHARE)
    verdict: PageQuality = "good" if score >= GOOD_SCORE else "garbage"
    return QualityScore(
        verdict, round(score, 3), round(syllable_share, 3), round(diacritic_share, 3), len(tokens)
    )


def classify_page_text(text: str) -> PageQuality:
    """'good' real Vietnamese text, 'empty' no text to speak of, 'garbage' a layer not to trust as
    it is (a scan's page is OCR'd again)."""
    return page_quality(assess_text(text), text)


def page_quality(noise: Noise, text: str) -> PageQuality:
    """The page verdict from the detector's: anything it does not call clean is garbage, and so is
    a layer too short for it to judge that is unlike Vietnamese prose (a scan's stray OCR words)."""
    if noise.verdict == "empty":
        return "empty"
    if noise.verdict != "clean":
        return "garbage"
    return score_page_text(text).verdict


def split_letter_share(text: str) -> float:
    """Share of tokens that are a lone Vietnamese vowel: a letter split from its word, as when a PDF
    draws accented capitals in a fallback font ("VI N KI M … Ệ Ể")."""
    tokens = [m.group("token") for m in TOKEN.finditer(text)]
    if not tokens:
        return 0.0
    lone = sum(1 for t in tokens if len(t) == 1 and has_vietnamese_letter(t))
    return lone / len(tokens)


# --- The detector: clean, noisy (marks lost, as another tool's OCR leaves them) or garbage.

TextVerdict = Literal["clean", "noisy", "garbage", "empty"]

FREQ_FILE = Path(__file__).parents[1] / "ocr" / "data" / "syllable_freq.tsv"
# Below this many syllable-like words a text is too short to judge: it is called clean (never touched).
MIN_WORDS = 30
# A bare syllable counts as a lost mark when a marked reading with the same letters is this much
# more frequent (Zipf, a log10 scale): "cục" 5.31 vs "cuc" unlisted, "nội" 5.85 vs "noi" 3.75;
# but "thanh" 5.86 vs "thành" 6.53 and "ha" 4.97 vs "hà" 5.86 are words of their own.
LOST_MARK_ZIPF_GAP = 1.0
UNLISTED_ZIPF = 1.0
# Measured over the first corpus's texts, its gold strings (English notes included), the seeds and
# the clean text files of corpus-real-2: lost marks ≤ 0.06, soup ≤ 0.013. Stripped of every mark,
# the same texts read 0.45–0.77 lost marks; another tool's OCR layers (027.pdf, b02.pdf) 0.22–0.47.
NOISY_LOST_MARKS = 0.12
# Glyph soup this dense is a broken layer whatever else it holds (b02.pdf 0.15, p20.pdf 0.29).
GARBAGE_SOUP = 0.10
# Marks in the wrong place on words that keep them (another tool's light OCR noise, ~3 % of words:
# "BỘ NÔNG NGHIẾP", "thảng 3 nãm 2024"): at least this many distinct slipped words, and this share.
# Measured (distinct slipped words / words): the first corpus's text files, DOCX and PDF text layers,
# the seeds and corpus-real-2's clean text files 0–1 and ≤ 0.003 (a typo "đẵ", a place "Nếnh");
# the light-noise OCR text of blind set 4: 2–9 words, 0.008–0.025.
MIN_SLIPS = 2
NOISY_SLIPS = 0.006
# This share of impossible syllables and soup together is a layer the repair cannot save (b02.pdf
# 0.38, p20.pdf 0.74); clean text with English notes reaches 0.22, the 027.pdf scan's layer 0.21.
GARBAGE_DAMAGE = 0.3
# … provided some of it is soup: English prose alone is all impossible syllables and no soup.
SOME_SOUP = 0.03
# Letters of Vietnamese orthography (lower case, NFC, every tone) plus f j w z of loan words.
VIETNAMESE_ALPHABET = frozenset(
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz"
)
# The core of a whitespace chunk, without the punctuation around it.
# matches "Đã" in "(Đã", "B!NH" in "B!NH,", "cz" in "cz'"
CHUNK = regex.compile(r"""^[\p{P}\p{S}]*(?P<core>.*?)[\p{P}\p{S}]*$""", regex.VERBOSE)
LETTERS_ONLY = regex.compile(r"""^\p{L}+$""", regex.VERBOSE)
# Letters fused with digits or stray symbols inside one word.
# matches "t6" of "t6", "!" of "B!NH", ",5" of "d,5", "'c" of "Lu'crng"
SOUP_INSIDE = regex.compile(
    r"""(?P<letter_digit>\p{Ll}\d)
      | (?P<digit_letters>\d\p{Ll}{2,})
      | (?P<symbol>\p{L}[!$&§?|\\{}<>£€¢][\p{L}\d])
      | (?P<punct>\p{L}[,;'][\p{L}\d])""",
    regex.VERBOSE,
)
# Letters with digits or symbols that ordinary text prints: a time, a unit, an address, "Sở TT&TT".
# matches "08h00", "100m2", "vanthu@quangngai.gov.vn", "https://dichvucong.gov.vn", "GD&ĐT"
NORMAL_MIXED = regex.compile(
    r"""^(?:\d{1,2}h\d{0,2} | \p{Lu}+&\p{Lu}+ | \d*(?:m2|m3|km2|km|kg|ha|cm|mm|ml|kw|kwh)
          | \S*@\S* | \S*(?:https?|www)\S*)$""",
    regex.VERBOSE,
)


@dataclass(frozen=True)
class Noise:
    verdict: TextVerdict
    words: int  # syllable-like words judged
    lost_marks: float  # share of those words that look like a marked syllable stripped bare
    invalid: float  # share of those words that are impossible Vietnamese syllables
    soup: float  # share of chunks with letters that are glyph soup (or marked impossible syllables)
    slips: float = 0.0  # share of those words with a mark in the wrong place ("NGHIẾP", "thảnh phố")


@lru_cache(maxsize=1)
def _frequencies() -> tuple[dict[str, float], dict[str, float]]:
    """(syllable → Zipf, folded letters → Zipf of its most frequent marked reading)."""
    zipf: dict[str, float] = {}
    for line in FREQ_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, value = line.split("\t")
            zipf[word] = float(value)
    marked: dict[str, float] = {}
    for word, z in zipf.items():
        if has_vietnamese_letter(word):
            key = fold(word)
            marked[key] = max(z, marked.get(key, 0.0))
    return zipf, marked


def lost_mark(word: str) -> bool:
    """A bare syllable that is far more often written with marks: "THUE", "Noi" (not "thanh")."""
    lower = word.lower()
    if has_vietnamese_letter(lower):
        return False
    zipf, marked = _frequencies()
    best = marked.get(lower)
    return best is not None and best >= zipf.get(lower, UNLISTED_ZIPF) + LOST_MARK_ZIPF_GAP


def is_soup(core: str) -> bool:
    """A word no Vietnamese text prints: "Chü", "ChInh", "t6", "B!NH"."""
    if LETTERS_ONLY.match(core):
        return not VIETNAMESE_ALPHABET.issuperset(core.lower()) or (len(core) > 1 and not _case_ok(core))
    if NORMAL_MIXED.match(core):
        return False
    if any(ch.isalpha() and ch.lower() not in VIETNAMESE_ALPHABET for ch in core):
        return True
    return SOUP_INSIDE.search(core) is not None


# What one whitespace chunk says about the text.
NOT_LETTERS, SOUP, SKIPPED, LOST, INVALID, MARKED_INVALID, SYLLABLE_OK = range(7)
# A long text is judged on this many chunks taken evenly through it: the shares are steady long
# before (a text file reads in tens of milliseconds; the detector must cost a few at most).
MAX_JUDGED = 400


def chunk_kind(chunk: str) -> int:
    m = CHUNK.match(chunk)
    return core_kind(m["core"] if m else chunk)


# A dispatch repeats its words: each distinct one is judged once per process.
@lru_cache(maxsize=1 << 16)
def core_kind(core: str) -> int:
    if not any(ch.isalpha() for ch in core):
        return NOT_LETTERS
    if is_soup(core):
        return SOUP
    if not LETTERS_ONLY.match(core) or len(core) < 2:
        return SKIPPED
    lower = core.lower()
    zipf, _ = _frequencies()
    if lower in zipf and not lower.isascii():
        return SYLLABLE_OK  # a listed syllable with its marks: "nhân", "được"
    if core.isupper() and SYLLABLE.match(_strip_tones(core)[0]) is None:
        return SKIPPED  # an abbreviation: UBND, TTHC
    if lost_mark(core):
        return LOST
    if not is_valid(core):
        # a mark in an impossible syllable is a glyph in the wrong place ("trçrig" read as
        # "trỗrig" once the 8-bit font guess ran), not an English word
        return MARKED_INVALID if has_vietnamese_letter(core) else INVALID
    return SYLLABLE_OK


def assess_text(text: str) -> Noise:
    """How OCR-like `text` is: clean, noisy (marks lost), garbage (unreadable as it is), or empty."""
    text = unicodedata.normalize("NFC", text)
    if sum(1 for ch in text if ch.isalpha()) < MIN_LETTERS:
        return Noise("empty", 0, 0.0, 0.0, 0.0)
    chunks = text.split()
    stride = max(1, len(chunks) // MAX_JUDGED)
    kinds = Counter(chunk_kind(chunk) for chunk in chunks[::stride])
    lettered = kinds.total() - kinds[NOT_LETTERS]
    invalid = kinds[INVALID] + kinds[MARKED_INVALID]
    words = kinds[LOST] + invalid + kinds[SYLLABLE_OK]
    soup_share = round((kinds[SOUP] + kinds[MARKED_INVALID]) / max(lettered, 1), 3)
    if words < MIN_WORDS:
        return Noise("clean", words, 0.0, 0.0, soup_share)
    lost_share, invalid_share = round(kinds[LOST] / words, 3), round(invalid / words, 3)
    verdict = _verdict(lost_share, invalid_share, soup_share)
    # the context pass costs a few milliseconds: it runs where a cheap signal shows a trace of
    # noise already (another tool's OCR leaves a bare word, an impossible one or a speck)
    if verdict != "clean" or not (kinds[LOST] or invalid or kinds[SOUP]):
        return Noise(verdict, words, lost_share, invalid_share, soup_share)
    slipped = mark_slips(text)
    slip_share = round(len(slipped) / words, 3)
    if len(slipped) >= MIN_SLIPS and slip_share >= NOISY_SLIPS:
        verdict = "noisy"
    return Noise(verdict, words, lost_share, invalid_share, soup_share, slip_share)


def mark_slips(text: str) -> set[str]:
    """The distinct words (lower case) of `text` that carry a mark in the wrong place, as another
    tool's OCR of a clean print leaves them: a marked syllable no word list holds ("NGHIẾP", "sãn",
    "viẽn"), or one that forms no known pair with its neighbours where the repair's context model
    reads another one ("thảnh phố", "Độc lấp", "cúa"). Only words with a mark are judged: a bare
    word is the lost-mark signal's. Cheap on clean text: a word in a known pair is never weighed."""
    from congvan.pipeline.ocr.diacritics import slipped_words

    return slipped_words(text)


def _verdict(lost: float, invalid: float, soup: float) -> TextVerdict:
    if soup >= GARBAGE_SOUP or (invalid + soup >= GARBAGE_DAMAGE and soup >= SOME_SOUP):
        return "garbage"
    # English prose (a gold note, a bilingual page) has bare words too ("the", "not", "but") but
    # far more words that are no Vietnamese syllable at all: it is foreign, not stripped.
    if lost >= NOISY_LOST_MARKS and lost >= invalid:
        return "noisy"
    return "clean"
