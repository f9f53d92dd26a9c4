"""Write a stress corpus: the plain-text documents of chosen halves with every diacritic removed,
as another tool's OCR or an old converter delivers them ("CUC THUE TP HA NOI", "Ha Noi, ngay …"),
beside their unchanged gold. `congvan eval` on it shows what the noisy-text path keeps of each
field (read its "folded" column: the gold keeps its marks, the input has none).

The sealed half is never written unless asked for by name, so a tuning loop cannot see it.

Run: .venv/bin/python scripts/strip_marks_corpus.py /tmp/stripped && .venv/bin/congvan eval /tmp/stripped
"""

from __future__ import annotations

import argparse
import csv
import shutil
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def strip_marks(text: str) -> str:
    """"Hà Nội, ngày 5 tháng 3" → "Ha Noi, ngay 5 thang 3": marks and the đ bar gone, nothing else."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def write(out: Path, halves: set[str]) -> list[str]:
    rows = list(csv.DictReader((CORPUS / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
    chosen = [r for r in rows if r["half"] in halves and r["file"].endswith(".txt")]
    if out.exists():
        shutil.rmtree(out)
    (out / "docs").mkdir(parents=True)
    (out / "gold").mkdir()
    with (out / "MANIFEST.tsv").open("w", encoding="utf-8", newline="") as manifest:
        writer = csv.DictWriter(manifest, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        for row in chosen:
            text = (CORPUS / "docs" / row["file"]).read_text(encoding="utf-8")
            (out / "docs" / row["file"]).write_text(strip_marks(text), encoding="utf-8")
            gold = CORPUS / "gold" / (row["file"].rsplit(".", 1)[0] + ".json")
            if gold.exists():
                shutil.copy(gold, out / "gold" / gold.name)
            writer.writerow(row)
    return [r["file"] for r in chosen]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--halves", default="first,tuning", help="comma-separated: first, tuning (sealed only by name)")
    args = parser.parse_args()
    files = write(args.out, {h.strip() for h in args.halves.split(",")})
    print(f"{len(files)} documents without marks in {args.out}")


if __name__ == "__main__":
    main()
