#!/usr/bin/env python
"""Build the tiny random MarianMT checkpoint the tests use (hub opus-mt layout).

    python scripts/build_tiny_marian.py OUT_DIR
    analyze-posts --model OUT_DIR article.txt     # exercises the whole translation path

Its translations are noise: use it to try the plumbing without downloading weights.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from tiny_model import build_tiny_marian  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    path = build_tiny_marian(args.out_dir, seed=args.seed)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
