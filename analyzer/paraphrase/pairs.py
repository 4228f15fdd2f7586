"""Aligning and scoring the finder's (post, candidate sentence) pairs, the bulk of the
paraphrase stage's work, in this process or spread over worker processes.

A pair's result depends only on its texts and on who posted (:class:`Pair`), never on the
document it came from, so the pairs of a window can be scored anywhere, in any order, and
the finder puts the results back in place. :func:`score_pairs` scores them here, encoding
their texts in batches first; a pipeline with worker processes hands them to
:class:`PoolScorer`, whose workers each hold their own aligner and scorer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Protocol

from ..align.minilm import SentenceEncoder
from ..config import Settings
from ..records import Alignment, Fidelity
from ..score.checks import Speaker
from ..score.fidelity import FidelityScorer
from ..stages import Aligner
from ..text.sentences import content_sentences

__all__ = ["Pair", "PairScorer", "PoolScorer", "Scored", "encode_ahead", "score_in_worker", "score_pairs"]

logger = logging.getLogger(__name__)

#: pairs whose texts are encoded in one call: their word-piece vectors must fit the
#: aligner's cache until the pairs are scored
BATCH_PAIRS = 128
#: a window with fewer pairs than this is scored in this process (sending them costs more)
MIN_PARALLEL_PAIRS = 64


@dataclass(frozen=True, slots=True)
class Pair:
    """A post's English text, an article's candidate rendering of it, the post's own text
    (for quoted words) and who posted."""

    english: str
    candidate: str
    post: str | None
    speaker: Speaker


#: a pair's alignment and fidelity, or None when it was not scored: its sentence cosine
#: is under the finder's ``min_cosine`` (far apart in meaning)
Scored = tuple[Alignment, Fidelity] | None


class PairScorer(Protocol):
    """Scores pairs elsewhere, in order (see :func:`score_pairs`), or declines (None): then
    the finder scores them itself."""

    def __call__(self, pairs: Sequence[Pair], min_cosine: float) -> list[Scored] | None: ...


def score_pairs(
    aligner: Aligner, pairs: Sequence[Pair], min_cosine: float, scorer: FidelityScorer | None = None
) -> list[Scored]:
    """Align and score each pair with ``aligner`` (None for a pair whose sentence cosine is
    under ``min_cosine``; an aligner without sentence vectors scores every pair). The texts
    of :data:`BATCH_PAIRS` pairs at a time are encoded together, batched by length."""
    scorer = scorer or FidelityScorer(aligner)
    encoder = aligner if isinstance(aligner, SentenceEncoder) else None
    out: list[Scored] = []
    for start in range(0, len(pairs), BATCH_PAIRS):
        batch = pairs[start : start + BATCH_PAIRS]
        encode_ahead(aligner, [(p.english, p.candidate) for p in batch])
        for p in batch:
            if encoder is not None and min_cosine > 0:
                a, b = encoder.encode([p.english, p.candidate])
                if float(a.sentence @ b.sentence) < min_cosine:
                    out.append(None)
                    continue
            alignment = aligner.align(p.english, p.candidate)
            out.append(
                (alignment, scorer.score_aligned(p.english, p.candidate, alignment, p.post, p.speaker))
            )
    return out


def encode_ahead(aligner: Aligner, pairs: Sequence[tuple[str, str]]) -> None:
    """Encode the texts that scoring ``pairs`` (reference, candidate) asks of ``aligner``'s
    sentence model, in one batched call (the aligner caches them); nothing for an aligner
    without one."""
    if not isinstance(aligner, SentenceEncoder):
        return
    texts = [t for r, c in pairs for t in (r, *content_sentences(r), c) if t.strip()]
    if texts:
        aligner.encode(list(dict.fromkeys(texts)))


# -- worker processes ----------------------------------------------------------------------

#: the aligner and scorer of a worker process, built on its first pairs
_worker: tuple[Aligner, FidelityScorer] | None = None


#: a worker's encoder cache: it holds the texts of one share of pairs at a time
WORKER_CACHE_BYTES = 32 << 20


def _worker_scorer(settings: Settings) -> tuple[Aligner, FidelityScorer]:
    """The worker's aligner (the one ``settings`` name, its sentence encoder on one thread:
    the workers share the cores) and scorer, built on first use."""
    global _worker
    if _worker is None:
        from ..align import get_aligner

        threads = settings.encoder_threads or 1
        aligner = get_aligner(
            settings.replace(encoder_threads=threads), cache_bytes=WORKER_CACHE_BYTES
        )
        _worker = (aligner, FidelityScorer(aligner))
    return _worker


def warm_worker(settings: Settings) -> None:
    """Build the worker's aligner and scorer ahead of its first pairs (and score one, so
    that what the checks load on first use is loaded too)."""
    aligner, scorer = _worker_scorer(settings)
    score_pairs(aligner, [Pair("A short post of ours.", "A sentence of theirs.", None, Speaker())], 0.0, scorer)


def score_in_worker(settings: Settings, pairs: Sequence[Pair], min_cosine: float) -> list[Scored]:
    """:func:`score_pairs` in a worker process (:func:`_worker_scorer`)."""
    aligner, scorer = _worker_scorer(settings)
    from ..align import one_blas_thread

    with one_blas_thread():
        return score_pairs(aligner, pairs, min_cosine, scorer)


class PoolScorer:
    """Scores a window's pairs in the worker processes of ``pool()`` (``workers`` of them),
    a share each; it declines a window of few pairs (sending them costs more)."""

    def __init__(self, pool: Callable[[], Executor], workers: int, settings: Settings) -> None:
        self._pool = pool
        self._workers = workers
        self._settings = settings
        self._warmed = False

    def warm(self) -> None:
        """Have each worker build its aligner and scorer now, while this process works on
        other stages (once; it does not wait for them)."""
        if self._warmed or self._workers < 2:
            return
        self._warmed = True
        pool = self._pool()
        for _ in range(self._workers):
            pool.submit(warm_worker, self._settings)

    def __call__(self, pairs: Sequence[Pair], min_cosine: float) -> list[Scored] | None:
        if len(pairs) < MIN_PARALLEL_PAIRS or self._workers < 2:
            return None
        # shares small enough to even out the workers, large enough to batch the encoder
        size = max(16, min(BATCH_PAIRS, -(-len(pairs) // (self._workers * 4))))
        shares = [list(pairs[k : k + size]) for k in range(0, len(pairs), size)]
        pool = self._pool()
        futures = [pool.submit(score_in_worker, self._settings, s, min_cosine) for s in shares]
        out: list[Scored] = []
        for future in futures:
            out.extend(future.result())
        logger.debug("scored %d pairs in %d shares in worker processes", len(pairs), len(shares))
        return out
