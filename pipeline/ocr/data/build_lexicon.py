"""Rebuild the diacritic repair's data files (run by hand; nothing here runs in the pipeline).

    .venv/bin/python -m congvan.pipeline.ocr.data.build_lexicon [--wordfreq /path/to/venv/python]
        [--dictionary underthesea-9.5.0-py3-none-any.whl | Viet74K.txt]

- syllable_freq.tsv: Vietnamese syllables with their Zipf frequency (log10 of occurrences per
  billion words), from the `wordfreq` package's Vietnamese list (data CC-BY-SA 4.0, see the
  file's header). Only grammar-valid lower-case syllables are kept. Needs a Python with
  `wordfreq` installed (a throw-away venv does: it is not a project dependency).
- dictionary_words.txt: the multi-syllable words of a Vietnamese dictionary (Viet74K.txt, shipped
  in the `underthesea` package, Apache-2.0; pass its path or the wheel), lower case, grammar-valid
  syllables only, each open syllable in "i" also spelt with "y" as administrative text writes it
  ("kì thi" → "kỳ thi"). It tells which syllables exist and which pairs form a word (diacritics.py,
  consistency.py).
- bigrams.tsv: counts of adjacent syllable pairs in clean administrative text: the seeds' typed
  texts, 039.txt, the text layers of the born-digital 003/016, and the phrase tables
  (admin_phrases.json, extractors/data/*.json, formulaic_lines.json). Scans' gold is never read.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise, product
from pathlib import Path

import regex

from congvan.extractors.syllables import is_valid

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SHARED = Path("/work/shared")
FREQ_FILE = HERE / "syllable_freq.tsv"
BIGRAM_FILE = HERE / "bigrams.tsv"
DICTIONARY_FILE = HERE / "dictionary_words.txt"
# The underthesea wheel's largest list (its 22K list lacks "tổng thể"). It spells "kì thi".
DICTIONARY_MEMBER = "underthesea/corpus/data/Viet74K.txt"
# An open syllable of one of the consonants after which offices write y for i: "kì" / "kỳ",
# "lí" / "lý", "mĩ" / "mỹ", "hi" / "hy", "ti" / "ty", "sĩ" / "sỹ" (never "thi", "chi", "nghi").
I_SYLLABLE = regex.compile(r"""^[hklmst][iíìỉĩị]$""", regex.VERBOSE)
Y_FOR_I = str.maketrans("iíìỉĩị", "yýỳỷỹỵ")
DICTIONARY_HEADER = (
    "# Multi-syllable Vietnamese words, lower case, from Viet74K.txt as shipped in the underthesea\n"
    "# package 9.5.0 (https://github.com/undertheseanlp/underthesea, Apache License 2.0). Only\n"
    "# entries made of grammar-valid syllables are kept, open \"i\" syllables also with \"y\".\n"
    "# Rebuilt by pipeline/ocr/data/build_lexicon.py.\n"
)
# Phrase tables weigh as much as this many occurrences in running text: each is a phrase known to
# be written exactly so, while a corpus text counts a phrase once per use.
TABLE_WEIGHT = 3
# Runs of letters separated only by spaces ("phòng chống dịch"); punctuation ends a run.
LETTER_RUN = regex.compile(r"""\p{L}+(?:[ \t]+\p{L}+)*""", regex.VERBOSE)
FREQ_HEADER = (
    "# Vietnamese syllables and their Zipf frequency, derived from wordfreq 3.1 (Robyn Speer et al.,\n"
    "# https://github.com/rspeer/wordfreq), whose word lists are licensed CC-BY-SA 4.0; this derived\n"
    "# list is under the same licence. Rebuilt by pipeline/ocr/data/build_lexicon.py.\n"
)

WORDFREQ_DUMP = """
import wordfreq
for w in wordfreq.iter_wordlist("vi", "small"):
    print(w, wordfreq.zipf_frequency(w, "vi"), sep="\\t")
"""


def build_freq(python: str) -> None:
    out = subprocess.run([python, "-c", WORDFREQ_DUMP], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        word, zipf = line.split("\t")
        word = unicodedata.normalize("NFC", word)
        if word.isalpha() and word == word.lower() and is_valid(word):
            rows.append(f"{word}\t{float(zipf):.2f}")
    FREQ_FILE.write_text(FREQ_HEADER + "\n".join(rows) + "\n", encoding="utf-8")


def build_dictionary(source: Path) -> None:
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            raw = wheel.read(DICTIONARY_MEMBER).decode("utf-8")
    else:
        raw = source.read_text(encoding="utf-8")
    words = set()
    for line in raw.splitlines():
        word = " ".join(unicodedata.normalize("NFC", line).lower().split())
        syllables = word.split(" ")
        if len(syllables) > 1 and all(is_valid(s) for s in syllables):
            words.add(word)
            spellings = [[s, s.translate(Y_FOR_I)] if I_SYLLABLE.match(s) else [s] for s in syllables]
            words.update(" ".join(choice) for choice in product(*spellings))
    DICTIONARY_FILE.write_text(DICTIONARY_HEADER + "\n".join(sorted(words)) + "\n", encoding="utf-8")


def corpus_texts() -> Iterator[str]:
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        yield path.read_text(encoding="utf-8")
    yield (SHARED / "corpus-real" / "039.txt").read_text(encoding="utf-8")
    for stem in ("003", "016"):  # born-digital: the text layer is the printed text
        pdf = SHARED / "corpus-real" / f"{stem}.pdf"
        yield subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not key.startswith("_"):
                yield from strings(item)


def table_texts() -> Iterator[str]:
    yield from strings(json.loads((HERE / "admin_phrases.json").read_text(encoding="utf-8")))
    yield from strings(json.loads((HERE.parent / "formulaic_lines.json").read_text(encoding="utf-8")))
    for path in sorted((REPO / "extractors" / "data").glob("*.json")):
        yield from strings(json.loads(path.read_text(encoding="utf-8")))


def bigrams(text: str) -> Iterator[tuple[str, str]]:
    for run in LETTER_RUN.finditer(unicodedata.normalize("NFC", text)):
        if run[0].isascii():
            continue  # folded keys of lookup tables ("chi thi", "thong bao"), not written text
        words = run[0].lower().split()
        for a, b in pairwise(words):
            if is_valid(a) and is_valid(b):
                yield a, b


def build_bigrams() -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for text in corpus_texts():
        counts.update(bigrams(text))
    for text in table_texts():
        for pair in bigrams(text):
            counts[pair] += TABLE_WEIGHT
    rows = [f"{a}\t{b}\t{n}" for (a, b), n in sorted(counts.items())]
    BIGRAM_FILE.write_text("\n".join(rows) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wordfreq", help="a python that has the wordfreq package (rebuilds syllable_freq.tsv)")
    parser.add_argument("--dictionary", type=Path, help="Viet22K.txt or the underthesea wheel that holds it")
    args = parser.parse_args()
    if args.wordfreq:
        build_freq(args.wordfreq)
    if args.dictionary:
        build_dictionary(args.dictionary)
    build_bigrams()


if __name__ == "__main__":
    main()
