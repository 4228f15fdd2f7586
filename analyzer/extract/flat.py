"""Embeds flattened to plain text.

Each platform module declares the forms its embeds take once flattened (the tweet signature
``TEXT pic.twitter.com/CODE — Name (@handle) Month D, YYYY``, Instagram's ``A post shared by``,
Facebook's ``Posted by PAGE on DATE``, TikTok's ``@user CAPTION ♬ sound``, Reddit's ``TITLE by
u/USER in SUB``, Mastodon's ``Post by @user@host``); this module runs them all, and adds what
belongs to no platform: consent placeholders (``Skip twitter post by NAME``) and permalinks
written out in the text (alone on a line: an embed that was not rendered).
"""

from __future__ import annotations

import re
from functools import cache

from ..tables import table
from .found import Found
from .literals import lowered
from .platforms import flat_finders
from .urls import classify_url, iter_urls

__all__ = ["find_flat", "find_text_urls"]


@cache
def _consent() -> tuple[re.Pattern[str], dict[str, str]]:
    t = table("platforms")["consent"]
    platforms: dict[str, str] = dict(t["platforms"])
    skip = "|".join(re.escape(w) for w in t["skip"])
    names = "|".join(re.escape(p) for p in sorted(platforms, key=len, reverse=True))
    kinds = "|".join(re.escape(k) for k in t["kinds"])
    return (
        re.compile(
            rf"(?m)^(?:{skip}) (?P<p>{names}) (?:{kinds})(?: by (?P<name>[^\n,]{{1,80}}?))?(?:,\s*\d+)?\s*$",
            re.I,
        ),
        platforms,
    )


def find_flat(text: str) -> list[Found]:
    """Posts whose embeds were flattened into ``text`` (spans refer to ``text``)."""
    if not text:
        return []
    low = lowered(text)
    out: list[Found] = []
    for _, finder in flat_finders():
        finder(text, low, out)
    skip, platforms = _consent()
    if "skip " in low:
        for m in skip.finditer(text):
            f = Found(
                platform=platforms[m.group("p").lower()],
                kind="embed",
                method="text:consent-placeholder",
                order=m.start(),
            )
            f.name = (m.group("name") or "").strip() or None
            out.append(f)
    return out


def find_text_urls(text: str) -> list[Found]:
    """Post permalinks written out in the text: ``reference`` posts with the URL as span."""
    out: list[Found] = []
    for start, raw in iter_urls(text):  # (none in a text that names no platform host)
        ref = classify_url(raw)
        if ref is None:
            continue
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", start + len(raw))
        alone = not text[ls:start].strip(" \t<>") and not text[
            start + len(raw) : len(text) if le < 0 else le
        ].strip(" \t<>")
        # a permalink alone on its line is an embed that was not rendered (WordPress auto-embeds
        # such a line; a failed oEmbed leaves the bare URL)
        f = Found.from_ref(
            ref, "embed" if alone else "reference", "text:url-line" if alone else "text:url"
        )
        f.order = start
        f.span = (start, start + len(raw))
        out.append(f)
    return out
