"""Evaluate the fidelity scorer.

1. The project's labelled cases (tests/data/eval/fidelity/cases.jsonl): label accuracy,
   ranking accuracy, recall of the named hard flags, for the embedding and the lexical
   aligner.
2. STS Benchmark test (optional, ``--stsb PATH``, a TSV of ``score<TAB>s1<TAB>s2``): Spearman
   of the ``similarity`` component, against plain MiniLM cosine measured in the same run
   (the baseline), and pairs/s of the similarity component and of full fidelity scoring.

    python scripts/eval_fidelity.py --stsb ../shared/benchmarks/similarity/stsb-test.tsv --threads 1
    python scripts/eval_fidelity.py --real tests/data/fidelity-real/items.json

Throughput depends on the machine and on other load: compare the ratios printed, which are
measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analyzer.align import LexicalAligner  # noqa: E402
from analyzer.align.embedding import EmbeddingAligner, load_model  # noqa: E402
from analyzer.score.evaluate import (  # noqa: E402
    evaluate,
    evaluate_real,
    load_cases,
    load_real,
    spearman,
)
from analyzer.score.fidelity import FidelityScorer  # noqa: E402

CASES = ROOT / "tests" / "data" / "eval" / "fidelity" / "cases.jsonl"


def _stsb(
    path: Path, aligner: EmbeddingAligner, lexical: LexicalAligner, limit: int | None
) -> dict[str, float]:
    rows = [
        line.rstrip("\n").split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rows = rows[:limit] if limit else rows
    gold = [float(r[0]) for r in rows]
    pairs = [(r[1], r[2]) for r in rows]
    t0 = time.perf_counter()
    aligner.encode([t for p in pairs for t in p])
    sims = [aligner.similarity(a, b) for a, b in pairs]
    t_sim = time.perf_counter() - t0
    cos = [aligner.cosine(a, b) for a, b in pairs]
    t1 = time.perf_counter()
    lex = [lexical.similarity(a, b) for a, b in pairs]
    t_lex = time.perf_counter() - t1
    scorer = FidelityScorer(aligner)
    sample = pairs[:200]
    t2 = time.perf_counter()
    for a, b in sample:
        scorer.score(a, b)
    t_full = time.perf_counter() - t2
    return {
        "pairs": len(pairs),
        "spearman_similarity": spearman(gold, sims),
        "spearman_minilm_cosine_baseline": spearman(gold, cos),
        "spearman_lexical_similarity": spearman(gold, lex),
        "similarity_pairs_per_s": len(pairs) / t_sim,
        "lexical_similarity_pairs_per_s": len(pairs) / t_lex,
        "fidelity_pairs_per_s_(encoded)": len(sample) / t_full,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--cases", type=Path, default=CASES)
    ap.add_argument("--stsb", type=Path, default=None, help="STS-B test TSV (score, s1, s2)")
    ap.add_argument("--limit", type=int, default=None, help="first N STS-B pairs only")
    ap.add_argument(
        "--threads", type=int, default=1, help="torch threads (1 avoids oversubscription)"
    )
    ap.add_argument("--no-embeddings", action="store_true", help="lexical aligner only")
    ap.add_argument("--misses", action="store_true", help="list the cases that missed")
    ap.add_argument(
        "--real", type=Path, default=None,
        help="real renderings items.json (tests/data/fidelity-real/items.json): label, "
        "rendering, ranking, top-1 and flag recall of the scorer",
    )
    args = ap.parse_args(argv)

    cases = load_cases(args.cases)
    report: dict[str, object] = {}
    lexical = LexicalAligner()
    aligners: list[tuple[str, object]] = [("lexical", lexical)]
    embedding: EmbeddingAligner | None = None
    if not args.no_embeddings:
        t = time.perf_counter()
        embedding = EmbeddingAligner(load_model(threads=args.threads), cache_size=20000)
        report["model_load_s"] = round(time.perf_counter() - t, 2)
        aligners.insert(0, ("embedding", embedding))
    for name, aligner in aligners:
        t = time.perf_counter()
        result = evaluate(cases, FidelityScorer(aligner))  # type: ignore[arg-type]
        result["pairs_per_s"] = len(cases) / (time.perf_counter() - t)
        if not args.misses:
            result.pop("misses")
        report[name] = result
        if args.real is not None:
            t = time.perf_counter()
            real = evaluate_real(load_real(args.real), FidelityScorer(aligner))  # type: ignore[arg-type]
            real["pairs_per_s"] = real["candidates"] / (time.perf_counter() - t)
            report[f"{name}_real"] = real
    if args.stsb is not None and embedding is not None:
        report["stsb"] = _stsb(args.stsb, embedding, lexical, args.limit)
    print(json.dumps(report, indent=2, default=lambda v: round(v, 4)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
