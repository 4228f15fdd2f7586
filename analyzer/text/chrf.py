"""chrF (character n-gram F-score, Popović 2015) without dependencies: sacrebleu's
defaults (character n-grams 1..6, whitespace removed, beta 2), scaled to [0, 1]."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

__all__ = ["chrf", "chrf_spans", "chrf_sym"]

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


def chrf_spans(text: str, spans: Sequence[tuple[int, int]], reference: str) -> list[float]:
    """``chrf(text[a:b], reference)`` for each ``(a, b)`` of ``spans``: the same numbers, with
    the work shared. Spans that start at the same place are grown one from another, and only
    the n-grams that ``reference`` holds are counted, so many windows of one text (a quotation
    against every stretch of a post) cost about one pass over each start's longest window."""
    ref = _ngrams(reference)
    stripped: list[str] = []
    position = [0] * (len(text) + 1)  # offset in ``text`` -> offset in its unspaced form
    for k, ch in enumerate(text):
        position[k] = len(stripped)
        if not ch.isspace():
            stripped.append(ch)
    position[len(text)] = len(stripped)
    s = "".join(stripped)
    out: list[float] = [0.0] * len(spans)
    by_start: dict[int, list[int]] = {}
    for k, (a, _) in enumerate(spans):
        by_start.setdefault(a, []).append(k)
    for a, members in by_start.items():
        members.sort(key=lambda k: spans[k][1])
        begin = position[a]
        counts: list[dict[str, int]] = [{} for _ in range(_ORDER)]
        matches = [0] * _ORDER
        grown = begin  # s[begin:grown] is counted
        for k in members:
            end = max(begin, position[spans[k][1]])
            while grown < end:
                grown += 1
                for n in range(1, min(_ORDER, grown - begin) + 1):
                    gram = s[grown - n : grown]
                    limit = ref[n - 1][0].get(gram)
                    if limit:
                        have = counts[n - 1].get(gram, 0)
                        if have < limit:
                            matches[n - 1] += 1
                        counts[n - 1][gram] = have + 1
            length = end - begin
            precisions: list[float] = []
            recalls: list[float] = []
            for n in range(1, _ORDER + 1):
                r_total = ref[n - 1][1]
                h_total = length - n + 1
                if h_total <= 0 or r_total <= 0:
                    continue
                precisions.append(matches[n - 1] / h_total)
                recalls.append(matches[n - 1] / r_total)
            if not precisions:
                a_, b_ = spans[k]
                out[k] = 1.0 if text[a_:b_].strip() == reference.strip() else 0.0
                continue
            out[k] = _f(sum(precisions) / len(precisions), sum(recalls) / len(recalls))
    return out


def _f(prec: float, rec: float) -> float:
    if prec + rec == 0:
        return 0.0
    b2 = _BETA * _BETA
    return (1 + b2) * prec * rec / (b2 * prec + rec)
