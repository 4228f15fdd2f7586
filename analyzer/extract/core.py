"""The default extractor: posts in the page's markup + embeds flattened to text + posts quoted
in prose, merged into one record per post and located in ``Article.text``."""

from __future__ import annotations

import logging

from .._version import __version__
from ..records import Article, Post
from ..stages import Signature
from ..tables import digest
from .flat import find_flat, find_text_urls
from .found import Found
from .merge import locate, resolve
from .platforms import NAMES
from .prose import find_prose

__all__ = ["DefaultExtractor", "locate"]

log = logging.getLogger(__name__)


def _markup(article: Article) -> list[Found]:
    """The markup candidates of the article: those ingest found when it parsed the page, else
    a parse of ``html`` now (its regions kept only when it gives the same text)."""
    if article.markup is not None:
        return [Found.from_markup(p, float(i)) for i, p in enumerate(article.markup)]
    html = article.html
    if not html or html.isspace():
        return []
    from .page import scan

    text, _, found = scan(html, article.url)
    if text != article.text:
        for f in found:
            f.region = None
    return found


class DefaultExtractor:
    """Finds every post in an :class:`Article`, deduplicated, in document order."""

    name = "default"
    version = "2"

    def signature(self) -> Signature:
        """What produced these posts: the extractor, its version, the platforms it knows, the
        HTML parser, and the digest of the packaged tables it reads."""
        return {
            "name": self.name,
            "version": self.version,
            "package": __version__,
            "platforms": list(NAMES),
            "parser": "lexbor (selectolax)",
            "tables": digest(),
        }

    def extract(self, article: Article) -> list[Post]:
        text = article.text or ""
        found = _markup(article)
        found.extend(find_flat(text))
        found.extend(find_prose(text))
        found.extend(find_text_urls(text))
        if not found:
            return []
        posts = resolve(found, text)
        log.debug("%s: %d posts", article.id, len(posts))
        return posts
