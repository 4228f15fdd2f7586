"""Telegram.

* Permalinks: ``t.me/CHANNEL/ID``, ``t.me/s/CHANNEL/ID``, ``telegram.me/…``, ``t.me/c/N/ID``
  (private). Not posts: ``t.me/CHANNEL`` (a profile), ``t.me/share/url``, ``t.me/joinchat``,
  ``t.me/+…``.
* Markup: the widget ``script[data-telegram-post="CHANNEL/ID"]`` (and any element carrying that
  attribute), the injected iframe ``t.me/CHANNEL/ID?embed=1`` (generic iframe reader), a saved
  rendered widget ``div.tgme_widget_message[data-post]`` with its text, owner and time.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ...tables import table
from ..dates import parse_date
from ..found import Found
from ..htmltext import node_text
from .base import Attrs, Markup, Platform, PostRef

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["PLATFORM"]

_TG = re.compile(
    r"(?:t|telegram)\.me/(?:s/)?(?P<ch>c/\d+|[A-Za-z][A-Za-z0-9_]{3,31})/(?P<id>\d{1,9})(?!\d)",
    re.I,
)


@cache
def _not_channels() -> frozenset[str]:
    return frozenset(table("platforms")["telegram"]["not_channels"]) - {"c", "s"}


def _owns(host: str) -> bool:
    return host in ("t.me", "telegram.me", "www.t.me", "www.telegram.me")


def _classify(s: str) -> PostRef | None:
    m = _TG.match(s.removeprefix("www."))
    if not m or m.group("ch").lower() in _not_channels():
        return None
    ch, mid = m.group("ch"), m.group("id")
    return PostRef(
        "telegram", f"{ch}/{mid}", f"https://t.me/{ch}/{mid}", None if ch.startswith("c/") else ch
    )


def _read_widget(node: LexborNode, attrs: Attrs) -> Found | None:
    post = (attrs.get("data-telegram-post") or "").strip().lstrip("/")
    ref = _classify("t.me/" + post) if post else None
    if ref is None:
        return None
    method = (
        "html:telegram-blockquote" if (node.tag or "") == "blockquote" else "html:telegram-widget"
    )
    return Found.from_ref(ref, "embed", method)


def _read_rendered(node: LexborNode, attrs: Attrs) -> Found | None:
    post = (attrs.get("data-post") or "").strip()
    ref = _classify("t.me/" + post) if post else None
    if ref is None:
        return None
    f = Found.from_ref(ref, "embed", "html:telegram-widget")
    body = node.css_first(".tgme_widget_message_text")
    if body is not None:
        f.text = node_text(body) or None
        f.anchor = f.text
    owner = node.css_first(".tgme_widget_message_owner_name")
    if owner is not None:
        f.name = " ".join(owner.text(deep=True).split()) or None
    t = node.css_first("time")
    if t is not None:
        f.date = parse_date(t.attributes.get("datetime"))
    return f


PLATFORM = Platform(
    name="telegram",
    hosts=("t.me/", "telegram"),
    owns=_owns,
    classify=_classify,
    markup=(
        Markup(_read_widget, attrs=("data-telegram-post",)),
        Markup(_read_rendered, classes=("tgme_widget_message",)),
    ),
)
