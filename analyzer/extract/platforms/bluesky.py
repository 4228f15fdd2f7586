"""Bluesky.

* Permalinks: ``bsky.app/profile/(HANDLE|DID)/post/RKEY``, ``at://DID/app.bsky.feed.post/RKEY``,
  the embed iframe ``embed.bsky.app/embed/DID/app.bsky.feed.post/RKEY``.
* Markup: ``blockquote.bluesky-embed[data-bluesky-uri]`` (text in ``<p lang>``, signature
  ``— Name (@handle)``, date link).
* Flattened: ``TEXT [image or embed] — Name (@handle.bsky.social) DATE`` is read with the
  tweet signature (:mod:`.twitter`), a dotted handle telling it apart.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ...tables import table
from ..dates import parse_date
from ..found import Found
from ..htmltext import node_text
from .base import Attrs, Markup, Platform, PostRef

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["PLATFORM"]

_BSKY = re.compile(
    r"(?:[\w-]+\.)?bsky\.app/profile/(?P<h>[A-Za-z0-9:._%-]+)/post/(?P<id>[a-z2-7]{10,16})"
    r"|at://(?P<h2>[A-Za-z0-9:._%-]+)/app\.bsky\.feed\.post/(?P<id2>[a-z2-7]{10,16})"
    r"|embed\.bsky\.app/embed/(?P<h3>did:[A-Za-z0-9:._-]+)/app\.bsky\.feed\.post/(?P<id3>[a-z2-7]{10,16})",
    re.I,
)
_TAIL = re.compile(
    r"(?:—|–|-{1,2})\s*(?P<name>[^\n]{0,80}?)\s*\(\s*@(?P<handle>[A-Za-z0-9_][\w.-]{0,62})\s*\)",
)


@cache
def _boilerplate() -> tuple[str, ...]:
    return tuple(table("platforms")["bluesky"]["boilerplate"])


def _owns(host: str) -> bool:
    return "bsky" in host or host == "at:"


def _classify(s: str) -> PostRef | None:
    m = _BSKY.match(s)
    if not m:
        return None
    h = unquote(m.group("h") or m.group("h2") or m.group("h3"))
    rkey = m.group("id") or m.group("id2") or m.group("id3")
    return PostRef(
        "bluesky",
        rkey,
        f"https://bsky.app/profile/{h}/post/{rkey}",
        None if h.startswith("did:") else h,
    )


def _read_blockquote(node: LexborNode, attrs: Attrs) -> Found | None:
    from ..urls import classify_url

    ref = classify_url(attrs.get("data-bluesky-uri") or "")
    anchors = [(a, classify_url(a.attributes.get("href") or "")) for a in node.css("a")]
    posts = [r for _, r in anchors if r is not None and r.platform == "bluesky"]
    if ref is None or ref.platform != "bluesky":
        ref = posts[-1] if posts else None
    if ref is None:
        return None
    f = Found.from_ref(ref, "embed", "html:bluesky-blockquote")
    whole = node_text(node)
    p = node.css_first("p")
    body = node_text(p) if p is not None else None
    if p is not None:
        f.html_lang = (p.attributes.get("lang") or "").strip() or None
    tail = whole[whole.find(body) + len(body) :] if body and body in whole else whole
    m = _TAIL.search(tail)
    if m:
        f.name = m.group("name").strip() or None
        f.handle = m.group("handle").lstrip("@")
    linked = [a for a, r in anchors if r is not None]
    if linked:
        f.date = parse_date(linked[-1].text(deep=True))
    if body:
        for junk in _boilerplate():
            body = body.replace(junk, "")
        f.text = body.strip() or None
        f.anchor = f.text
    return f


PLATFORM = Platform(
    name="bluesky",
    hosts=("bsky",),  # bsky.app, embed.bsky.app, at://…/app.bsky.feed.post
    owns=_owns,
    classify=_classify,
    markup=(
        Markup(
            _read_blockquote,
            tags=("blockquote",),
            classes=("bluesky-embed",),
            attrs=("data-bluesky-uri",),
        ),
    ),
)
