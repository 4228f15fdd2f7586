"""The finder's pairs scored in worker processes are the pairs scored here."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest

from analyzer.align import LexicalAligner
from analyzer.config import Settings
from analyzer.paraphrase.pairs import MIN_PARALLEL_PAIRS, Pair, PoolScorer, score_pairs
from analyzer.score.checks import Speaker

POST = "We will never negotiate with the militants, the governor said on Monday."
SENTENCES = [
    "The governor said he would not negotiate with the militants.",
    "Thousands of people marched in the capital on Sunday.",
    "He vowed on Monday never to hold talks with the armed group.",
    "The governor said he would negotiate with the militants.",
]


def _pairs(n: int) -> list[Pair]:
    return [
        Pair(POST, f"{SENTENCES[k % len(SENTENCES)]} ({k})", POST, Speaker("Jane Roe", "janeroe"))
        for k in range(n)
    ]


def test_a_pool_scores_the_pairs_as_this_process_does() -> None:
    settings = Settings(translate=False, embeddings=False)
    pairs = _pairs(MIN_PARALLEL_PAIRS + 10)
    here = score_pairs(LexicalAligner(), pairs, 0.0)
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        scorer = PoolScorer(lambda: pool, 2, settings)
        scorer.warm()
        there = scorer(pairs, 0.0)
    assert there == here
    labels = {p.candidate.split(" (")[0]: r[1].label for p, r in zip(pairs, here, strict=True) if r}
    assert labels[SENTENCES[1]] == "unrelated" and labels[SENTENCES[0]] != "unrelated"


def test_a_pool_declines_a_few_pairs() -> None:
    def no_pool() -> ProcessPoolExecutor:
        raise AssertionError("a few pairs are not sent to the workers")

    assert PoolScorer(no_pool, 2, Settings())(_pairs(3), 0.0) is None


@pytest.mark.parametrize("min_cosine", [0.0, 0.99])
def test_pairs_under_the_cosine_floor_are_not_scored(min_cosine: float) -> None:
    from analyzer.align import get_aligner

    aligner = get_aligner(Settings(translate=False))
    if aligner.name != "embedding":
        pytest.skip("the sentence encoder is not installed")
    out = score_pairs(aligner, _pairs(4), min_cosine)
    if min_cosine == 0.0:
        assert all(r is not None for r in out)
    else:
        assert out[1] is None  # about something else: not aligned, not scored
