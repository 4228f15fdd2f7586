"""Reddit.

* Permalinks: ``reddit.com/r/SUB/comments/ID[/slug[/COMMENT]]``, ``redd.it/ID``.
* Markup: ``blockquote.reddit-embed-bq`` (current) and ``blockquote.reddit-card`` (legacy):
  title link, ``by u/USER in SUB``; a comment embed's ID is ``POST/COMMENT``.
* Flattened: ``TITLE by u/USER in SUB`` / ``Comment by u/USER from discussion TITLE in SUB``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..found import Found
from .base import Attrs, Markup, Platform, PostRef

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["PLATFORM"]

_REDDIT = re.compile(
    r"(?:(?:www|old|new|np|m|embed)\.)?reddit\.com/r/(?P<sub>\w{2,21})/comments/(?P<id>[a-z0-9]{4,10})"
    r"(?:/[^/?#\s]*(?:/(?P<cid>[a-z0-9]{4,10}))?)?"
    r"|redd\.it/(?P<id2>[a-z0-9]{4,10})",
    re.I,
)
_FLAT = re.compile(
    r"(?m)^(?:(?P<title>[^\n]{3,300}?)\s*\n?\s*by\s+u/(?P<user>[\w-]{3,20})\s+in\s+(?:r/)?(?P<sub>\w{2,21})"
    r"|Comment\s+by\s+u/(?P<cuser>[\w-]{3,20})\s+from\s+discussion\s+(?P<ctitle>[^\n]{3,300}?)\s+in\s+(?:r/)?(?P<csub>\w{2,21}))"
    r"\s*$"
)


def _owns(host: str) -> bool:
    return "reddit.com" in host or host.removeprefix("www.") == "redd.it"


def _classify(s: str) -> PostRef | None:
    m = _REDDIT.match(s)
    if not m:
        return None
    if m.group("id2"):
        pid = m.group("id2").lower()
        return PostRef("reddit", pid, f"https://www.reddit.com/comments/{pid}/")
    pid, sub, cid = m.group("id").lower(), m.group("sub"), m.group("cid")
    url = f"https://www.reddit.com/r/{sub}/comments/{pid}/"
    if cid:
        return PostRef("reddit", f"{pid}/{cid.lower()}", url + f"_/{cid.lower()}/")
    return PostRef("reddit", pid, url)


def _read_blockquote(node: LexborNode, attrs: Attrs) -> Found | None:
    from ..urls import classify_url

    links = [(a, classify_url(a.attributes.get("href") or "")) for a in node.css("a")]
    ref = next((r for _, r in links if r is not None and r.platform == "reddit"), None)
    if ref is None:
        return None
    f = Found.from_ref(ref, "embed", "html:reddit-blockquote")
    is_comment = "/" in ref.post_id
    for a, r in links:
        href = a.attributes.get("href") or ""
        if r == ref and not f.text and not is_comment:
            t = " ".join(a.text(deep=True).split())
            if t and "/comments/" not in t:
                f.text = t
                f.anchor = t
        elif "/user/" in href or "/u/" in href:
            f.handle = " ".join(a.text(deep=True).split()).removeprefix("u/") or None
    return f


def _read_amp(node: LexborNode, attrs: Attrs) -> Found | None:
    from ..urls import classify_url

    ref = classify_url(attrs.get("data-src") or attrs.get("data-href") or "")
    if ref is None or ref.platform != "reddit":
        return None
    return Found.from_ref(ref, "embed", "html:amp-reddit")


def _flat(text: str, low: str, out: list[Found]) -> None:
    if "u/" not in text:
        return
    i = text.find("u/")
    while i >= 0:
        ls = text.rfind("\n", 0, i)
        ls = text.rfind("\n", 0, ls) + 1 if ls > 0 else 0  # the title may be on the line above
        le = text.find("\n", i)
        le = len(text) if le < 0 else le
        for m in _FLAT.finditer(text, ls, le):
            if any(f.order == m.start() for f in out if f.method == "text:reddit-embed"):
                continue
            f = Found(platform="reddit", kind="embed", method="text:reddit-embed", order=m.start())
            title = (m.group("title") or m.group("ctitle") or "").strip()
            f.handle = m.group("user") or m.group("cuser")
            f.signature = (m.start(), m.end())
            if title:
                f.text = title
                s = text.find(title, m.start())
                f.span = (s, s + len(title)) if s >= 0 else None
            out.append(f)
        i = text.find("u/", le)


PLATFORM = Platform(
    name="reddit",
    hosts=("redd",),  # reddit.com, redd.it
    owns=_owns,
    classify=_classify,
    markup=(
        Markup(_read_blockquote, tags=("blockquote",), classes=("reddit-embed-bq", "reddit-card")),
        Markup(_read_amp, tags=("amp-reddit",)),
    ),
    flat=(_flat,),
)
