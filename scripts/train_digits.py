"""Train the handwritten-digit classifier and write pipeline/ocr/data/digits_mlp.npz.

    .venv/bin/python scripts/train_digits.py [--per-digit 3000] [--seed 0]

Deterministic for a seed, a scikit-learn version and the set of installed fonts (fc-list).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from congvan.pipeline.ocr.digits import MODEL_PATH, PER_DIGIT, SEED, save, train  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-digit", type=int, default=PER_DIGIT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    start = time.perf_counter()
    save(train(args.per_digit, args.seed), args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB) in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
