"""Mastodon (any instance; Truth Social's embeds take the same forms).

* Permalinks: ``HOST/@USER/ID``, ``HOST/users/USER/statuses/ID``. A Mastodon URL on an unknown
  host is recognisable only by its shape, so outside Mastodon embed markup only the instances
  listed in ``platforms.toml`` count.
* Markup: ``blockquote.mastodon-embed[data-embed-url]`` (≥ 4.3: author and URL, no text),
  ``iframe.mastodon-embed`` (< 4.3), the same with ``truthsocial-embed``.
* Flattened: ``Post by @user@host`` … ``View on Mastodon``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ...tables import table
from ..found import Found
from .base import Attrs, Markup, Platform, PostRef

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["PLATFORM", "mastodon_ref"]

_MASTO = re.compile(
    r"(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)/(?:@(?P<h>[A-Za-z0-9_]{1,30})|users/(?P<h2>[A-Za-z0-9_]{1,30})/statuses)"
    r"/(?P<id>\d{6,20})(?!\d)",
    re.I,
)


@cache
def _vocab() -> tuple[tuple[str, ...], re.Pattern[str]]:
    t = table("platforms")["mastodon"]
    post_by = "|".join(re.escape(w) for w in t["post_by"])
    view_on = "|".join(re.escape(w) for w in t["view_on"])
    flat = re.compile(
        rf"(?:{post_by}) @(?P<user>\w{{1,30}})@(?P<host>[\w.-]+\.\w+)\s*\n*\s*(?:{view_on})", re.I
    )
    return tuple(t["hosts"]), flat


def _owns(host: str) -> bool:
    return any(h in host for h in _vocab()[0])


def mastodon_ref(s: str) -> PostRef | None:
    """A ``HOST/@USER/ID`` permalink on any host."""
    m = _MASTO.match(s)
    if not m:
        return None
    host = m.group("host").lower()
    h = m.group("h") or m.group("h2")
    pid = m.group("id")
    return PostRef("mastodon", f"{host}/{pid}", f"https://{host}/@{h}/{pid}", f"{h}@{host}")


def _classify(s: str) -> PostRef | None:
    return mastodon_ref(s)


def _read_blockquote(node: LexborNode, attrs: Attrs) -> Found | None:
    from ..urls import classify_url

    url = (attrs.get("data-embed-url") or "").removesuffix("/embed")
    ref = classify_url(url, any_mastodon_host=True) if url else None
    if ref is None:
        for a in node.css("a"):
            ref = classify_url(a.attributes.get("href") or "", any_mastodon_host=True)
            if ref is not None:
                break
    if ref is None:
        return None
    return Found.from_ref(ref, "embed", f"html:{ref.platform}-blockquote")


def _read_iframe(node: LexborNode, attrs: Attrs) -> Found | None:
    from ..urls import classify_url

    for name in ("src", "data-src", "data-lazy-src"):
        src = (attrs.get(name) or "").split("?", 1)[0].removesuffix("/embed")
        ref = classify_url(src, any_mastodon_host=True) if src else None
        if ref is not None:
            return Found.from_ref(ref, "embed", f"html:{ref.platform}-iframe")
    return None


def _flat(text: str, low: str, out: list[Found]) -> None:
    if "view on mastodon" not in low:
        return
    for m in _vocab()[1].finditer(text):
        f = Found(platform="mastodon", kind="embed", method="text:mastodon-embed", order=m.start())
        f.handle = f"{m.group('user')}@{m.group('host')}"
        f.signature = (m.start(), m.end())
        out.append(f)


PLATFORM = Platform(
    name="mastodon",
    hosts=("mastodon", "/@"),
    owns=_owns,
    classify=_classify,
    markup=(
        Markup(
            _read_blockquote, tags=("blockquote",), classes=("mastodon-embed", "truthsocial-embed")
        ),
        Markup(_read_iframe, tags=("iframe",), classes=("mastodon-embed", "truthsocial-embed")),
    ),
    flat=(_flat,),
)
