"""Polarity: antonyms (refused -> agreed), negative prefixes (legal -> illegal) and the
negations (not, never, n't, refuse, deny …) on each side, with their scope. The word lists
are ``analyzer/data/fidelity_polarity.toml``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ...align.core import SUBSTITUTION_MAX
from ...records import Flag, Span
from ...tables import table
from ...text.tokens import Token, stem
from .base import Context, Finding

__all__ = ["check"]

_SCOPE = 8
#: a phrase pair renders the head of a negation word for word when its side of the pair
#: holds at most this many content words
_PHRASE_WORDS = 4


@dataclass(frozen=True, slots=True)
class _Polarity:
    negators: frozenset[str]
    implicit: frozenset[str]
    against: frozenset[str]
    prefixes: tuple[str, ...]
    scope_skip: frozenset[str]
    scope_end: frozenset[str]
    antonyms: tuple[tuple[str, str], ...]


@cache
def _p() -> _Polarity:
    t = table("fidelity_polarity")
    return _Polarity(
        negators=frozenset(t["negators"]),
        implicit=frozenset(stem(w) for w in t["implicit"]),
        against=frozenset(stem(w) for w in t["against_verbs"]),
        prefixes=tuple(t["negative_prefixes"]),
        scope_skip=frozenset(t["scope_skip"]),
        scope_end=frozenset(t["scope_end"]),
        antonyms=tuple((stem(a), stem(b)) for a, b in t["antonyms"]),
    )


def _negations(tokens: Sequence[Token], skip: object) -> list[Token]:
    out = []
    for t in tokens:
        against = (
            t.lower == "against" and t.index > 0 and tokens[t.index - 1].stem in _p().against
        )
        if t.lower in _p().negators or t.lower.endswith("n't") or t.stem in _p().implicit or against:
            if not skip(t.start, t.end):  # type: ignore[operator]
                out.append(t)
    return out


def _negated(tokens: Sequence[Token], index: int) -> bool:
    return any(
        t.lower in _p().negators or t.lower.endswith("n't") for t in tokens[max(0, index - 3) : index]
    )


def _flip(r: Token, c: Token) -> Flag:
    return Flag(
        "negation",
        f"polarity flipped: {r.text!r} -> {c.text!r}",
        "hard",
        r.text,
        c.text,
        Span(r.start, r.end),
        Span(c.start, c.end),
    )


def _prefixed(
    ref: Sequence[Token], cand: Sequence[Token], ref_stems: set[str], cand_stems: set[str]
) -> list[tuple[Token, Token]]:
    """(reference, candidate) content words of four letters or more, in reading order, where
    one is the other with a negative prefix (legal -> illegal) and neither stem is on both
    sides. Each word is looked up by the stems it could be with a prefix added or taken off."""
    prefixes = _p().prefixes

    def index(tokens: Sequence[Token]) -> dict[str, list[Token]]:
        out: dict[str, list[Token]] = {}
        for t in tokens:
            if len(t.stem) >= 4 and t.content:
                out.setdefault(t.stem, []).append(t)
        return out

    by_ref, by_cand = index(ref), index(cand)
    found: set[tuple[int, int]] = set()
    for r_stem, rs in by_ref.items():
        for p in prefixes:
            # the candidate's word is the reference's with the prefix added, or taken off
            for c_stem in (p + r_stem, r_stem[len(p) :] if r_stem.startswith(p) else ""):
                for c in by_cand.get(c_stem, ()) if c_stem else ():
                    if c.stem not in ref_stems and r_stem not in cand_stems:
                        found.update((r.index, c.index) for r in rs)
    return [(ref[i], cand[j]) for i, j in sorted(found)]


def _flags(ctx: Context) -> list[Flag]:
    """Polarity: antonym pairs (refused -> agreed), negative prefixes (legal -> illegal), then
    the count of negations (not, never, n't, refuse, deny …) on each side. A pair whose one
    side is negated ("did not agree" for "refused", "not legal" for "illegal") is equivalent,
    and its negation is balanced by the antonym on the other side."""
    flags: list[Flag] = []
    ref_stems = {t.stem for t in ctx.ref}
    cand_stems = {t.stem for t in ctx.cand}
    pairs: list[tuple[Token, Token]] = []
    for a, b in _p().antonyms:
        for x, y in ((a, b), (b, a)):
            if x in ref_stems and y in cand_stems and x not in cand_stems and y not in ref_stems:
                pairs.append(
                    (
                        next(t for t in ctx.ref if t.stem == x),
                        next(t for t in ctx.cand if t.stem == y),
                    )
                )
    pairs.extend(_prefixed(ctx.ref, ctx.cand, ref_stems, cand_stems))
    balance = [0, 0]  # extra negations credited to (reference, candidate)
    for r, c in pairs:
        if ctx.in_long_ref_gap(r.start, r.end) or ctx.in_long_cand_gap(c.start, c.end):
            continue
        rneg, cneg = _negated(ctx.ref, r.index), _negated(ctx.cand, c.index)
        if rneg != cneg:
            # "not legal" ~ "illegal": the flip is the negation (implicit negatives such as
            # "refused" are counted as negations already)
            if r.stem not in _p().implicit and c.stem not in _p().implicit:
                balance[0 if cneg else 1] += 1
            continue
        flags.append(_flip(r, c))
    if flags:
        return flags
    rn = _negations(ctx.ref, ctx.in_long_ref_gap)
    cn = _negations(ctx.cand, ctx.in_long_cand_gap)
    accounted: set[tuple[int, int]] = set()  # (side, token index) of matched negations
    excused: set[tuple[int, int]] = set()  # negations whose clause the other text leaves out
    for side, negs, own, other in ((0, rn, ctx.ref, ctx.cand), (1, cn, ctx.cand, ctx.ref)):
        own_gaps = _unrendered(ctx, side)
        for n in negs:
            if not (n.lower in _p().negators or n.lower.endswith("n't")):
                continue  # "refused", "denial" carry their own meaning: antonyms and counts
            head = _head(own, n.index, ctx.reference if side == 0 else ctx.candidate)
            if head is None:
                continue
            partners = _counterparts(ctx, side, head)
            if not partners:
                if any(g.start <= head.start and head.end <= g.end for g in own_gaps):
                    excused.add((side, n.index))  # the negated clause is left out, not flipped
                continue
            negators = [
                _scope_negator(other, c.index, ctx.candidate if side == 0 else ctx.reference)
                for c in partners
            ]
            found = [m for m in negators if m is not None]
            if found:
                accounted.add((side, n.index))
                accounted.add((1 - side, found[0].index))
                continue
            c = partners[0]
            r_tok, c_tok = (n, c) if side == 0 else (c, n)
            return [
                Flag(
                    "negation",
                    f"polarity flipped: {n.text!r} {head.text!r} -> {c.text!r}"
                    if side == 0
                    else f"polarity flipped: {c.text!r} -> {n.text!r} {head.text!r}",
                    "hard",
                    r_tok.text,
                    c_tok.text,
                    Span(r_tok.start, r_tok.end),
                    Span(c_tok.start, c_tok.end),
                )
            ]
    rn = [t for t in rn if (0, t.index) not in accounted]
    cn = [t for t in cn if (1, t.index) not in accounted]
    # an excused negation only offsets a surplus on its own side
    if len(rn) + balance[0] > len(cn) + balance[1]:
        rn = [t for t in rn if (0, t.index) not in excused]
    elif len(cn) + balance[1] > len(rn) + balance[0]:
        cn = [t for t in cn if (1, t.index) not in excused]
    nr, nc = len(rn) + balance[0], len(cn) + balance[1]
    if nr > nc and len(rn) > len(cn):
        t = rn[len(cn)] if len(cn) < len(rn) else rn[0]
        flags.append(
            Flag(
                "negation",
                f"negation {t.text!r} of the post is lost",
                "hard",
                t.text,
                None,
                Span(t.start, t.end),
                None,
            )
        )
    elif nc > nr and len(cn) > len(rn):
        t = cn[len(rn)]
        flags.append(
            Flag(
                "negation",
                f"negation {t.text!r} is not in the post",
                "hard",
                None,
                t.text,
                None,
                Span(t.start, t.end),
            )
        )
    return flags


def _boundary(text: str, a: Token, b: Token) -> bool:
    return bool(re.search(r"[.;:!?,]", text[a.end : b.start]))


def _is_negator(t: Token, tokens: Sequence[Token]) -> bool:
    against = t.lower == "against" and t.index > 0 and tokens[t.index - 1].stem in _p().against
    return t.lower in _p().negators or t.lower.endswith("n't") or t.stem in _p().implicit or against


def _head(tokens: Sequence[Token], index: int, text: str) -> Token | None:
    """The word a negation bears on: the next content word in its clause."""
    neg = tokens[index]
    for t in tokens[index + 1 : index + 1 + _SCOPE // 2 + 1]:
        if t.lower in _p().scope_end or _boundary(text, neg, t):
            return None
        if t.content and t.lower not in _p().scope_skip and not _is_negator(t, tokens):
            return t
    return None


def _scope_negator(tokens: Sequence[Token], index: int, text: str) -> Token | None:
    """The negation whose scope covers ``tokens[index]`` (same clause, a few words
    before it), if any."""
    word = tokens[index]
    for t in reversed(tokens[max(0, index - _SCOPE) : index]):
        if t.lower in _p().scope_end or _boundary(text, t, word):
            return None
        if _is_negator(t, tokens):
            return t
    return None


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short) and len(long_) - len(short) <= 2


def _unrendered(ctx: Context, side: int) -> list[Span]:
    """Spans of one text the other does not render: unaligned runs, and phrases paired
    only loosely (a clause swapped for attribution) that hold two content words or more."""
    tokens = ctx.ref if side == 0 else ctx.cand
    spans = list(
        ctx.alignment.reference_unaligned if side == 0 else ctx.alignment.candidate_unaligned
    )
    for pair in ctx.alignment.pairs:
        own = pair.reference_span if side == 0 else pair.candidate_span
        if pair.score <= SUBSTITUTION_MAX:
            n = sum(
                1
                for t in tokens
                if own.start <= t.start
                and t.end <= own.end
                and t.content
                and not _is_negator(t, tokens)
            )
            # a loose pair, or a long run swapped for other words (a slot between anchors)
            if n >= 2 and (pair.score < 0.5 or n > _PHRASE_WORDS):
                spans.append(own)
    return spans


def _counterparts(ctx: Context, side: int, head: Token) -> list[Token]:
    """Words of the other text that render ``head``: the same stem, or the content words
    of the phrase the aligner paired with it."""
    other = ctx.cand if side == 0 else ctx.ref
    gap = ctx.in_long_cand_gap if side == 0 else ctx.in_long_ref_gap
    same = [t for t in other if _same_word(t.stem, head.stem) and not gap(t.start, t.end)]
    if same:
        return same
    mine = ctx.ref if side == 0 else ctx.cand
    for pair in ctx.alignment.pairs:
        own = pair.reference_span if side == 0 else pair.candidate_span
        far = pair.candidate_span if side == 0 else pair.reference_span
        if pair.score >= 0.5 and own.start <= head.start and head.end <= own.end:
            words = [t for t in other if far.start <= t.start and t.end <= far.end and t.content]
            held = sum(1 for t in mine if own.start <= t.start and t.end <= own.end and t.content)
            # a few words for a few: a long run swapped for a short one (a slot between two
            # anchors) renders none of its words
            if len(words) <= 3 and held <= _PHRASE_WORDS:
                return [t for t in words if not _is_negator(t, other)]
    return []


def check(ctx: Context) -> Finding:
    return Finding(tuple(_flags(ctx)))
