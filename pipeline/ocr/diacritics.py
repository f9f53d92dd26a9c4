"""Restore Vietnamese diacritics that OCR lost or changed ("công bô" → "công bố", "TINH QUANG NGAI"
→ "TỈNH QUẢNG NGÃI", "Vêviệc" → "Về việc").

Every syllable with the same letters (diacritics folded away, đ as d) is a candidate for an OCR'd
syllable. Candidates are weighed by a unigram prior (syllable frequency of written Vietnamese, see
data/syllable_freq.tsv) and a bigram model of administrative text keyed on the *folded* neighbour
(data/bigrams.tsv), so a neighbour that lost its own marks still gives context. A syllable is
rewritten only when
- it is impossible (syllables.is_valid) and a candidate exists,
- it is a valid syllable that no word list attests ("địp": grammar allows it, Vietnamese has no
  such syllable; the lists are wordfreq's and a dictionary's, data/dictionary_words.txt) and a
  reading one cheap slip away exists, or
- it is a valid syllable but the bigram model has seen a fold-equal alternative next to this
  neighbour and finds it far more probable here. Frequency alone never rewrites a valid
  syllable: a name such as "Hiên" stays, though "hiện" is a hundred times more common.
A dictionary word alone never rewrites a valid syllable: "có thẻ bảo hiểm" is not "có thể", and
only the document itself can tell (consistency.py).
Tone-placement variants ("hoá"/"hóa", "Uỷ"/"Ủy") count as the same syllable and are never
rewritten into one another.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import regex

from congvan.extractors.syllables import is_valid, split_tone
from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table

DATA = Path(__file__).with_name("data")
# Zipf frequency assumed for a valid syllable missing from the frequency list (the list stops
# at Zipf 3, i.e. one occurrence per million words).
UNKNOWN_ZIPF = 2.5
# Pseudo-count of the prior in each context distribution: how much bigram evidence outweighs
# frequency. Two sightings of a pair already beat a 1:10 prior.
PRIOR_WEIGHT = 2.0
SPREAD_POWER = 0.5
# Costs (natural log) of the OCR channel: a printed mark lost, swapped for another, or added.
LOST_MARK = 2.0
SWAPPED_MARK = 3.5
ADDED_MARK = 5.0
# Except the bar of đ: on the 030 scan against its transcription Tesseract read 2 of 44 printed
# "d" as "đ" (4.5 %) and dropped 18 of 597 tones (3.0 %), so a bar added costs what a mark lost does.
ADDED_BAR = LOST_MARK
# An unattested syllable is replaced without pair evidence only by a reading this cheap: one
# mark lost or one bar added.
MAX_WORD_COST = LOST_MARK
# A valid OCR syllable is replaced only when the alternative, channel cost included, is this
# much more probable in context (natural log) and was seen next to this neighbour.
MIN_LOG_RATIO = 0.5
MIN_PAIR_COUNT = 2
# Share of a text's words that carry a mark when none is lost (Vietnamese prose: about 0.7 of the
# syllables the detector judges); a text whose lost-mark share reaches it lost every mark.
MARKED_SHARE = 0.7
# A lost mark never costs less than this, however stripped the text: the bigram evidence still has
# to beat a bare word's own frequency.
MIN_LOST_MARK = 0.25
# A listed word counts as a slip (slipped_words) only when its context reading is this much more
# frequent (Zipf): "thảnh" 2.9 vs "thành" 6.5 counts, "bản" vs "bạn" never does.
SLIP_ZIPF_GAP = 1.5
# A whitespace-separated chunk whose core is a single run of letters: "bô", "(Đã", "phố,".
# Chunks with inner punctuation or digits ("299/UBND-TTHC", "a@b.vn", "V/v") are left alone.
CHUNK = regex.compile(r"""^(?P<lead>[\p{P}\p{S}]*)(?P<core>\p{L}+)(?P<trail>[\p{P}\p{S}]*)$""", regex.VERBOSE)
# Quotes and brackets hug a word without ending its phrase; any other punctuation ends it.
SOFT_PUNCT = set("\"'“”‘’()[]")
# Letters of one phrase: "Ủy ban nhân dân tỉnh" (a comma or dash ends it).
PHRASE_RUN = regex.compile(r"""\p{L}+(?:[ ]+\p{L}+)*""", regex.VERBOSE)
# A phrase is restored only when each OCR syllable is a plausible misreading of its own.
MAX_PHRASE_COST = 4.5
# "II.", "XII", "IV": Roman numerals of sections and sessions (Khóa XII).
ROMAN = regex.compile(r"""^[IVXLCDM]+$""", regex.VERBOSE)
WHITESPACE = regex.compile(r"""(\s+)""", regex.VERBOSE)
# Level words printed before a district's name (extractors/data/local_places.json).
DISTRICT_UNITS = ("huyện", "quận", "thị xã", "thành phố")


@dataclass(frozen=True)
class Lexicon:
    zipf: dict[str, float]  # lower-case syllable → Zipf frequency
    by_fold: dict[str, tuple[str, ...]]  # folded letters → known syllables (one per base+tone)
    left: dict[tuple[str, str], int]  # (folded previous syllable, syllable) → count
    right: dict[tuple[str, str], int]  # (syllable, folded next syllable) → count
    # How many different syllables follow (precede) a folded syllable: a word seen before many
    # different words ("các") says little about the next one (Witten-Bell smoothing).
    followers: dict[str, int]
    preceders: dict[str, int]
    # Adjacent syllables of a dictionary word: ("tổng", "thể").
    words: frozenset[tuple[str, str]]
    # Adjacent syllables seen in administrative text, as written: ("hội", "đồng").
    pairs: frozenset[tuple[str, str]]
    # The dictionary's pairs keyed like left and right: (folded previous, syllable), (syllable,
    # folded next).
    word_left: frozenset[tuple[str, str]] = frozenset()
    word_right: frozenset[tuple[str, str]] = frozenset()


def identity(syllable: str) -> tuple[str, str | None]:
    """Base letters and tone: equal for tone-placement variants ("hoá", "hóa")."""
    base, tone, _ = split_tone(syllable)
    return base, tone


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    zipf: dict[str, float] = {}
    for line in (DATA / "syllable_freq.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, value = line.split("\t")
            zipf[word] = float(value)
    left: Counter[tuple[str, str]] = Counter()
    right: Counter[tuple[str, str]] = Counter()
    seen: set[tuple[str, str]] = set()
    for line in (DATA / "bigrams.tsv").read_text(encoding="utf-8").splitlines():
        a, b, n = line.split("\t")
        seen.add((a, b))
        left[(fold(a), b)] += int(n)
        right[(a, fold(b))] += int(n)
        for word in (a, b):
            zipf.setdefault(word, UNKNOWN_ZIPF)
    words: set[tuple[str, str]] = set()
    for line in (DATA / "dictionary_words.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            syllables = line.split(" ")
            words.update(pairwise(syllables))
            for word in syllables:
                zipf.setdefault(word, UNKNOWN_ZIPF)
    # One spelling per syllable: the more frequent tone placement ("hóa" over "hoá").
    best: dict[tuple[str, str | None], str] = {}
    for word, z in zipf.items():
        key = identity(word)
        if key not in best or z > zipf[best[key]]:
            best[key] = word
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for word in best.values():
        groups[fold(word)].append(word)
    return Lexicon(
        zipf=zipf,
        by_fold={k: tuple(v) for k, v in groups.items()},
        left=dict(left),
        right=dict(right),
        followers=dict(Counter(a for a, _ in left)),
        preceders=dict(Counter(b for _, b in right)),
        words=frozenset(words),
        pairs=frozenset(seen),
        word_left=frozenset((fold(a), b) for a, b in words),
        word_right=frozenset((a, fold(b)) for a, b in words),
    )


def prior(word: str, lex: Lexicon) -> float:
    return 10 ** lex.zipf.get(word, UNKNOWN_ZIPF)


def posteriors(candidates: list[str], prev: str | None, nxt: str | None, lex: Lexicon) -> dict[str, float]:
    """Log-probability of each candidate given the folded neighbours (None at a phrase edge)."""
    total = sum(prior(c, lex) for c in candidates)
    q = {c: prior(c, lex) / total for c in candidates}
    score = {c: math.log(q[c]) for c in candidates}
    if prev is not None:
        weight = PRIOR_WEIGHT + lex.followers.get(prev, 0) ** SPREAD_POWER
        for c in candidates:
            score[c] += math.log((lex.left.get((prev, c), 0) + weight * q[c]) / (weight * q[c]))
    if nxt is not None:
        weight = PRIOR_WEIGHT + lex.preceders.get(nxt, 0) ** SPREAD_POWER
        for c in candidates:
            score[c] += math.log((lex.right.get((c, nxt), 0) + weight * q[c]) / (weight * q[c]))
    return score


def channel_cost(ocr: str, true: str, lost: float = LOST_MARK) -> float:
    """-log P(OCR read `ocr` | the print said `true`), both lower case and fold-equal. Tesseract
    mostly drops marks (a tone, a circumflex, the bar of đ); it seldom swaps one for another and
    hardly ever adds one that is not printed. `lost` is the cost of one mark lost: a text that
    lost most of its marks (lost_mark_cost) makes a bare word cheap to read as a marked one."""
    (ocr_base, ocr_tone), (true_base, true_tone) = identity(ocr), identity(true)
    cost = 0.0
    if len(ocr_base) == len(true_base):
        for o, t in zip(ocr_base, true_base, strict=True):
            if o == "đ" and t == "d":
                cost += ADDED_BAR
            elif o != t:
                cost += lost if o == fold(o) else ADDED_MARK if t == fold(t) else SWAPPED_MARK
    if ocr_tone != true_tone:
        cost += lost if ocr_tone is None else ADDED_MARK if true_tone is None else SWAPPED_MARK
    return cost


def pair_count(word: str, prev: str | None, nxt: str | None, lex: Lexicon) -> int:
    return (lex.left.get((prev, word), 0) if prev else 0) + (lex.right.get((word, nxt), 0) if nxt else 0)


def in_word(word: str, prev: str | None, nxt: str | None, lex: Lexicon) -> bool:
    """`word` makes a dictionary word with its (folded) left or right neighbour."""
    return (prev is not None and (prev, word) in lex.word_left) or (nxt is not None and (word, nxt) in lex.word_right)


def with_case(word: str, like: str) -> str:
    if like.isupper() and len(like) > 1:
        return word.upper()
    if like[0].isupper():
        return word[0].upper() + word[1:]
    return word


def undoubled(token: str) -> list[str]:
    """ "NGAÀI" → "NGÀI", "NGAI": a vowel read twice, once with and once without its mark."""
    out = []
    for i in range(1, len(token)):
        a, b = token[i - 1], token[i]
        if a != b and fold(a) == fold(b) and fold(b) in "aeiouy":
            out.append(token[:i] + token[i + 1 :])
            out.append(token[: i - 1] + token[i:])
    return out


def best_of(token: str, prev: str | None, nxt: str | None, lex: Lexicon, lost: float = LOST_MARK) -> str | None:
    """The syllable `token` should be, or None to leave it."""
    lower = token.lower()
    # An unattested syllable keeps a place among the candidates and is replaced without a pair,
    # by a reading one cheap slip away.
    attested = lower in lex.zipf
    valid = is_valid(lower)
    candidates = list(dict.fromkeys(c for f in [lower, *undoubled(lower)] for c in lex.by_fold.get(fold(f), ())))
    if not candidates:
        return None
    own = next((c for c in candidates if identity(c) == identity(lower)), None) if valid else None
    if valid and own is None:
        candidates.append(lower)
        own = lower
    if not attested:
        # a syllable no word list holds ("viẽn" of "Giáo viẽn"): the one reading its neighbours
        # were seen with, however its marks slipped (a tilde read for a circumflex costs a lost
        # mark and an added tone in the channel, more than the pair evidence can repay)
        supported = [c for c in candidates if pair_count(c, prev, nxt, lex) >= MIN_PAIR_COUNT]
        if len(supported) == 1:
            return with_case(supported[0], token)
    if not valid:
        # an impossible syllable is rewritten anyway: into a reading that makes a word with a
        # neighbour, when one does ("trieu cường" → "triều cường", not the commoner "triệu")
        in_words = [
            c for c in candidates if in_word(c, prev, nxt, lex) or pair_count(c, prev, nxt, lex) >= MIN_PAIR_COUNT
        ]
        candidates = in_words or candidates
    score = posteriors(candidates, prev, nxt, lex)
    for c in candidates:
        score[c] -= channel_cost(lower, c, lost)
    best = max(candidates, key=lambda c: score[c])
    if best == own:
        return None
    # A valid syllable needs a pair seen beside its neighbour, unless no word list attests it
    # ("địp") and the reading is one cheap slip away.
    if valid and (attested or channel_cost(lower, best) > MAX_WORD_COST):
        assert own is not None
        # in a text that lost (nearly) every mark a bare lower-case word is itself the evidence:
        # frequency may rewrite it ("lay y kiến" → "lấy ý kiến"); names keep needing a pair
        stripped = lost <= MIN_LOST_MARK and token.islower() and fold(lower) == lower
        seen = stripped or pair_count(best, prev, nxt, lex) >= MIN_PAIR_COUNT
        if score[best] - score[own] < MIN_LOG_RATIO or not seen:
            return None
    return with_case(best, token)


def drop_stray_letter(token: str, prev: str | None, nxt: str | None, lex: Lexicon) -> str | None:
    """ "Quảng Nzgãi" → "Quảng Ngãi": an impossible token that is a known syllable with one letter
    too many (a speck or a stroke read as a letter), taken only when a neighbour has been seen
    next to that syllable."""
    if len(token) < 3:
        return None
    best, best_count = None, 0
    for i in range(len(token)):
        shorter = token[:i] + token[i + 1 :]
        for c in lex.by_fold.get(fold(shorter), ()):
            if identity(c) != identity(shorter.lower()):
                continue
            n = pair_count(c, prev, nxt, lex)
            if n > best_count:
                best, best_count = c, n
    if best is None or best_count < MIN_PAIR_COUNT:
        return None
    return with_case(best, token)


def split_glued(token: str, prev: str | None, nxt: str | None, lex: Lexicon) -> str | None:
    """ "Vêviệc" → "Về việc": an impossible token that is two known syllables seen together."""
    best, best_count = None, 0
    for i in range(1, len(token)):
        head, tail = token[:i], token[i:]
        heads = lex.by_fold.get(fold(head), ())
        tails = lex.by_fold.get(fold(tail), ())
        for h in heads:
            for t in tails:
                n = lex.left.get((fold(h), t), 0)
                if n > best_count and identity(t) == identity(tail.lower()):
                    best, best_count = (h, t, head, tail), n
    if best is None or best_count < MIN_PAIR_COUNT:
        return None
    h, t, head, tail = best
    fixed_head = best_of(head, prev, fold(t), lex) or head
    return f"{fixed_head} {with_case(t, tail)}"


@dataclass(frozen=True)
class Chunk:
    lead: str
    core: str | None  # the letters, or None when the chunk is not a plain word
    trail: str


def parse(chunk: str) -> Chunk:
    m = CHUNK.match(chunk)
    if m is None:
        return Chunk(chunk, None, "")
    return Chunk(m["lead"], m["core"], m["trail"])


def words_of(parts: list[str]) -> list[tuple[int, Chunk]]:
    """The plain words of a whitespace-split line (even parts), with their part index."""
    return [(i, c) for i, c in ((i, parse(p)) for i, p in enumerate(parts) if i % 2 == 0) if c.core]


def adjacent(a: tuple[int, Chunk], b: tuple[int, Chunk]) -> bool:
    """Word `b` follows word `a` in the same phrase (only space, a quote or a bracket between)."""
    return b[0] == a[0] + 2 and joined(a[1], b[1])


def context(words: list[tuple[int, Chunk]], left: int, right: int, other: Chunk) -> str | None:
    """The folded neighbour syllable, when the two words are adjacent chunks of one phrase."""
    if not adjacent(words[left], words[right]) or other.core is None:
        return None
    return fold(other.core)


@lru_cache(maxsize=1)
def phrases() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Known phrases of two or more syllables by their folded syllables ("quang ngai" → "Quảng
    Ngãi"): provinces with and without their unit word, and the formulaic phrases. A folded key
    shared by two different phrases is dropped: it cannot tell them apart."""
    data = json.loads((DATA / "admin_phrases.json").read_text(encoding="utf-8"))
    texts = [*data["unit_phrases"], *data["formulaic_phrases"]]
    for province in data["provinces"]:
        texts += [province, f"tỉnh {province}", f"thành phố {province}"]
    # districts with their level word ("huyện Thạch Thất"): the level word makes the phrase a place,
    # so a person's name folded alike is never taken for one. Not the communes: the list holds the
    # two-tier model's from 2025 only, and a ward of before ("phường Hòa Quý", a scan of the
    # tuning half) became one of after it that folds alike ("Hóa Quỳ")
    for district in load_table("local_places")["districts_before_2025"]:
        texts += [f"{unit} {district}" for unit in DISTRICT_UNITS]
    table: dict[tuple[str, ...], tuple[str, ...] | None] = {}
    for text in texts:
        for run in PHRASE_RUN.findall(text):
            words = tuple(run.lower().split())
            if len(words) < 2:
                continue
            key = tuple(fold(w) for w in words)
            table[key] = words if table.get(key, words) == words else None
    return {k: v for k, v in table.items() if v is not None}


def phrase_pass(line: str) -> tuple[str, int]:
    """Restore whole known phrases, longest first, left to right ("TINH QUANG NGAI"). Two phrases
    may share a word ("ỦY BAN NHÂN DÂN HUYỆN" and "HUYỆN THẠCH THẤT") when they read it alike."""
    table = phrases()
    longest = max((len(k) for k in table), default=0)
    parts = WHITESPACE.split(line)
    words = words_of(parts)
    changed = 0
    k = 0
    shared: str | None = None  # the reading the last phrase gave its last word, word k
    while k < len(words):
        matched, last = 0, ""
        for n in range(min(longest, len(words) - k), 1, -1):
            span = words[k : k + n]
            if not all(adjacent(a, b) for a, b in pairwise(span)):
                continue
            cores = [c.core or "" for _, c in span]
            if any(mixed_case(w) for w in cores):
                continue
            readings = [w if is_valid(w.lower()) else next(iter(undoubled(w)), w) for w in cores]
            target = table.get(tuple(fold(w) for w in readings))
            if target is None or any(
                channel_cost(r.lower(), t) > MAX_PHRASE_COST for r, t in zip(readings, target, strict=True)
            ):
                continue
            if shared is not None and identity(shared) != identity(target[0]):
                continue
            for (i, c), word, core in zip(span, target, cores, strict=True):
                fixed = core if identity(core.lower()) == identity(word) else with_case(word, core)
                if fixed != core:
                    parts[i] = c.lead + fixed + c.trail
                    changed += 1
            matched, last = n, target[-1]
            break
        shared = last if matched else None
        k += max(matched - 1, 1)
    return "".join(parts), changed


def repair_line(line: str, lost: float = LOST_MARK) -> tuple[str, int]:
    """The line with its syllables' diacritics restored, and how many words changed. Known
    phrases go first; a second syllable pass lets a repaired word serve as context for its
    neighbour. `lost`: the cost of a lost mark in this text (lost_mark_cost)."""
    fixed, _ = phrase_pass(line)
    fixed, changed = one_pass(fixed, lost)
    if changed:
        fixed, _ = one_pass(fixed, lost)
    if fixed == line:
        return line, 0
    before, after = WHITESPACE.split(line), WHITESPACE.split(fixed)
    if len(before) != len(after):  # a glued pair was split ("Vêviệc")
        return fixed, max(1, sum(a != b for a, b in zip(before, after, strict=False)))
    return fixed, sum(a != b for a, b in zip(before, after, strict=True))


def one_pass(line: str, lost: float = LOST_MARK) -> tuple[str, int]:
    lex = lexicon()
    parts = WHITESPACE.split(line)
    words = words_of(parts)
    # In a line of ordinary case an all-caps word is an abbreviation ("THPT" read "THET").
    caps_line = sum(bool(c.core and c.core.isupper()) for _, c in words) * 2 > len(words)
    changed = 0
    for k, (i, c) in enumerate(words):
        assert c.core is not None
        if len(c.core) < 2 or mixed_case(c.core) or ROMAN.match(c.core):
            continue  # list letters "a)", abbreviations "CTrTT", numerals "XII"
        if c.core.isupper() and not caps_line:
            continue
        prev = context(words, k - 1, k, words[k - 1][1]) if k > 0 else None
        nxt = context(words, k, k + 1, words[k + 1][1]) if k + 1 < len(words) else None
        fixed = best_of(c.core, prev, nxt, lex, lost)
        if fixed is None and not is_valid(c.core):
            fixed = split_glued(c.core, prev, nxt, lex) or drop_stray_letter(c.core, prev, nxt, lex)
        if fixed is not None and fixed != c.core:
            parts[i] = c.lead + fixed + c.trail
            changed += 1
    return "".join(parts), changed


def mixed_case(token: str) -> bool:
    return any(ch.isupper() for ch in token[1:]) and not token.isupper()


def joined(a: Chunk, b: Chunk) -> bool:
    """Nothing but space (or a quote/bracket) separates the two words: one phrase for context."""
    return all(ch in SOFT_PUNCT for ch in a.trail + b.lead)


def slipped_words(text: str) -> set[str]:
    """Distinct words (lower case) carrying a mark in the wrong place: a marked syllable no word
    list holds ("nghiếp", "viẽn"), or one in no known pair with its neighbours that the context
    model reads otherwise ("thảnh" of "thảnh phố"). Bare words are left to the lost-mark signal.
    Every text pays for it (the detector), so the cheap tests go first: a bare word (ASCII), a
    listed word in a known pair."""
    lex = lexicon()
    found: set[str] = set()
    for line in text.split("\n"):
        if line.isascii():
            continue
        words = words_of(WHITESPACE.split(line))
        caps_line = sum(bool(c.core and c.core.isupper()) for _, c in words) * 2 > len(words)
        for k, (_, c) in enumerate(words):
            core = c.core or ""
            lower = core.lower()
            if lower.isascii() or len(core) < 2 or lower in found or mixed_case(core):
                continue
            if core.isupper() and not caps_line:
                continue
            if lower not in lex.zipf:
                if is_valid(lower):
                    found.add(lower)
                    continue
            else:
                prev = words[k - 1][1].core if k > 0 and adjacent(words[k - 1], words[k]) else None
                nxt = words[k + 1][1].core if k + 1 < len(words) and adjacent(words[k], words[k + 1]) else None
                if prev and ((left := (prev.lower(), lower)) in lex.pairs or left in lex.words):
                    continue
                if nxt and ((right := (lower, nxt.lower())) in lex.pairs or right in lex.words):
                    continue
            if _slipped(core, words, k, lex):
                found.add(lower)
    return found


def _slipped(core: str, words: list[tuple[int, Chunk]], k: int, lex: Lexicon) -> bool:
    """The context model reads word k as a far more frequent word: a common word it would rewrite
    is more often the model's error than a slip ("thảnh" for "thành" counts, "bản" never does)."""
    prev = words[k - 1][1].core if k > 0 and adjacent(words[k - 1], words[k]) else None
    nxt = words[k + 1][1].core if k + 1 < len(words) and adjacent(words[k], words[k + 1]) else None
    fixed = best_of(core, fold(prev) if prev else None, fold(nxt) if nxt else None, lex)
    if fixed is None:
        return False
    return lex.zipf.get(core.lower(), 0.0) + SLIP_ZIPF_GAP <= lex.zipf.get(fixed.lower(), UNKNOWN_ZIPF)


def lost_mark_cost(lost_share: float) -> float:
    """The cost of one lost mark in a text whose detector found `lost_share` of its words bare
    where a marked reading is far more common: -log of the share of marked words that lost their
    marks, never above Tesseract's own rate (LOST_MARK). Another tool's OCR or a font without
    marks ("HUYEN UY THO XUAN", every word bare) makes "uy" after "huyện" read "ủy"."""
    if lost_share <= 0:
        return LOST_MARK
    return max(MIN_LOST_MARK, min(LOST_MARK, -math.log(min(1.0, lost_share / MARKED_SHARE))))
