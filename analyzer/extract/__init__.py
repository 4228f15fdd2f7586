"""Extract stage: find the social posts an article embeds or quotes.

One interface, :class:`Extractor` (``extract(article) -> list[Post]``); the default
extractor combines HTML embed markup, embeds flattened to text, and posts quoted in prose.
"""

from __future__ import annotations

from typing import Protocol

from ..records import Article, Post

__all__ = ["Extractor", "get_extractor"]


class Extractor(Protocol):
    name: str

    def extract(self, article: Article) -> list[Post]:
        """Every post in ``article``, deduplicated, in document order."""
        ...


def get_extractor() -> Extractor:
    from .core import DefaultExtractor

    return DefaultExtractor()
