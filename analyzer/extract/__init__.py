"""Extract stage: find the social posts an article embeds or quotes.

One interface, :class:`Extractor` (``extract(article) -> list[Post]``); the default
extractor combines HTML embed markup, embeds flattened to text, and posts quoted in prose.
"""

from __future__ import annotations

from ..registry import build
from ..stages import Extractor

__all__ = ["Extractor", "get_extractor"]


def get_extractor(name: str = "default") -> Extractor:
    """The extractor registered as ``name`` (see :mod:`analyzer.registry`)."""
    extractor: Extractor = build("extractor", name)
    return extractor
