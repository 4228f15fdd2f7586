"""The default extractor: HTML embed markup + embeds flattened to text + posts quoted in prose,
deduplicated by ``(platform, post_id)`` (else by text, span, or author and date), with spans
located in ``Article.text``."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from ..records import Article, Post
from .embeds import find_embeds
from .flat import find_flat, find_text_urls
from .found import Found
from .htmltext import parse_html
from .prose import find_prose, quote_near
from .urls import has_platform_host

__all__ = ["DefaultExtractor", "locate"]

log = logging.getLogger(__name__)

_URLISH = re.compile(r"(?:https?://|pic\.(?:twitter|x)\.com/|t\.co/)\S+")
_NONWORD = re.compile(r"[\W_]+", re.U)
_MAX_NEEDLE = 4000


class DefaultExtractor:
    """Finds every post in an :class:`Article`, deduplicated, in document order."""

    name = "default"

    def signature(self) -> dict[str, object]:
        return {"name": self.name}

    def extract(self, article: Article) -> list[Post]:
        text = article.text or ""
        found: list[Found] = []
        html = article.html
        if html and html.strip() and has_platform_host(html):
            root = parse_html(html)
            found.extend(find_embeds(root))
        found.extend(find_flat(text))
        found.extend(find_prose(text))
        found.extend(find_text_urls(text))
        if not found:
            return []
        posts = _resolve(found, text)
        log.debug("%s: %d posts", article.id, len(posts))
        return posts


def locate(
    text: str, needle: str | None, start: int = 0, end: int | None = None
) -> tuple[int, int] | None:
    """Span of ``needle`` in ``text[start:end]``, tolerant of whitespace differences."""
    if not needle or not text:
        return None
    needle = needle.strip()[:_MAX_NEEDLE]
    if not needle:
        return None
    end = len(text) if end is None else end
    i = text.find(needle, start, end)
    if i >= 0:
        return (i, i + len(needle))
    tokens = needle.split()
    if not tokens:
        return None
    pattern = r"\s*".join(re.escape(t) for t in tokens)
    try:
        m = re.compile(pattern).search(text, start, end)
    except re.error:
        return None
    return (m.start(), m.end()) if m else None


@lru_cache(maxsize=4096)
def _norm(text: str | None) -> str:
    if not text:
        return ""
    return _NONWORD.sub(" ", _URLISH.sub(" ", text)).strip().casefold()


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return bool(a and b and a[0] < b[1] and b[0] < a[1])


def _same(a: Found, b: Found) -> bool:
    if a.platform != b.platform:
        return False
    if a.method == "html:link" or b.method == "html:link":
        # the date link of a signature whose blockquote lost its embed class
        link, sig = (a, b) if a.method == "html:link" else (b, a)
        if sig.method.endswith("-signature") and not sig.post_id and link.span and sig.span:
            near = sig.span[0] <= link.span[0] <= sig.span[1] + 250
            if (
                near
                and link.handle
                and sig.handle
                and link.handle.casefold() == sig.handle.casefold()
            ):
                return True
    if a.post_id and b.post_id:
        return a.post_id == b.post_id
    if _overlap(a.span, b.span):
        return True
    na, nb = _norm(a.text), _norm(b.text)
    if na and nb and (na == nb or (min(len(na), len(nb)) >= 20 and (na in nb or nb in na))):
        return True
    if a.handle and b.handle and a.handle.casefold() == b.handle.casefold():
        if a.date and b.date and a.date[:10] == b.date[:10] and (not na or not nb):
            return True
        if a.kind == b.kind == "embed" and (not na or not nb) and (not a.post_id or not b.post_id):
            return a.method.startswith("text:") != b.method.startswith("text:")
    return False


def _same_url(link: str, f: Found) -> bool:
    from .urls import classify_url

    ref = classify_url(link)
    return ref is not None and ref.platform == f.platform and ref.post_id == f.post_id


def _words(s: str | None) -> set[str]:
    return {w for w in _NONWORD.sub(" ", (s or "").casefold()).split() if len(w) > 2}


def _same_author(quote: Found, embed: Found) -> bool:
    if quote.platform != embed.platform:
        return False
    if quote.handle and embed.handle:
        return quote.handle.casefold() == embed.handle.casefold()
    speaker = _words(quote.name) | _words(quote.alias)
    return bool(speaker) and bool(speaker & (_words(embed.name) | _words(embed.handle)))


def _resolve(found: list[Found], text: str) -> list[Post]:
    # 1. locate HTML-found posts in the article text
    for f in found:
        if f.span is None and f.text and f.kind != "reference":
            f.span = locate(text, f.text) or (
                locate(text, f.anchor) if f.anchor and f.anchor != f.text else None
            )
    # 2. a status link in a paragraph that quotes a post gives that quote its ID
    refs = [f for f in found if f.method == "html:link"]
    prose = [f for f in found if f.method.startswith("prose:")]
    for r in refs:
        region = locate(text, r.context) if r.context else None
        if region:
            inner = locate(text, r.anchor, region[0], region[1]) if r.anchor else None
            r.span = inner
            for p in prose:
                pos = p.span[0] if p.span else int(p.order)
                if (
                    p.platform == r.platform
                    and not p.post_id
                    and region[0] - 5 <= pos <= region[1] + 5
                ):
                    p.post_id, p.url = r.post_id, r.url
                    p.handle = p.handle or r.handle
                    r.kind = "merged"
                    break
            else:
                if inner:
                    quoted = quote_near(text, inner[0], inner[1], region[0], region[1])
                    if quoted:  # the linked post is quoted in the same sentence
                        r.kind, r.method = "quote", "html:link-quote"
                        r.span, r.text, r.name = quoted
    found = [f for f in found if f.kind != "merged"]
    # a permalink inside an embed (a quoted post, a link in the caption) is not a post of its own
    inner_links = {link for f in found for link in f.links}
    found = [
        f
        for f in found
        if not (
            f.method in ("text:url", "text:url-line")
            and (
                any(f.url and link and _same_url(link, f) for link in inner_links)
                or any(
                    g is not f and g.text and g.span and g.span[0] <= f.span[0] < g.span[1]
                    for g in found
                    if f.span
                )
            )
        )
    ]
    # 3. merge duplicates, richest record first
    found.sort(key=lambda f: -f.richness())
    kept: list[Found] = []
    by_id: dict[tuple[str, str], Found] = {}
    for f in found:
        if f.post_id and (f.platform, f.post_id) in by_id:
            by_id[(f.platform, f.post_id)].merge(f)
            continue
        for k in kept:
            if k.platform == f.platform and not (k.post_id and f.post_id) and _same(k, f):
                k.merge(f)
                if k.post_id:
                    by_id.setdefault((k.platform, k.post_id), k)
                break
        else:
            kept.append(f)
            if f.post_id:
                by_id[(f.platform, f.post_id)] = f
    # 4. an indirect report next to an embed of the same platform paraphrases that embed
    embedded = {f.platform for f in kept if f.kind == "embed"}
    embeds = [f for f in kept if f.kind == "embed"]
    # a post quoted in prose whose speaker is the author of an embed on the page is that embed
    # (only when it is unambiguous: one such embed, one such quote)
    drop: set[int] = set()
    for e in embeds:
        quotes = [f for f in kept if f.kind == "quote" and not f.post_id and _same_author(f, e)]
        if len(quotes) == 1 and sum(_same_author(quotes[0], o) for o in embeds) == 1:
            drop.add(id(quotes[0]))
    kept = [f for f in kept if id(f) not in drop]
    quoted_by = {(f.platform, (f.name or "").casefold()) for f in kept if f.kind == "quote"}
    kept = [
        f
        for f in kept
        if not (
            f.indirect
            and (f.platform in embedded or (f.platform, (f.name or "").casefold()) in quoted_by)
        )
    ]
    # a consent placeholder ('Skip twitter post by …') stands for an embed the HTML may already give
    from_html = {f.platform for f in kept if f.method.startswith(("html:", "json:"))}
    kept = [
        f for f in kept if not (f.method == "text:consent-placeholder" and f.platform in from_html)
    ]
    # 5. document order: by span where located, else after the previous located HTML post
    html_order = sorted(
        (f for f in kept if not f.method.startswith(("text:", "prose:"))), key=lambda f: f.order
    )
    anchor_pos: dict[int, float] = {}
    last = -1.0
    step = 0.5 / (len(html_order) + 1)
    for i, f in enumerate(html_order):
        if f.span:
            last = float(f.span[0])
        anchor_pos[id(f)] = last if f.span else last + 0.25 + i * step
    for f in kept:
        if f.span:
            f.order = float(f.span[0])
        elif id(f) in anchor_pos:
            f.order = anchor_pos[id(f)]
    kept.sort(key=lambda f: f.order)
    return [f.to_post() for f in kept]
