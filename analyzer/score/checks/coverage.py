"""Omissions and additions: the runs of the post the candidate leaves unaligned (soft
omissions), the runs of the candidate the post does not back (soft additions), and among
those the added *claims* (three content words or more and no reporting verb)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ...records import Flag, Span
from ...tables import table
from ...text.tokens import Token
from .base import LONG_RUN, Context, Finding, sentence_initial

__all__ = [
    "added_claims",
    "check_additions",
    "check_omissions",
    "is_reporting",
    "reporting_verbs",
]

#: words before which a reporting verb's base form is a noun ("the state of Panjshir",
#: "a post", "his note")
_DETERMINERS = frozenset(
    ("a", "an", "the", "this", "that", "its", "his", "her", "their", "our", "my", "your", "of")
)


@cache
def reporting_verbs() -> frozenset[str]:
    """The reporting verbs (``analyzer/data/lexicon_reporting.toml``), as written and with
    their -s forms; matched word by word, not by stem (the stem of "note" is "not")."""
    words = {w.lower() for w in table("lexicon_reporting")["verbs"]}
    words |= {w + ("es" if w.endswith(("s", "sh", "ch")) else "s") for w in words if not w.endswith(("ed", "s"))}
    return frozenset(words)


def is_reporting(tokens: Sequence[Token], k: int) -> bool:
    """``tokens[k]`` is a reporting verb (not a noun of the same spelling after a
    determiner: "the state of", "in a post")."""
    if tokens[k].lower not in reporting_verbs():
        return False
    return k == 0 or tokens[k - 1].lower not in _DETERMINERS




def _omissions(ctx: Context) -> list[Flag]:
    return [
        Flag(
            "omission",
            f"omitted: {ctx.reference[s.start : s.end]!r}",
            "soft",
            ctx.reference[s.start : s.end],
            None,
            s,
            None,
        )
        for s in ctx.alignment.reference_unaligned
    ]


def added_claims(ctx: Context, checkable_only: bool = True) -> list[Span]:
    """Unaligned runs of the candidate that assert something the post does not say: three
    content words or more and no reporting verb (attribution such as "the foreign minister
    said" is not a claim); with ``checkable_only``, only runs holding a number or a name."""
    out = []
    for s in ctx.alignment.candidate_unaligned:
        inside = [k for k, t in enumerate(ctx.cand) if s.start <= t.start and t.end <= s.end]
        words = [ctx.cand[k] for k in inside]
        content = [t for t in words if t.content]
        if len(content) < LONG_RUN or any(is_reporting(ctx.cand, k) for k in inside):
            continue
        checkable = not checkable_only or any(
            any(ch.isdigit() for ch in t.text)
            or (t.text[:1].isupper() and not sentence_initial(ctx.candidate, t))
            for t in content
        )
        if checkable:
            out.append(s)
    return out


def _additions(ctx: Context) -> list[Flag]:
    return [
        Flag(
            "addition",
            f"added: {ctx.candidate[s.start : s.end]!r}",
            "soft",
            None,
            ctx.candidate[s.start : s.end],
            None,
            s,
        )
        for s in ctx.alignment.candidate_unaligned
    ]


def check_omissions(ctx: Context) -> Finding:
    return Finding(tuple(_omissions(ctx)))


def check_additions(ctx: Context) -> Finding:
    claims = added_claims(ctx)
    content = added_claims(ctx, checkable_only=False)
    return Finding(
        tuple(_additions(ctx)),
        (("added_claims", float(len(claims))), ("added_content", float(len(content)))),
    )
