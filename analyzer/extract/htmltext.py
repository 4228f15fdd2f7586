"""Plain article text from raw HTML.

:func:`parse_html_article` gives readable text with ``"\\n\\n"`` between blocks, keeping embed
blockquotes (tweets, Instagram captions) in place so that flattened-embed and prose patterns
work on it and post spans can be located. Scripts, styles, templates, navigation and share
bars are dropped. :func:`parse_html` parses once with lxml and keeps the last tree so the
extract stage does not parse the same page again.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any

from ..errors import DocumentError

__all__ = ["parse_html", "parse_html_article", "html_to_text"]

log = logging.getLogger(__name__)

_SKIP = frozenset(
    {
        "script", "style", "template", "noscript", "head", "title", "svg", "math", "iframe", "object",
        "embed", "canvas", "select", "option", "button", "input", "textarea", "nav", "footer", "aside",
        "link", "meta", "video", "audio", "source", "picture", "map", "dialog", "amp-analytics",
    }
)  # fmt: skip
_BLOCK = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "blockquote", "figure", "figcaption", "h1", "h2",
        "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "pre", "hr", "address",
        "body", "html", "center", "details", "summary", "form", "fieldset", "caption", "thead", "tbody",
    }
)  # fmt: skip
_CELL = frozenset({"td", "th"})
_BOILER = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|sharebar|social-share|social-links|social-follow|follow-us|newsletter|"
    r"cookie|cookies|consent|related|recommended|comments?|sidebar|breadcrumbs?|menu|navbar|subscribe|"
    r"advert|advertisement|ads|promo|popup|modal|site-footer|site-header|paywall|outbrain|taboola)(?:$|[\s_-])",
    re.I,
)
_EMBEDDY = re.compile(
    r"embed|tweet|instagram|tiktok|bluesky|mastodon|reddit|fb-post|fb-video|text-post", re.I
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BR = "\x01"
_BLK = "\x02"
_MIN_ROOT_CHARS = 200
_MIN_CONTENT_CHARS = 1200

_cache_lock = threading.Lock()
_cache: list[tuple[str, Any, bool]] = []
_CRUDE_DROP = re.compile(
    r"<(script|style|template|noscript|head|svg|textarea)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S
)
_CRUDE_BLOCK = re.compile(
    r"</?(?:p|div|section|article|blockquote|h[1-6]|li|ul|ol|tr|table|figure|header|main)\b[^>]*>",
    re.I,
)
_CRUDE_BR = re.compile(r"<br\b[^>]*>", re.I)
_CRUDE_TAG = re.compile(r"<[^>]*>")


def parse_html(html: str) -> Any:
    """The lxml root of ``html`` (an ``HtmlElement``); the last tree is cached.

    Raises :class:`DocumentError` when lxml cannot make a tree of it."""
    return _parsed(html)[0]


def _parsed(html: str) -> tuple[Any, bool]:
    with _cache_lock:
        if _cache and (_cache[0][0] is html or _cache[0][0] == html):
            return _cache[0][1], _cache[0][2]
    root, truncated = _parse_checked(html)
    with _cache_lock:
        _cache[:] = [(html, root, truncated)]
    return root, truncated


def _parse(html: str) -> Any:
    return _parse_checked(html)[0]


def _parse_checked(html: str) -> tuple[Any, bool]:
    """Parse with lxml; the flag says libxml2 gave up on part of the page (nesting too deep)."""
    import lxml.etree
    import lxml.html

    data = _CTRL.sub(" ", html).encode("utf-8", "replace")
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, recover=True
    )
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError, lxml.etree.XMLSyntaxError) as exc:
        raise DocumentError(f"cannot parse the HTML document ({exc}); is it HTML at all?") from exc
    if root is None:
        raise DocumentError("cannot parse the HTML document: no elements found; is it HTML at all?")
    truncated = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    if truncated:
        log.warning("HTML nested too deeply for lxml; part of the page is read as plain text only")
    return root, truncated


def _crude_text(html: str) -> str:
    """Text by regular expressions, for pages lxml cannot hold (nesting too deep)."""
    import html as htmllib

    s = _CRUDE_DROP.sub(" ", html)
    s = _CRUDE_BLOCK.sub(_BLK, s)
    s = _CRUDE_BR.sub(_BR, s)
    s = htmllib.unescape(_CRUDE_TAG.sub("", s))
    return _blocks(s)


def parse_html_article(html: str) -> tuple[str, str | None]:
    """``(plain article text, title)`` of an HTML page.

    Empty or whitespace-only input gives ``("", None)``; a document lxml cannot read at all
    raises :class:`DocumentError`."""
    if not html or not html.strip():
        return "", None
    root, truncated = _parsed(html)
    if truncated:
        return _crude_text(html), _title(root)
    text = html_to_text(_content_root(root))
    if len(text) < _MIN_ROOT_CHARS:  # the boilerplate rules ate the page: take all visible text
        fuller = html_to_text(root, boilerplate=False)
        if len(fuller) > 2 * len(text):
            text = fuller
    return text, _title(root)


def _title(root: Any) -> str | None:
    for xp in ('//meta[@property="og:title"]/@content', '//meta[@name="twitter:title"]/@content'):
        vals = root.xpath(xp)
        if vals and str(vals[0]).strip():
            return " ".join(str(vals[0]).split())
    t = root.find(".//title")
    if t is not None:
        txt = " ".join(t.text_content().split())
        if txt:
            return txt
    h1 = root.find(".//h1")
    if h1 is not None:
        txt = " ".join(h1.text_content().split())
        return txt or None
    return None


def _content_root(root: Any) -> Any:
    """The element holding the article body: ``[itemprop=articleBody]``, the largest
    ``<article>``, ``<main>``; else ``<body>``."""
    body = root.find("body")
    if body is None:
        body = root
    cands = root.xpath('//*[@itemprop="articleBody"]') or []
    cands += root.xpath("//article") or []
    cands += root.xpath('//main|//*[@role="main"]') or []
    best, best_len = None, 0
    for el in cands[:50]:
        n = len(el.text_content())
        if n > best_len:
            best, best_len = el, n
        if el.get("itemprop") == "articleBody" and n >= _MIN_ROOT_CHARS:
            return el
    if best is not None and best_len >= _MIN_ROOT_CHARS:
        return best
    return body


def _skip(el: Any, boilerplate: bool = True) -> bool:
    tag = el.tag
    if not isinstance(tag, str):
        return True
    tag = tag.lower()
    if tag in _SKIP:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return tag not in ("blockquote",)
    style = el.get("style")
    if style and _HIDDEN.search(style):
        return True
    if not boilerplate:
        return False
    cls = (el.get("class") or "") + " " + (el.get("id") or "")
    if (
        len(cls) > 1
        and _BOILER.search(cls)
        and not _EMBEDDY.search(cls)
        and tag not in ("body", "article", "main")
        and not _is_content(el)
    ):
        return True
    return False


def _is_content(el: Any) -> bool:
    """A container whose class looks like chrome ('has-ads', 'share-enabled') but that holds
    the article: several paragraphs of text."""
    if len(el.findall(".//p")) < 3:
        return False
    return len(el.text_content()) > _MIN_CONTENT_CHARS


def html_to_text(root: Any, boilerplate: bool = True) -> str:
    """Readable text of an element tree: blocks separated by ``\\n\\n``, ``<br>`` as ``\\n``."""
    import lxml.etree

    parts: list[str] = []
    add = parts.append
    pre_depth = 0
    skipped: Any = None
    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if el is not root and _skip(el, boilerplate):
                walker.skip_subtree()
                skipped = el
                continue
            if tag in _BLOCK:
                add(_BLK)
            elif tag == "br":
                add(_BR)
            elif tag in _CELL:
                add(" ")
            elif tag == "img":
                alt = el.get("alt")
                if alt and len(alt) <= 8 and not alt.isascii():  # emoji images in rendered posts
                    add(alt)
            elif tag == "q":
                add("“")
            if tag == "pre":
                pre_depth += 1
            if el.text:
                add(el.text.replace("\n", _BR) if pre_depth else el.text)
        else:
            if el is skipped:
                skipped = None
                if el.tail:
                    add(el.tail.replace("\n", _BR) if pre_depth else el.tail)
                continue
            if tag == "pre":
                pre_depth -= 1
            if tag in _BLOCK:
                add(_BLK)
            elif tag in _CELL:
                add(" ")
            elif tag == "q":
                add("”")
            if el is not root and el.tail:
                add(el.tail.replace("\n", _BR) if pre_depth else el.tail)
    return _blocks("".join(parts))


def _blocks(joined: str) -> str:
    blocks: list[str] = []
    for block in joined.split(_BLK):
        lines = [" ".join(line.replace("\ufeff", " ").split()) for line in block.split(_BR)]
        text = "\n".join(line for line in lines if line)
        if text:
            blocks.append(text)
    return "\n\n".join(blocks)
