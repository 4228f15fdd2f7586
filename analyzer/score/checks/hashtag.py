"""Hashtags and @handles of the post that the candidate does not render, and those it adds
(soft: articles often drop them)."""

from __future__ import annotations

import re

from ...records import Flag, Span
from ...text.tokens import stem
from .base import Context, Finding

__all__ = ["check", "tag_words"]


def tag_words(tag: str) -> set[str]:
    body = tag.lstrip("#@")
    parts = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+|[^\W\d_]+", body.replace("_", " "))
    return {stem(p) for p in parts if len(p) > 1} or {stem(body)}


def check(ctx: Context) -> Finding:
    flags: list[Flag] = []
    cand_stems = {t.stem for t in ctx.cand} | {stem(t.lower.lstrip("#@")) for t in ctx.cand}
    ref_stems = {t.stem for t in ctx.ref} | {stem(t.lower.lstrip("#@")) for t in ctx.ref}
    for t in ctx.ref:
        if t.text[0] in "#@" and not (tag_words(t.text) & cand_stems):
            kind = "hashtag" if t.text[0] == "#" else "handle"
            flags.append(
                Flag(
                    "hashtag",
                    f"{kind} {t.text} of the post is not rendered",
                    "soft",
                    t.text,
                    None,
                    Span(t.start, t.end),
                    None,
                )
            )
    for t in ctx.cand:
        if t.text[0] in "#@" and not (tag_words(t.text) & ref_stems):
            flags.append(
                Flag(
                    "hashtag",
                    f"{t.text} is not in the post",
                    "soft",
                    None,
                    t.text,
                    None,
                    Span(t.start, t.end),
                )
            )
    return Finding(tuple(flags))
