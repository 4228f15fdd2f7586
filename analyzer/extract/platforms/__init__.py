"""The platforms the extractor knows, one module each, named here and imported on first use.

To add a platform: write ``analyzer/extract/platforms/<name>.py`` defining ``PLATFORM`` (a
:class:`~.base.Platform`: URL hosts and shapes, embed markup readers, flattened-text finders),
put its vocabularies in ``analyzer/data/platforms.toml``, and name it below. Order matters
where hosts overlap: the first platform that owns a host classifies its URLs; Mastodon, whose
URLs can sit on any host, comes last.
"""

from __future__ import annotations

import importlib
from functools import cache

from .base import FlatFinder, Markup, Platform, PostRef

__all__ = ["NAMES", "Platform", "PostRef", "flat_finders", "get", "markup", "platforms"]

_MODULES: dict[str, str] = {
    "twitter": "analyzer.extract.platforms.twitter",
    "instagram": "analyzer.extract.platforms.instagram",
    "facebook": "analyzer.extract.platforms.facebook",
    "tiktok": "analyzer.extract.platforms.tiktok",
    "youtube": "analyzer.extract.platforms.youtube",
    "telegram": "analyzer.extract.platforms.telegram",
    "bluesky": "analyzer.extract.platforms.bluesky",
    "threads": "analyzer.extract.platforms.threads",
    "reddit": "analyzer.extract.platforms.reddit",
    "truthsocial": "analyzer.extract.platforms.truthsocial",
    "mastodon": "analyzer.extract.platforms.mastodon",
}

#: the platform names, in registry order
NAMES: tuple[str, ...] = tuple(_MODULES)


@cache
def get(name: str) -> Platform:
    """The platform registered as ``name`` (its module is imported now)."""
    platform: Platform = importlib.import_module(_MODULES[name]).PLATFORM
    return platform


@cache
def platforms() -> tuple[Platform, ...]:
    """Every platform, in registry order."""
    return tuple(get(name) for name in NAMES)


@cache
def markup() -> tuple[tuple[Platform, Markup], ...]:
    """Every platform's embed markup kinds, in registry order."""
    return tuple((p, m) for p in platforms() for m in p.markup)


@cache
def flat_finders() -> tuple[tuple[Platform, FlatFinder], ...]:
    """Every platform's flattened-text finders, in registry order."""
    return tuple((p, f) for p in platforms() for f in p.flat)
