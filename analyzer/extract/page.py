"""One parse of an HTML page gives both its article text and the posts its markup embeds.

:func:`read_page` parses once (lexbor), picks the candidate embed elements with one CSS query
(only when the page names a platform host at all), walks the article's element once to write
its text while noting where each candidate lies in it, then reads the candidates, the links
met on the way and the embeds hidden in the page. Ingest calls it and keeps the posts on the
:class:`~analyzer.records.Article` (``markup``), so the extract stage never parses the page
again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..records import Post
from .found import Found
from .htmltext import article_text, parse_document, title_of
from .markup import Scan, own_platforms, wants
from .urls import has_platform_host

__all__ = ["Page", "read_page"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Page:
    """A parsed page: its article text, its title, and the posts found in its markup (each
    post's ``span`` is where its element lies in ``text``, None when outside it)."""

    text: str
    title: str | None
    posts: tuple[Post, ...]


def scan(html: str, url: str | None = None) -> tuple[str, str | None, list[Found]]:
    """``(article text, title, markup candidates)`` of a page, from one parse."""
    tree = parse_document(html)
    if not has_platform_host(html):  # the cheap host test: no platform named, no embed scan
        textmap, _ = article_text(tree)
        return textmap.text, title_of(tree), []
    page = Scan(tree, own_platforms=own_platforms(tree, url))
    nodes = page.candidates()
    watch = {node.mem_id: i for i, node in enumerate(nodes)}
    textmap, root = article_text(tree, watch=watch, meet=wants)
    if textmap.root_chars is not None:
        page.root_chars = textmap.root_chars
    else:
        page.root_chars = len(root.text_lexbor()) if root is not None else 0
    anc = root
    while anc is not None:
        page.layout.add(anc.mem_id)
        anc = anc.parent
    page.read_candidates(nodes, textmap.regions)
    if textmap.met:
        page.read_met(textmap.met, textmap.text)
    found = sorted(page.out, key=lambda f: f.order)
    return textmap.text, title_of(tree), found


def read_page(html: str, url: str | None = None) -> Page:
    """The article text, title and markup posts of an HTML page (``url``: where it was read
    from, if known). Raises :class:`~analyzer.errors.DocumentError` on a document with nothing
    readable in it."""
    if not html or html.isspace():
        return Page("", None, ())
    text, title, found = scan(html, url)
    return Page(text, title, tuple(f.to_markup() for f in found))
