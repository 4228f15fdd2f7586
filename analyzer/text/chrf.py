"""chrF (character n-gram F-score, Popović 2015) without dependencies: sacrebleu's
defaults (character n-grams 1..6, whitespace removed, beta 2), scaled to [0, 1]."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

__all__ = ["chrf", "chrf_sym"]

_ORDER = 6
_BETA = 2.0


#: texts whose n-gram counts are kept: a sentence's six orders of counts take tens of
#: kilobytes, and a post's text (compared with many sentences) is the one that repeats
NGRAM_CACHE = 2048


@lru_cache(maxsize=NGRAM_CACHE)
def _ngrams(text: str) -> tuple[tuple[Counter[str], int], ...]:
    """The character n-gram counts of ``text`` (orders 1..6), each with its total."""
    s = "".join(text.split())
    out = []
    for n in range(1, _ORDER + 1):
        grams = Counter(s[i : i + n] for i in range(len(s) - n + 1))
        out.append((grams, max(0, len(s) - n + 1)))
    return tuple(out)


def chrf(hypothesis: str, reference: str) -> float:
    """chrF of ``hypothesis`` against ``reference`` in [0, 1] (recall weighted by beta=2)."""
    return _both(hypothesis, reference)[0]


def chrf_sym(a: str, b: str) -> float:
    """Mean of chrF in both directions (the n-grams are matched once for both)."""
    ab, ba = _both(a, b)
    return (ab + ba) / 2


def _both(hypothesis: str, reference: str) -> tuple[float, float]:
    """chrF of ``hypothesis`` against ``reference``, and of ``reference`` against
    ``hypothesis``: the matches are the same, precision and recall change places."""
    hyp, ref = _ngrams(hypothesis), _ngrams(reference)
    precisions: list[float] = []
    recalls: list[float] = []
    for (h, h_total), (r, r_total) in zip(hyp, ref, strict=True):
        if not h or not r:
            continue
        small, large = (h, r) if len(h) <= len(r) else (r, h)
        match = 0
        for gram, count in small.items():
            other = large.get(gram)
            if other:
                match += count if count < other else other
        precisions.append(match / h_total)
        recalls.append(match / r_total)
    if not precisions:
        same = 1.0 if hypothesis.strip() == reference.strip() else 0.0
        return same, same
    prec = sum(precisions) / len(precisions)
    rec = sum(recalls) / len(recalls)
    return _f(prec, rec), _f(rec, prec)


def _f(prec: float, rec: float) -> float:
    if prec + rec == 0:
        return 0.0
    b2 = _BETA * _BETA
    return (1 + b2) * prec * rec / (b2 * prec + rec)
