"""YouTube.

* Permalinks: ``watch?v=ID``, ``youtu.be/ID``, ``embed/ID`` (also ``youtube-nocookie.com``),
  ``shorts/ID``, ``live/ID``, ``v/ID``; the 11-character ID. ``embed/videoseries?list=`` is a
  playlist, not a post.
* Markup: iframes (read by the generic iframe reader, lazy ``data-src`` forms included),
  ``amp-youtube[data-videoid]``, ``lite-youtube[videoid]``, elements carrying
  ``data-youtube-id`` / ``data-video-id`` with a YouTube class (lazy players).
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

__all__ = ["PLATFORM", "is_store_label"]

_YT = re.compile(
    r"(?:[\w-]+\.)?(?:youtube(?:-nocookie)?\.com/(?:embed/|shorts/|live/|v/|watch/?\?(?:[^#\s]*&(?:amp;)?)?v=)"
    r"|youtu\.be/)(?P<id>[A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])",
    re.I,
)
_ID = re.compile(r"[A-Za-z0-9_-]{11}")


@cache
def _store_labels() -> frozenset[str]:
    return frozenset(w.casefold() for w in table("platforms")["youtube"]["store_labels"])


def is_store_label(label: str) -> bool:
    """A link labelled only with a shop or the platform's name ('rent it on YouTube')."""
    return label.strip().rstrip(".").casefold() in _store_labels()


def _owns(host: str) -> bool:
    return "youtube" in host or host in ("youtu.be", "www.youtu.be")


def _classify(s: str) -> PostRef | None:
    low = s.lower()
    if "videoseries" in low or "/embed?list" in low:
        return None
    m = _YT.match(s)
    if not m:
        return None
    vid = m.group("id")
    return PostRef("youtube", vid, f"https://www.youtube.com/watch?v={vid}")


def _read_player(node: LexborNode, attrs: Attrs) -> Found | None:
    vid = (
        attrs.get("data-videoid")
        or attrs.get("videoid")
        or attrs.get("data-youtube-id")
        or attrs.get("data-video-id")
        or ""
    ).strip()
    tag = node.tag or ""
    if tag not in ("amp-youtube", "lite-youtube"):
        cls = (attrs.get("class") or "").lower()
        if "youtube" not in cls and "data-youtube-id" not in attrs:
            return None
    if not _ID.fullmatch(vid):
        return None
    ref = _classify(f"www.youtube.com/watch?v={vid}")
    return (
        Found.from_ref(
            ref,
            "embed",
            f"html:{tag if tag in ('amp-youtube', 'lite-youtube') else 'youtube-player'}",
        )
        if ref
        else None
    )


PLATFORM = Platform(
    name="youtube",
    hosts=("youtu",),
    owns=_owns,
    classify=_classify,
    markup=(
        Markup(_read_player, tags=("amp-youtube", "lite-youtube")),
        Markup(_read_player, attrs=("data-youtube-id", "data-video-id")),
    ),
)
