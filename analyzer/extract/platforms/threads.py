"""Threads.

* Permalinks: ``threads.(net|com)/@USER/post/CODE``, ``threads.net/t/CODE``.
* Markup: ``blockquote.text-post-media[data-text-post-permalink]`` (no post text offline).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..found import Found
from .base import Attrs, Markup, Platform, PostRef, post_ref

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["PLATFORM"]

_THREADS = re.compile(
    r"(?:www\.)?threads\.(?:net|com)/(?:@(?P<h>[A-Za-z0-9_.]{1,30})/post|t)/(?P<id>[A-Za-z0-9_-]{5,40})",
    re.I,
)


def _owns(host: str) -> bool:
    return host.removeprefix("www.") in ("threads.net", "threads.com")


def _classify(s: str) -> PostRef | None:
    m = _THREADS.match(s)
    if not m:
        return None
    h, code = m.group("h"), m.group("id")
    url = f"https://www.threads.net/@{h}/post/{code}" if h else f"https://www.threads.net/t/{code}"
    return PostRef("threads", code, url, h)


def _read_blockquote(node: LexborNode, attrs: Attrs) -> Found | None:
    ref = post_ref("threads", node, attrs.get("data-text-post-permalink"))
    return Found.from_ref(ref, "embed", "html:threads-blockquote") if ref else None


PLATFORM = Platform(
    name="threads",
    hosts=("threads.",),
    owns=_owns,
    classify=_classify,
    markup=(
        Markup(
            _read_blockquote,
            tags=("blockquote",),
            classes=("text-post-media",),
            attrs=("data-text-post-permalink",),
        ),
    ),
)
