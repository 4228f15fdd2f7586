"""Recognise social-post permalinks by URL shape.

A post is keyed on its platform and the ID in its canonical URL, never on markup.
:func:`classify_url` turns any URL (or scheme-less ``host/path``) into a :class:`PostRef`
or ``None``: profile links, share intents, home pages and playlists are not posts. The shapes
themselves live with each platform (:mod:`analyzer.extract.platforms`); this module finds the
platform that owns a host and asks it.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from urllib.parse import parse_qs

from .literals import literal_pattern
from .platforms import Platform, PostRef, get, platforms

__all__ = [
    "PostRef",
    "classify_url",
    "has_platform_host",
    "host_tokens",
    "iter_urls",
    "query",
    "strip_scheme",
]

_URL_STOP = frozenset(" \t\r\n\"'<>\\`()[]{}|,\u00a0\u3000")
_SCHEME = re.compile(r"^(?:https?:)?//", re.I)


#: the hosts news pages name most (share buttons, embeds), tried first by the host test
_COMMON = ("facebook.com", "twitter.com", "youtu", "instagr", "x.com/")


@cache
def host_tokens() -> tuple[str, ...]:
    """Lower-case substrings that betray a platform URL, most common first."""
    seen: dict[str, None] = dict.fromkeys(_COMMON)
    for p in platforms():
        for token in p.hosts:
            seen.setdefault(token, None)
    return tuple(seen)


@cache
def _host_pattern() -> re.Pattern[str]:
    return literal_pattern(host_tokens())


#: below this length one pattern over the string beats a substring search per host token
_SHORT = 1000


def has_platform_host(raw: str) -> bool:
    """Cheap test: does ``raw`` mention any platform host at all? (case-sensitive on the
    lower-case host names, as URLs write them)"""
    if len(raw) < _SHORT:
        return _host_pattern().search(raw) is not None
    return any(token in raw for token in host_tokens())


def iter_urls(raw: str) -> list[tuple[int, str]]:
    """``(offset, url)`` for every URL-like token in ``raw`` naming a platform host (fast:
    substring search, no regular expression over the whole string)."""
    n = len(raw)
    seen: dict[int, str] = {}
    for token in host_tokens():
        i = raw.find(token)
        while i >= 0:
            start = i
            while start > 0 and i - start < 48 and raw[start - 1] not in _URL_STOP:
                start -= 1
            end = i + len(token)
            while end < n and end - i < 600 and raw[end] not in _URL_STOP:
                end += 1
            if start not in seen:
                seen[start] = raw[start:end].rstrip(".,;:!?”’")
            i = raw.find(token, end)
    return sorted(seen.items())


def strip_scheme(url: str) -> str:
    url = url.strip().strip("<>\"'")
    if url[:1] in "hH/":
        url = _SCHEME.sub("", url)
    return url.replace("\\/", "/") if "\\/" in url else url


def query(q: str) -> dict[str, list[str]]:
    """The parameters of a query string (``&amp;`` read as ``&``)."""
    return parse_qs(q.replace("&amp;", "&"), keep_blank_values=False)


@lru_cache(maxsize=1024)
def _owner(host: str) -> Platform | None:
    for p in platforms():
        if p.owns(host):
            return p
    return None


def classify_url(url: str, *, any_mastodon_host: bool = False) -> PostRef | None:
    """The post that ``url`` is a permalink of, or None.

    ``any_mastodon_host`` accepts the ``HOST/@user/ID`` shape on any host (use it inside
    Mastodon embed markup only; in free text that shape is ambiguous).
    """
    if not url or len(url) > 4000:
        return None
    s = strip_scheme(url)
    host = s.split("/", 1)[0].split("?", 1)[0].lower()
    owner = _owner(host)
    if owner is not None:
        return owner.classify(s)
    if any_mastodon_host:
        return get("mastodon").classify(s)
    return None
