"""Truth Social (a Mastodon fork).

* Permalinks: ``truthsocial.com/@USER/[posts/]ID``, ``truthsocial.com/users/U/statuses/ID``.
* Markup: ``iframe.truthsocial-embed`` (``src`` ``…/@USER/ID/embed``; lazy ``data-src`` too) and
  the Mastodon-style ``blockquote.truthsocial-embed``, read by the Mastodon readers.
"""

from __future__ import annotations

import re

from .base import Platform, PostRef

__all__ = ["PLATFORM"]

_TRUTH = re.compile(
    r"(?:www\.)?truthsocial\.com/(?:@(?P<h>\w{1,30})/(?:posts/)?|users/\w+/statuses/)(?P<id>\d{12,20})",
    re.I,
)


def _owns(host: str) -> bool:
    return "truthsocial" in host


def _classify(s: str) -> PostRef | None:
    m = _TRUTH.match(s)
    if not m:
        return None
    h, pid = m.group("h"), m.group("id")
    url = f"https://truthsocial.com/@{h}/{pid}" if h else f"https://truthsocial.com/posts/{pid}"
    return PostRef("truthsocial", pid, url, h)


PLATFORM = Platform(name="truthsocial", hosts=("truthsocial",), owns=_owns, classify=_classify)
