"""Certainty: a hedge of the post lost ("reportedly", "suspect", "I hope to"), or one the
post does not have, so that a report, hope or suspicion becomes fact (or the reverse). In
reported speech "would" is the future in the past, not a hedge. The word lists are ``analyzer/data/fidelity_certainty.toml``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ...records import Flag, Span
from ...tables import table
from ...text.tokens import Token
from .base import Context, Finding
from .coverage import is_reporting

__all__ = ["check"]


@dataclass(frozen=True, slots=True)
class _Certainty:
    hedges: frozenset[str]
    boosters: frozenset[str]
    backshift: dict[str, tuple[str, ...]]
    reported_future: frozenset[str]
    frame_hedges: frozenset[str]
    clause_openers: frozenset[str]


@cache
def _c() -> _Certainty:
    t = table("fidelity_certainty")
    return _Certainty(
        frozenset(t["hedges"]),
        frozenset(t["boosters"]),
        {k: tuple(v) for k, v in t["backshift"].items()},
        frozenset(t.get("reported_future", ())),
        frozenset(t.get("frame_hedges", ())),
        frozenset(t.get("clause_openers", ())),
    )


def _frames(tokens: Sequence[Token], k: int, text: str) -> bool:
    """``tokens[k]`` is a hedging reporting verb that introduces reported words: the clause
    after it opens right away, or it ends a trailing frame ('…, the group claimed.')."""
    if tokens[k].lower not in _c().frame_hedges:
        return False
    if k + 1 == len(tokens):
        return True
    after = text[tokens[k].end : tokens[k + 1].start]
    return any(ch in after for ch in ".!?;:\n") or tokens[k + 1].lower in _c().clause_openers


def _certainty_words(
    tokens: Sequence[Token],
    other: Sequence[Token],
    gap: object,
    reported: bool = False,
    text: str = "",
) -> tuple[list[Token], list[Token]]:
    other_words = {t.lower for t in other}
    other_words |= {"'ll" for w in other_words if w.endswith(("'ll", "’ll"))}
    hedges, boosters = [], []
    for k, t in enumerate(tokens):
        if gap(t.start, t.end):  # type: ignore[operator]
            continue
        if text and t.lower not in other_words and _frames(tokens, k, text):
            continue  # the article's attribution, not a hedge of the post's words
        word = t.lower
        shifted = _c().backshift.get(word)
        if shifted and other_words.intersection(shifted):
            continue  # backshifted modal, same certainty
        if reported and word in _c().reported_future:
            continue  # the future in the past of reported speech
        if word in _c().hedges:
            hedges.append(t)
        elif word in _c().boosters:
            boosters.append(t)
    return hedges, boosters


def _flags(ctx: Context) -> list[Flag]:
    reported = any(is_reporting(ctx.cand, k) for k in range(len(ctx.cand)))
    rh, rb = _certainty_words(ctx.ref, ctx.cand, ctx.in_long_ref_gap)
    ch, cb = _certainty_words(ctx.cand, ctx.ref, ctx.in_long_cand_gap, reported, ctx.candidate)
    if rh and not ch:
        return [
            _hedge_flag(f"hedge {rh[0].text!r} of the post is lost", rh[0], cb[0] if cb else None)
        ]
    if ch and not rh:
        return [
            _hedge_flag(f"hedge {ch[0].text!r} is not in the post", rb[0] if rb else None, ch[0])
        ]
    return []


def _hedge_flag(what: str, ref: Token | None, cand: Token | None) -> Flag:
    """A certainty flag on the post's word ``ref`` and the article's ``cand`` (either may be
    missing); with both, the message shows the change ``(ref -> cand)``."""
    change = f" ({ref.text!r} -> {cand.text!r})" if ref and cand else ""
    return Flag(
        "certainty",
        what + change,
        "soft",
        ref.text if ref else None,
        cand.text if cand else None,
        Span(ref.start, ref.end) if ref else None,
        Span(cand.start, cand.end) if cand else None,
    )


def check(ctx: Context) -> Finding:
    return Finding(tuple(_flags(ctx)))
