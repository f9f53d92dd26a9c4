"""The fast forms of the obligations' name matching read exactly as the plain forms they replaced
(issues #4/#5, a 50-page dispatch under 1 s): the vocabulary alternation written as a trie, the
name spans answering "inside a name?" by bisection, the phrase rulers across justified spaces."""

from __future__ import annotations

import random

import pytest
import regex

from congvan.extractors.obligations.assignees import Ranges, _folded_verbs, _inside, action_verbs
from congvan.extractors.obligations.pipeline import SpacedPhrases, get_nlp, run
from congvan.extractors.textutil import alternation, fold
from congvan.extractors.vocab import load_table
from tests.obligations_gold import text_documents

TEXTS = [d.text() for d in text_documents()]


def _longest_first(words: set[str] | list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


def _spans(pattern: regex.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text, start, end)]


def test_alternation_keeps_the_longest_word_first() -> None:
    pattern = regex.compile(r"(?:" + alternation(["chủ", "chủ trì", "chủ trì, phối hợp", "a.b"]) + r")(?!\w)")
    assert pattern.match("chủ trì, phối hợp với").group() == "chủ trì, phối hợp"
    assert pattern.match("chủ trì xây dựng").group() == "chủ trì"
    assert pattern.match("chủx") is None  # "chủ" then a letter: no word ends there
    assert pattern.match("axb") is None  # the dot is a dot


@pytest.mark.parametrize("folded", [False, True], ids=["action-verbs", "folded-verbs"])
def test_verb_trie_finds_what_the_sorted_alternation_found(folded: bool) -> None:
    words = load_table("directive_verbs")["action_verbs"]
    if folded:
        plain = regex.compile(
            r"(?<![a-z0-9])(?:" + _longest_first({fold(w) for w in words if " " in w}) + r")(?![a-z0-9])"
        )
        trie = _folded_verbs()
    else:
        plain = regex.compile(r"(?<![\p{L}\d])(?:" + _longest_first(words) + r")(?![\p{L}\d])")
        trie = action_verbs()
    rnd = random.Random(5)
    found = 0
    for raw in TEXTS:
        text = fold(raw) if folded else raw
        assert _spans(trie, text, 0, len(text)) == _spans(plain, text, 0, len(text))
        found += len(_spans(trie, text, 0, len(text)))
        for _ in range(200):  # the windows subject_end searches in
            start = rnd.randrange(len(text) + 1)
            end = min(len(text), start + rnd.randrange(400))
            assert _spans(trie, text, start, end) == _spans(plain, text, start, end)
    assert found > 100


def test_ranges_answer_like_a_scan_over_the_names_of_real_dispatches() -> None:
    asked = 0
    for text in TEXTS:
        doc = run(text, (0, len(text)), None, None, ())
        names = [(s.start_char, s.end_char) for s in doc.spans["body_names"]]
        ranges = Ranges(names)
        assert list(ranges) == names  # still the names, in their order
        for pos in range(len(text) + 1):
            assert ranges.covers(pos) == any(s <= pos < e for s, e in names)
            assert _inside(pos, ranges) == _inside(pos, tuple(names))
            asked += 1
    assert asked > 10_000
    assert not Ranges([]).covers(0)
    nested = Ranges([(0, 50), (5, 10), (20, 30)])  # a long name holding shorter ones
    assert nested.covers(40) and nested.covers(7) and not nested.covers(50)
    # a term the text defines is whole: its end is known, and it is covered like any name
    defined = Ranges([(0, 50), (60, 71)], whole=[(60, 71)])
    assert defined.ends_at(71) and not defined.ends_at(50) and defined.covers(65)
    assert list(defined) == [(0, 50), (60, 71)]


def test_names_and_heads_match_across_justified_spaces_and_a_line_break() -> None:
    text = "1. Giao Sở Tư  pháp chủ trì, phối hợp với Thủ  trưởng  các\n đơn  vị thực hiện."
    doc = run(text, (0, len(text)), None, None, ())
    assert [s.text for s in doc.spans["body_names"]] == ["Tư  pháp"]
    heads = [(s.text, s.label_) for s in doc.spans["body_heads"]]
    assert ("Thủ  trưởng  các\n đơn  vị", "HEAD") in heads and ("Sở", "HEAD") in heads
    # the same names on the text printed with single spaces, at the same word offsets
    single = " ".join(text.split())
    plain = run(single, (0, len(single)), None, None, ())
    assert [" ".join(s.text.split()) for s in doc.spans["body_heads"]] == [s.text for s in plain.spans["body_heads"]]


def test_a_phrase_written_with_a_double_space_matches_on_its_words() -> None:
    nlp = get_nlp()
    ruler = SpacedPhrases(nlp, "probe", "LOWER")
    ruler.add("NAME", ["Sở  Tư pháp"])
    text = "Giao sở tư   pháp chủ trì; Sở Tư pháp phối hợp"
    doc = ruler(nlp.make_doc(text))
    assert [(s.text, s.label_, s.id_) for s in doc.spans["probe"]] == [
        ("sở tư   pháp", "NAME", "name:Sở  Tư pháp"),
        ("Sở Tư pháp", "NAME", "name:Sở  Tư pháp"),
    ]
