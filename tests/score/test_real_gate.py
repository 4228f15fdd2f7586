"""Quality gate on real article renderings (tests/data/fidelity-real: real posts embedded in
real English articles, their article sentences labelled by hand). The scorer and the
paraphrase finder must not fall below the floors pinned here, and the corpus must be the one
the floors were measured on (its digest is pinned in tests/data/corpus_digests.json). Lowering a floor is a reviewed change.

The label model was trained on these items among others (scripts/train_fidelity.py): these
floors are in-sample; docs/fidelity.md gives the grouped cross-validation figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analyzer import analyze_paths
from analyzer.align import LexicalAligner
from analyzer.config import Settings
from analyzer.pipeline import Pipeline
from analyzer.score.evaluate import evaluate_finder, evaluate_real, load_real
from analyzer.score.fidelity import FidelityScorer

DATA = Path(__file__).resolve().parents[1] / "data" / "fidelity-real"
ITEMS = load_real(DATA / "items.json")

#: measured when pinned (label model v4): lexical label 0.82, rendering 0.88, ranking 0.86,
#: top-1 0.82, flags 0.97; embedding 0.83, 0.88, 0.90, 0.82, 0.95 (v3: lexical 0.83, 0.88,
#: 0.88, 0.86, 0.97; embedding 0.84, 0.88, 0.90, 0.82, 0.95). v4 lowered the lexical top-1
#: floor: its grouped CV by post rose (ranking 0.76 -> 0.80, top-1 0.77 -> 0.82), in-sample
#: fell (ranking 0.88 -> 0.86, top-1 0.86 -> 0.82; docs/fidelity.md)
SCORER_FLOORS = {
    "lexical": {"label_accuracy": 0.8, "rendering_accuracy": 0.86, "ranking_accuracy": 0.84,
                "top1": 0.8, "flag_recall": 0.95},
    "embedding": {"label_accuracy": 0.82, "rendering_accuracy": 0.86, "ranking_accuracy": 0.88,
                  "top1": 0.8, "flag_recall": 0.93},
}
#: measured when pinned (label model v4, no translation; 38 of 38 posts found with their
#: id): lexical precision 0.92, recall 0.56, 17 of 22 found renderings labelled right;
#: embedding 0.92, 0.59, 18 of 23 (raised from 0.9/0.38/0.7 and 0.85/0.41/0.78 when the
#: finder came to read whole articles, and the recall floors from 0.5 and 0.53 when it came
#: to take two sentences that render a post between them). Recall is capped near 0.74
#: here without translation: ten renderings belong to three Japanese posts
FINDER_FLOORS = {
    "lexical": {"posts_found": 37, "precision": 0.9, "recall": 0.53, "recall_extracted": 0.53,
                "labelled_right": 0.75},
    "embedding": {"posts_found": 37, "precision": 0.88, "recall": 0.56, "recall_extracted": 0.56,
                  "labelled_right": 0.78},
}


def test_corpus_is_the_pinned_one() -> None:
    # the digest itself is pinned with every corpus in tests/data/corpus_digests.json
    assert len(ITEMS) == 38
    assert sum(1 for it in ITEMS for c in it["candidates"] if not c.get("doubtful")) == 104


def _check(result: dict[str, Any], floors: dict[str, float]) -> None:
    for key, floor in floors.items():
        assert result[key] >= floor, (key, result)


def test_scorer_lexical() -> None:
    _check(evaluate_real(ITEMS, FidelityScorer(LexicalAligner())), SCORER_FLOORS["lexical"])


def test_scorer_embedding(embedding_aligner: Any) -> None:
    _check(evaluate_real(ITEMS, FidelityScorer(embedding_aligner)), SCORER_FLOORS["embedding"])


def _pages() -> list[str]:
    return sorted(str(p) for p in (DATA / "pages").glob("*.html.gz"))


def test_finder_lexical() -> None:
    settings = Settings(translate=False, embeddings=False, cache=False)
    result = evaluate_finder(ITEMS, analyze_paths(_pages(), settings=settings))
    _check(result, FINDER_FLOORS["lexical"])


def test_finder_embedding(embedding_aligner: Any) -> None:
    settings = Settings(translate=False, cache=False)
    pipeline = Pipeline(settings, aligner=embedding_aligner)
    result = evaluate_finder(ITEMS, analyze_paths(_pages(), settings=settings, pipeline=pipeline))
    _check(result, FINDER_FLOORS["embedding"])
