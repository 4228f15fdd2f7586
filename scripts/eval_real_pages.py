#!/usr/bin/env python
"""Score the extractor on real article pages and print what it misses.

    python scripts/eval_real_pages.py [CORPUS ...] [--quiet] [--json OUT]

Each CORPUS is a folder in the gate's format (``pages/*.gz``, ``gold.json``, ``manifest.tsv``,
``SOURCE.md``); by default every corpus under ``tests/data/real-pages``. For each it runs ingest
+ extract + language detection in this process and prints one line per miss:

* ``FP``/``FN``: an embed found that the gold does not hold / a gold embed not found
  (by ``(platform, post_id)``; doubtful gold posts are don't-care);
* ``LANG``: a text-bearing embed whose detected language is not the gold's;
* ``QFP``/``QFN``: a post quoted in prose found that is not labelled / a labelled one not found;
* ``QWHO``: a labelled quote found with another speaker;

then the scores: precision, recall, F1 and language accuracy of embeds; precision, recall and
speaker accuracy of prose quotes.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def corpora() -> list[Path]:
    base = ROOT / "tests" / "data" / "real-pages"
    found = sorted(p.parent for p in base.rglob("gold.json"))
    return found or [base]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("corpus", nargs="*", type=Path)
    ap.add_argument("--quiet", action="store_true", help="scores only, no misses")
    ap.add_argument("--json", type=Path, default=None, help="write the scores as JSON")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)
    from extract.real_pages import evaluate

    results = {}
    for folder in args.corpus or corpora():
        score = evaluate(folder)
        print(f"== {folder}")
        if not args.quiet:
            for line in score.misses:
                print(line)
        print(score.summary())
        results[str(folder)] = score.metrics()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
