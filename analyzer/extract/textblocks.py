"""Helpers shared by the flattened-embed finders: where a post's text starts above its
signature, and the post's words without markdown, media codes and trailing short links."""

from __future__ import annotations

import re

from .found import Found

__all__ = [
    "MD_LINK",
    "POST_CHARS",
    "block_start",
    "clean_flat_text",
    "lines_with",
    "tweet_lines_start",
]

#: the most characters (links not counted) a post's text may have when its lines are gathered
#: upwards from a signature: 280 on X/Twitter, 300 on Bluesky
POST_CHARS = 300
_LINKS = re.compile(r"(?:https?://|pic\.twitter\.com/)\S+")
#: a markdown link ``[label](url)`` as text extractors write links
MD_LINK = re.compile(r"\[(?P<label>[^\]\n]*)\]\((?P<url>https?://[^)\s]+)\)")
_PIC = re.compile(r"\s*(?:https?://)?(?P<pic>pic\.(?:twitter|x)\.com/\w+)")
_TRAIL_URL = re.compile(r"(?:\s+(?P<u>https?://\S+|t\.co/\S+))+\s*$")


def block_start(text: str, end: int, floor: int) -> int:
    """Start of the paragraph that ends at ``end`` (after a blank line), not before ``floor``."""
    i = text.rfind("\n\n", floor, end)
    return floor if i < 0 else i + 2


def tweet_lines_start(text: str, start: int, end: int, floor: int) -> int:
    """Start of the post text ending at ``end`` whose last line starts at ``start``: earlier
    lines of the same paragraph are added while the text stays within a post's length."""
    block = block_start(text, start, floor)
    while start > block:
        above = max(text.rfind("\n", block, start - 1) + 1, block)
        if len(_LINKS.sub("", text[above:end]).strip()) > POST_CHARS:
            break
        start = above
    return start


def clean_flat_text(raw: str, f: Found) -> str:
    """A flattened post's words: markdown quote markers and links unwrapped (short links kept
    on ``f``), media codes and trailing URLs moved to ``f.media`` / ``f.links``."""
    body = raw.strip()
    if body.startswith(("```", ">")):
        body = body.strip("`").strip()
        body = "\n".join(line.lstrip().lstrip(">").strip() for line in body.splitlines()).strip()
    if "](" in body:  # markdown links: keep the label, remember short links
        for m in MD_LINK.finditer(body):
            if "t.co/" in m.group("url"):
                f.links.append(m.group("url"))
        body = MD_LINK.sub(lambda m: m.group("label"), body)
    for m in _PIC.finditer(body):
        f.media.append(m.group("pic"))
    body = _PIC.sub("", body).rstrip()
    tail = _TRAIL_URL.search(body)
    if tail:
        f.links.extend(tail.group(0).split())
        body = body[: tail.start()].rstrip()
    return body.strip()


def lines_with(text: str, low: str, tokens: tuple[str, ...], before: int = 0) -> list[tuple[int, int]]:
    """``(start, end)`` of the lines of ``text`` that hold one of ``tokens`` (lower case, looked
    up in ``low``), with ``before`` lines above each, merged: where a slow pattern need look."""
    spans: list[tuple[int, int]] = []
    for token in tokens:
        i = low.find(token)
        while i >= 0:
            s = text.rfind("\n", 0, i) + 1
            for _ in range(before):
                if s > 0:
                    s = text.rfind("\n", 0, s - 1) + 1
            e = text.find("\n", i)
            spans.append((s, len(text) if e < 0 else e))
            i = low.find(token, i + len(token))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged
