"""Word links to phrase alignment, shared by the lexical and the embedding aligner.

Given the words of both sides and a word-similarity matrix, :func:`build_alignment`

1. links words whose similarity is each other's best (argmax intersection, as SimAlign),
   above a threshold, with a small penalty for distant relative positions;
2. grows links over identical neighbouring words (stop words join a phrase this way);
3. fills "slots": an unaligned run of reference words and an unaligned run of candidate
   words between the same two anchors become one low-scored *substitution* pair
   ("Mujahideen of the Islamic Emirate" -> "fighters", "Panjshir" -> "Kabul");
4. groups consecutive links into phrase pairs and reports the runs left over on each side
   (omissions on the reference side, additions on the candidate side).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from ..records import AlignedPair, Alignment, Span
from ..text.tokens import Token, is_content, synonym_groups, synonyms

__all__ = ["build_alignment", "lexical_similarity", "lexical_matrix", "SUBSTITUTION_MAX"]

Matrix = list[list[float]]

#: Substitution pairs are scored at most this (they are a change, not a match).
SUBSTITUTION_MAX = 0.5


def lexical_similarity(a: Token, b: Token) -> float:
    """Similarity of two words from their surface: 1 identical, 0.95 same stem,
    0.7 synonyms, 0.8 a shared long prefix (transliteration variants), else 0."""
    if a.lower == b.lower:
        return 1.0
    if a.stem == b.stem:
        return 0.95
    if not (a.content and b.content):
        return 0.0
    return _content_similarity(a.stem, b.stem, a.text[0].isupper(), b.text[0].isupper())


@lru_cache(maxsize=262144)
def _content_similarity(a: str, b: str, a_cap: bool, b_cap: bool) -> float:
    if synonyms(a, b):
        return 0.7
    if len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5] and a_cap == b_cap:
        return 0.8
    return 0.0


def lexical_matrix(ref: Sequence[Token], cand: Sequence[Token]) -> Matrix:
    """:func:`lexical_similarity` of every (reference, candidate) word pair. Most pairs share
    nothing: the candidate's words are indexed by form, stem, synonym group and long prefix,
    and each reference word is compared only with the words it could match."""
    m = len(cand)
    by_lower: dict[str, list[int]] = {}
    by_stem: dict[str, list[int]] = {}
    by_group: dict[int, list[int]] = {}
    by_prefix: dict[tuple[str, bool], list[int]] = {}
    groups = synonym_groups()
    for j, c in enumerate(cand):
        by_lower.setdefault(c.lower, []).append(j)
        by_stem.setdefault(c.stem, []).append(j)
        if c.content:
            for g in groups.get(c.stem, ()):
                by_group.setdefault(g, []).append(j)
            if len(c.stem) >= 5:
                by_prefix.setdefault((c.stem[:5], c.text[0].isupper()), []).append(j)
    out: Matrix = []
    for r in ref:
        row = [0.0] * m
        for j in by_stem.get(r.stem, ()):
            row[j] = 0.95
        for j in by_lower.get(r.lower, ()):
            row[j] = 1.0
        if r.content:
            near: set[int] = set()
            for g in groups.get(r.stem, ()):
                near.update(by_group.get(g, ()))
            if len(r.stem) >= 5:
                near.update(by_prefix.get((r.stem[:5], r.text[0].isupper()), ()))
            for j in near:
                if not row[j]:
                    c = cand[j]
                    row[j] = _content_similarity(r.stem, c.stem, r.text[0].isupper(), c.text[0].isupper())
        out.append(row)
    return out


def _links(
    sim: Matrix, ref: Sequence[Token], cand: Sequence[Token], threshold: float
) -> dict[int, int]:
    import numpy as np

    n, m = len(ref), len(cand)
    if not n or not m:
        return {}
    # each word's best partner, with a small penalty for distant relative positions (the
    # first best on a tie, as max() would give)
    rows = (np.arange(n) + 0.5) / n
    cols = (np.arange(m) + 0.5) / m
    adj = np.asarray(sim, dtype=np.float64) - 0.15 * np.abs(rows[:, None] - cols[None, :])
    best_j = adj.argmax(axis=1).tolist()
    best_i = adj.argmax(axis=0).tolist()
    links: dict[int, int] = {}
    for i in range(n):
        j = best_j[i]
        if best_i[j] != i or sim[i][j] < threshold:
            continue
        # stop words link only when identical (they are then grown from content anchors too)
        if not (is_content(ref[i]) and is_content(cand[j])) and ref[i].lower != cand[j].lower:
            continue
        if not is_content(ref[i]) and not is_content(cand[j]):
            continue  # lone stop words: only through growth next to an anchor
        links[i] = j
    return links


def _monotone(
    links: dict[int, int], sim: Matrix, unique: tuple[set[int], set[int]] | None = None
) -> dict[int, int]:
    """Keep the heaviest crossing-free subset of links (weighted longest increasing
    subsequence): paraphrases reorder little, and a crossing link is usually a repeated
    word matched to the wrong occurrence."""
    items = sorted(links.items())
    if len(items) < 2:
        return dict(items)
    best = [sim[i][j] for i, j in items]
    prev = [-1] * len(items)
    for k, (i, j) in enumerate(items):
        for q in range(k):
            if items[q][1] < j and best[q] + sim[i][j] > best[k]:
                best[k] = best[q] + sim[i][j]
                prev[k] = q
    k = max(range(len(items)), key=best.__getitem__)
    keep: dict[int, int] = {}
    while k >= 0:
        keep[items[k][0]] = items[k][1]
        k = prev[k]
    if unique is not None:
        # a crossing link between words that occur once on each side is a reordering
        # ("X, the minister said" -> "The minister said X"), not a mistake: keep it
        for i, j in items:
            if (
                i not in keep
                and j not in keep.values()
                and i in unique[0]
                and j in unique[1]
                and sim[i][j] >= 0.9
            ):
                keep[i] = j
    return keep


def _unique(tokens: Sequence[Token]) -> set[int]:
    counts: dict[str, int] = {}
    for t in tokens:
        counts[t.stem] = counts.get(t.stem, 0) + 1
    return {t.index for t in tokens if counts[t.stem] == 1 and is_content(t)}


def _grow(links: dict[int, int], ref: Sequence[Token], cand: Sequence[Token]) -> None:
    used = set(links.values())
    changed = True
    while changed:
        changed = False
        for i, j in sorted(links.items()):
            for di in (-1, 1):
                ni, nj = i + di, j + di
                if (
                    0 <= ni < len(ref)
                    and 0 <= nj < len(cand)
                    and ni not in links
                    and nj not in used
                ):
                    if ref[ni].lower == cand[nj].lower or ref[ni].stem == cand[nj].stem:
                        links[ni] = nj
                        used.add(nj)
                        changed = True


def _runs(indices: Sequence[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for k in indices:
        if runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _span(tokens: Sequence[Token], run: Sequence[int]) -> Span:
    return Span(tokens[run[0]].start, tokens[run[-1]].end)


def build_alignment(
    reference: str,
    candidate: str,
    ref: Sequence[Token],
    cand: Sequence[Token],
    sim: Matrix,
    *,
    threshold: float,
    method: str,
    span_similarity: Callable[[Sequence[int], Sequence[int]], float] | None = None,
) -> Alignment:
    """Phrase alignment from a word-similarity matrix (see the module docstring)."""
    unique = (_unique(ref), _unique(cand))
    links = _monotone(_links(sim, ref, cand, threshold), sim, unique)
    _grow(links, ref, cand)
    links = _monotone(links, sim, unique)

    # phrase pairs: consecutive reference words whose partners are close and monotone
    groups: list[list[tuple[int, int]]] = []
    for i, j in sorted(links.items()):
        if groups:
            pi, pj = groups[-1][-1]
            if i == pi + 1 and 0 < j - pj <= 2:
                groups[-1].append((i, j))
                continue
        groups.append([(i, j)])

    pairs: list[tuple[int, AlignedPair]] = []
    for g in groups:
        ri = [i for i, _ in g]
        cj = [j for _, j in g]
        ri_run = list(range(min(ri), max(ri) + 1))
        cj_run = list(range(min(cj), max(cj) + 1))
        score = sum(sim[i][j] for i, j in g) / len(g)
        rs, cs = _span(ref, ri_run), _span(cand, cj_run)
        pairs.append(
            (
                rs.start,
                AlignedPair(
                    reference[rs.start : rs.end],
                    candidate[cs.start : cs.end],
                    rs,
                    cs,
                    round(min(1.0, score), 4),
                ),
            )
        )

    covered_c: set[int] = set()
    for g in groups:
        cj = [j for _, j in g]
        covered_c.update(range(min(cj), max(cj) + 1))
    covered_r: set[int] = set()
    for g in groups:
        ri = [i for i, _ in g]
        covered_r.update(range(min(ri), max(ri) + 1))

    ref_free = [i for i in range(len(ref)) if i not in covered_r]
    cand_free = set(j for j in range(len(cand)) if j not in covered_c)
    ref_unaligned: list[Span] = []
    cand_used: set[int] = set()
    sorted_links = sorted(links.items())
    for run in _runs(ref_free):
        if not any(is_content(ref[i]) for i in run):
            continue
        # anchors around the run, and the candidate words between the anchors' partners
        left = [j for i, j in sorted_links if i < run[0]]
        right = [j for i, j in sorted_links if i > run[-1]]
        lo = left[-1] if left else -1
        hi = right[0] if right else len(cand)
        between = [j for j in range(lo + 1, hi) if j in cand_free and j not in cand_used]
        slot = [j for j in between]
        contiguous = (
            bool(slot) and slot == list(range(slot[0], slot[-1] + 1)) and len(slot) == hi - lo - 1
        )
        if contiguous and any(is_content(cand[j]) for j in slot) and (left or right):
            if span_similarity is not None:
                s = span_similarity(run, slot)
            else:
                s = max(
                    (
                        sim[i][j]
                        for i in run
                        for j in slot
                        if is_content(ref[i]) and is_content(cand[j])
                    ),
                    default=0.0,
                )
            size = max(sum(is_content(ref[i]) for i in run), sum(is_content(cand[j]) for j in slot))
            if size > 4 and s < 0.5:
                # two long unrelated runs: an omission and an addition, not a substitution
                ref_unaligned.append(_span(ref, run))
                continue
            s = min(SUBSTITUTION_MAX, s)
            rs, cs = _span(ref, run), _span(cand, slot)
            pairs.append(
                (
                    rs.start,
                    AlignedPair(
                        reference[rs.start : rs.end],
                        candidate[cs.start : cs.end],
                        rs,
                        cs,
                        round(s, 4),
                    ),
                )
            )
            cand_used.update(slot)
        else:
            ref_unaligned.append(_span(ref, run))
    cand_unaligned = [
        _span(cand, run)
        for run in _runs([j for j in range(len(cand)) if j in cand_free and j not in cand_used])
        if any(is_content(cand[j]) for j in run)
    ]
    return Alignment(
        pairs=tuple(p for _, p in sorted(pairs, key=lambda x: x[0])),
        reference_unaligned=tuple(ref_unaligned),
        candidate_unaligned=tuple(cand_unaligned),
        method=method,
    )
