"""Posts in a page's markup: the platforms' embed elements, CMS wrappers and lazy or consent
placeholders that hold a post's URL, rendered iframes, and embeds hidden in escaped or base64
attributes, ``<textarea>`` and JSON page state; status links in the article's prose
(``reference``).

One CSS query over the parsed page picks every candidate element (each platform declares its
markup in :mod:`.platforms`); each is read by the first reader that claims it, and the
elements inside a claimed embed are not read again. Everything keys on the permalink's shape
(:mod:`.urls`); markup only says where to look.

An embed is dropped when it sits in page chrome (a sidebar, a recommendation rail, a footer),
judged from the elements between it and the article: names such as ``sidebar`` on a layout
wrapper that holds the article's text do not count, nor do generated class names. A page that
is itself a platform's page (its canonical URL on the platform's host) embeds none of that
platform's posts: its post list is the platform's own.
"""

from __future__ import annotations

import base64
import binascii
import html as htmllib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from ..tables import table
from .found import Found
from .htmltext import class_words, node_text
from .platforms import markup
from .platforms.base import Attrs, Markup, Platform, PostRef
from .urls import classify_url, has_platform_host, host_tokens, iter_urls

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["Scan", "scan_fragment", "wants"]

log = logging.getLogger(__name__)

_MAX_HIDDEN = 200
_MAX_DEPTH = 2
_URL_ATTRS = (
    "data-embedded-url", "data-iframely-url", "data-embed-url", "data-extcontent_url", "data-oembed-url",
    "data-href", "data-url", "data-src", "data-lazy-src", "src", "cite", "data-permalink",
)  # fmt: skip
_IFRAME_ATTRS = (
    "src",
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-url",
    "data-consent-src",
)
_JS_UNESCAPES = (("\\u003c", "<"), ("\\u003C", "<"), ("\\u003e", ">"), ("\\u003E", ">"), ("\\u0026", "&"),
                 ("\\u002F", "/"), ("\\u002f", "/"), ('\\"', '"'), ("\\/", "/"), ("\\n", "\n"), ("\\t", " "))  # fmt: skip
_SNIPPET = re.compile(
    r"<(blockquote|iframe|amp-twitter|amp-instagram)\b[^>]*>(?:.*?</\1>)?", re.I | re.S
)
_JSON_EMBED_CTX = re.compile(
    r"oembed|embed|tweet|\"subtype\"|social|\"type\"\s*:\s*\"(?:twitter|instagram|facebook|tiktok|youtube|telegram|reddit)",
    re.I,
)
#: escaped embed markup inside an attribute value: what may follow an escaped '<'
_ESCAPED_LT = ("&lt;", "&#60;")
_ESCAPED_TAGS = ("blockquote", "iframe", "amp-twitter", "amp-instagram", "div class=&quot;fb-",
                 "script async src=&quot;https://telegram", "BLOCKQUOTE", "IFRAME")  # fmt: skip
_B64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
#: words a script holding embeds in its page state must have (escaped embed markup, oEmbed
#: records, '"type": "twitter"'); a script with none of them is not read
_SCRIPT_HINTS = ("blockquote", "iframe", "embed", "tweet", "social", "subtype", '"twitter"', '"instagram"',
                 '"facebook"', '"tiktok"', '"youtube"', '"telegram"', '"reddit"')  # fmt: skip


@cache
def _chrome_vocab() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    t = table("extract_markup")["chrome"]
    return (
        frozenset(t["words"]),
        frozenset(t["pairs"]),
        frozenset(t["tags"]),
        frozenset(t["roles"]),
    )


@cache
def _link_vocab() -> tuple[frozenset[str], frozenset[str]]:
    t = table("extract_markup")["links"]
    return frozenset(t["words"]), frozenset(t["tags"])


@cache
def _wrapper_vocab() -> tuple[frozenset[str], frozenset[str]]:
    t = table("extract_markup")["wrappers"]
    return frozenset(t["words"]), frozenset(t["attr_words"])


@cache
def _base64_needles() -> tuple[str, ...]:
    """Substrings that the base64 of '<blockquote' / '<iframe' holds whatever its alignment."""
    out: list[str] = []
    for needle in (b"<blockquote", b"<iframe"):
        for k in range(3):
            enc = base64.b64encode(b"\0" * k + needle).decode("ascii")
            # drop the characters touched by the unknown prefix and by the partial last group
            stable = enc[(k * 4 + 2) // 3 + 1 : len(enc) - 4]
            if len(stable) >= 8:
                out.append(stable)
                out.append(stable.replace("+", "-").replace("/", "_"))
    return tuple(dict.fromkeys(out))


@cache
def _rules() -> tuple[dict[str, tuple[Markup, ...]], tuple[Markup, ...]]:
    """The platforms' markup kinds by tag, and those for any tag."""
    by_tag: dict[str, list[Markup]] = {}
    anytag: list[Markup] = []
    for _, m in markup():
        if m.tags:
            for tag in m.tags:
                by_tag.setdefault(tag, []).append(m)
        else:
            anytag.append(m)
    return {k: tuple(v) for k, v in by_tag.items()}, tuple(anytag)


@cache
def candidate_selector() -> str:
    """The one CSS query that picks every candidate element of a page."""
    sel: list[str] = []
    for _, m in markup():
        sel.extend(m.selectors())
    sel += ["iframe", "amp-iframe", "figure.wp-block-embed", "textarea", "script"]
    sel += [f"[{a}]" for a in _URL_ATTRS if a not in ("src", "cite")]
    sel += ["[data-social-embedded]", "[data-iframely-id]"]
    return ", ".join(dict.fromkeys(sel))


def _classes(attrs: Attrs) -> set[str]:
    return set((attrs.get("class") or "").split())


def _has_host(value: str) -> bool:
    return any(token in value for token in host_tokens())


def wants(node: LexborNode, attrs: Attrs) -> bool:
    """Should the text walk report this element: a link, or an element whose data attribute
    holds a platform URL (lazy-load and consent placeholders, CMS wrappers)."""
    if not attrs:
        return False
    if (node.tag or "") == "a":
        href = attrs.get("href")
        return bool(href) and len(href or "") > 11 and _has_host(href or "")
    for k, v in attrs.items():
        if v and len(v) > 11 and k.startswith("data-") and _has_host(v):
            return True
    return False


def _ref_from_value(v: str) -> PostRef | None:
    v = v.strip()
    ref = classify_url(v)
    if ref:
        return ref
    if "url=" in v or "href=" in v:
        q = parse_qs(urlsplit(v.replace("&amp;", "&")).query)
        for u in q.get("url", []) + q.get("href", []):
            ref = classify_url(unquote(u))
            if ref:
                return ref
    return None


@dataclass
class Scan:
    """One page's (or hidden fragment's) markup scan."""

    tree: LexborHTMLParser
    depth: int = 0
    #: mem_ids of the content root and its ancestors (above them is page layout, not chrome)
    layout: set[int] = field(default_factory=set)
    #: length of the article element's text, for telling a layout wrapper from a chrome block
    root_chars: int = 0
    #: platforms whose own page this is (their posts on it are not embeds)
    own_platforms: frozenset[str] = frozenset()
    out: list[Found] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)
    #: the order given to what a hidden copy yields (where its element stands, when known)
    _index: float = 0.0

    # -- candidates --------------------------------------------------------------------------
    def candidates(self) -> list[LexborNode]:
        try:
            return self.tree.css(candidate_selector())
        except Exception:  # noqa: BLE001 - lexbor on pathological trees
            log.debug("candidate query failed", exc_info=True)
            return []

    def read_candidates(
        self, nodes: list[LexborNode], regions: dict[int, tuple[int, int]] | None = None
    ) -> None:
        regions = regions or {}
        for index, node in enumerate(nodes):
            self._index = index + 0.5
            try:
                mid = node.mem_id
                if mid in self.claimed or self._inside_claimed(node):
                    continue
                f = self._read(node)
            except Exception:  # noqa: BLE001 - one odd element must not lose the page
                log.debug("embed element failed", exc_info=True)
                continue
            if f is None:
                continue
            self.claimed.add(mid)
            if not self._keep(f, node):
                continue
            f.order = float(index)
            f.region = regions.get(mid)
            self.out.append(f)
        self._index = len(nodes)

    def _inside_claimed(self, node: LexborNode) -> bool:
        if not self.claimed:
            return False
        anc = node.parent
        while anc is not None:
            if anc.mem_id in self.claimed:
                return True
            anc = anc.parent
        return False

    def _keep(self, f: Found, node: LexborNode) -> bool:
        if f.platform in self.own_platforms:
            log.debug("a post on the platform's own page skipped: %s", f.url)
            return False
        if self.depth == 0 and f.kind == "embed" and self.in_chrome(node):
            log.debug("embed in page chrome skipped: %s", f.url)
            return False
        return True

    def _read(self, node: LexborNode) -> Found | None:
        tag = node.tag or ""
        attrs = node.attributes
        classes = _classes(attrs)
        by_tag, anytag = _rules()
        for rule in by_tag.get(tag, ()) + anytag:
            if rule.matches(tag, classes, attrs):
                f = rule.read(node, attrs)
                if f is not None:
                    return f
        if tag in ("iframe", "amp-iframe"):
            return _read_iframe(attrs, classes)
        if tag == "figure":
            return _read_wp_figure(node)
        if tag == "textarea":
            if self.depth < _MAX_DEPTH:
                code = node.text(deep=True)
                if "<" in code and has_platform_host(code):
                    self.fragment(code, "textarea")
            return None
        if tag == "script":
            self._script(node, attrs)
            return None
        return _read_wrapper(tag, attrs, classes)

    # -- chrome --------------------------------------------------------------------------------
    def in_chrome(self, node: LexborNode) -> bool:
        """Inside a sidebar, rail, recommendation block, footer or navigation: an element so
        named (by tag, role or class/id words) between the embed and the nearest element that
        the page marks as the article (``<article>``, ``<main>``, ``articleBody``) or that holds
        the article's text, unless it holds most of that text itself (a layout wrapper)."""
        words, pairs, tags, roles = _chrome_vocab()
        anc = node.parent
        while anc is not None:
            if anc.mem_id in self.layout:
                return False
            tag = anc.tag or ""
            if tag in ("body", "html", "article", "main"):
                return False  # the page's own markup says: the article (or its main part)
            attrs = anc.attributes
            if attrs.get("itemprop") == "articleBody" or attrs.get("role") == "main":
                return False
            chrome = tag in tags or (attrs.get("role") or "") in roles
            if not chrome:
                ident = (attrs.get("class") or "") + " " + (attrs.get("id") or "")
                if len(ident) > 1:
                    w = class_words(ident)
                    chrome = any(x in words for x in w) or any(
                        f"{a} {b}" in pairs for a, b in zip(w, w[1:], strict=False)
                    )
                    if chrome and "embed" in w:
                        chrome = False
            if chrome and not self._holds_article(anc):
                return True
            anc = anc.parent
        return False

    def _holds_article(self, node: LexborNode) -> bool:
        """Does ``node`` hold at least half of the article element's text (a layout wrapper)?"""
        if self.root_chars < 400:
            return False
        return len(node.text(deep=True)) >= 0.5 * self.root_chars

    # -- elements met in the article's text -----------------------------------------------------
    def read_met(
        self, met: list[tuple[LexborNode, tuple[int, int]]], text: str, order_of: dict[int, float]
    ) -> None:
        for node, span in met:
            try:
                mid = node.mem_id
                if mid in self.claimed or self._inside_claimed(node):
                    continue
                attrs = node.attributes
                if (node.tag or "") == "a":
                    f = self._anchor(node, attrs, span, text)
                else:
                    f = _read_data_wrapper(attrs)
                    if f is not None and not self._keep(f, node):
                        continue
            except Exception:  # noqa: BLE001
                log.debug("link failed", exc_info=True)
                continue
            if f is None:
                continue
            self.claimed.add(mid)
            f.order = order_of.get(mid, 0.0)
            f.region = span
            self.out.append(f)

    def _anchor(
        self, el: LexborNode, attrs: Attrs, span: tuple[int, int], text: str
    ) -> Found | None:
        href = attrs.get("href") or ""
        ref = classify_url(href)
        if ref is None or ref.platform in self.own_platforms:
            return None
        if ref.platform == "youtube" and "watch" not in href and "youtu.be" not in href:
            return None
        if self._furniture(el, attrs):
            return None
        label = " ".join(el.text(deep=True).split())
        if ref.platform == "youtube":
            from .platforms.youtube import is_store_label

            if is_store_label(label):
                return None  # 'rent it on YouTube': a shop link, not a post
        if _in_embed_wrapper(el, attrs, label):
            return Found.from_ref(ref, "embed", "html:embed-wrapper")
        f = Found.from_ref(ref, "reference", "html:link")
        f.anchor = label or None
        return f

    def _furniture(self, el: LexborNode, attrs: Attrs) -> bool:
        """A link that is page furniture (a byline, an author box, a follow or share button)."""
        words, tags = _link_vocab()
        if any(w in words for w in class_words(attrs.get("class") or "")):
            return True
        anc = el.parent
        while anc is not None and anc.mem_id not in self.layout:
            tag = anc.tag or ""
            if tag in tags:
                return True
            a = anc.attributes
            ident = (a.get("class") or "") + " " + (a.get("id") or "")
            if len(ident) > 1 and any(w in words for w in class_words(ident)):
                return True
            anc = anc.parent
        return False

    # -- hidden content ------------------------------------------------------------------------
    def _script(self, node: LexborNode, attrs: Attrs) -> None:
        if attrs.get("src") or self.depth >= _MAX_DEPTH:
            return
        typ = (attrs.get("type") or "").lower()
        if "ld+json" in typ:
            return
        code = node.text(deep=True)
        if (
            len(code) < 40
            or not any(h in code for h in _SCRIPT_HINTS)
            or not has_platform_host(code)
        ):
            return
        self.json(code)

    def json(self, code: str) -> None:
        """Embeds in a script's JSON state: escaped embed HTML, and post URLs next to words that
        say embed (``"type": "twitter"``, ``oembed``, ``embed_url``)."""
        for a, b in _JS_UNESCAPES:
            if a in code:
                code = code.replace(a, b)
        if "&lt;" in code:
            code = htmllib.unescape(code)
        if "<blockquote" in code or "<iframe" in code or "<amp-" in code or "<BLOCKQUOTE" in code:
            for count, m in enumerate(_SNIPPET.finditer(code)):
                if count >= _MAX_HIDDEN:
                    break
                self.fragment(m.group(0), "embed-html", json=True)
        for start, url in iter_urls(code):
            before = code[max(0, start - 10) : start]
            if "href=" in before or "src=" in before or "cite=" in before:
                continue
            ref = classify_url(url)
            if ref is None or ref.platform in self.own_platforms:
                continue
            if _JSON_EMBED_CTX.search(code, max(0, start - 250), start):
                f = Found.from_ref(ref, "embed", "json:url")
                f.order = self._index
                self.out.append(f)

    def fragment(self, snippet: str, origin: str, *, json: bool = False) -> None:
        for f in scan_fragment(snippet, self.depth + 1, self.own_platforms):
            if f.kind == "reference":
                continue
            name = f.method.split(":", 1)[-1]
            f.method = f"json:{name}" if json else f"html:{origin}:{name}"
            f.order = self._index
            self.out.append(f)

    def hidden_attributes(self, html: str) -> None:
        """Embed markup kept, escaped or in base64, in attribute values of the raw page."""
        if self.depth >= _MAX_DEPTH:
            return
        self._index = float(1 << 30)  # a copy in an attribute: after the page's elements
        seen: set[int] = set()
        count = 0
        for needle in _ESCAPED_LT:
            i = html.find(needle)
            while i >= 0 and count < _MAX_HIDDEN:
                if html.startswith(_ESCAPED_TAGS, i + len(needle)):
                    value = _attribute_around(html, i)
                    if value is not None and value[0] not in seen:
                        seen.add(value[0])
                        count += 1
                        self.fragment(htmllib.unescape(value[1]), "attribute")
                i = html.find(needle, i + len(needle))
        for needle in _base64_needles():
            i = html.find(needle)
            while i >= 0 and count < _MAX_HIDDEN:
                value = _attribute_around(html, i)
                if value is not None and value[0] not in seen:
                    seen.add(value[0])
                    count += 1
                    decoded = _b64(value[1])
                    if decoded and "<" in decoded:
                        self.fragment(decoded, "base64")
                i = html.find(needle, i + len(needle))


def _attribute_around(html: str, i: int) -> tuple[int, str] | None:
    """The quoted attribute value that holds offset ``i`` of the raw page: ``(start, value)``."""
    lo = max(0, i - 200_000)
    q1 = html.rfind('="', lo, i)
    q2 = html.rfind("='", lo, i)
    start, quote = (q1, '"') if q1 >= q2 else (q2, "'")
    if start < 0:
        return None
    between = html[start + 2 : i]
    if quote in between:
        return None
    end = html.find(quote, i)
    if end < 0:
        return None
    return start + 2, html[start + 2 : end]


def _b64(value: str) -> str | None:
    s = value.strip()
    if len(s) > 2_000_000 or not _B64.fullmatch(s):
        return None
    try:
        raw = base64.b64decode(
            s + "=" * (-len(s) % 4), altchars=b"-_" if ("-" in s or "_" in s) else None
        )
        return raw.decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def _read_iframe(attrs: Attrs, classes: set[str]) -> Found | None:
    for name in _IFRAME_ATTRS:
        src = attrs.get(name)
        if not src or src.startswith(("about:", "data:", "javascript:")):
            continue
        ref = classify_url(src)
        if ref is None and src.split("?", 1)[0].rstrip("/").endswith("/embed"):
            ref = classify_url(
                src.split("?", 1)[0].rstrip("/").removesuffix("/embed"), any_mastodon_host=True
            )
        if ref is not None:
            return Found.from_ref(ref, "embed", f"html:{ref.platform}-iframe")
    return None


def _read_wp_figure(node: LexborNode) -> Found | None:
    """A WordPress embed block whose oEmbed failed: only the post URL, as text."""
    if node.css_first("blockquote") is not None or node.css_first("iframe") is not None:
        return None
    wrapper = node.css_first("div")
    text = node_text(wrapper if wrapper is not None else node).strip()
    first = text.split()[0] if text else ""
    ref = classify_url(first) if first else None
    return Found.from_ref(ref, "embed", "html:wp-embed") if ref else None


def _looks_like_wrapper(attrs: Attrs, classes: set[str]) -> bool:
    words, attr_words = _wrapper_vocab()
    for c in classes:
        if any(w in words for w in class_words(c)):
            return True
    for name in attrs:
        if name.startswith("data-") and any(w in attr_words for w in class_words(name[5:])):
            return True
    return False


def _read_wrapper(tag: str, attrs: Attrs, classes: set[str]) -> Found | None:
    """A CMS wrapper or placeholder that holds an embed's URL in an attribute."""
    if tag == "a" or not _looks_like_wrapper(attrs, classes):
        return None
    for name in _URL_ATTRS:
        v = attrs.get(name)
        if v:
            ref = _ref_from_value(v)
            if ref:
                return Found.from_ref(ref, "embed", "html:embed-wrapper")
    return None


def _read_data_wrapper(attrs: Attrs) -> Found | None:
    """An element in the article whose data attribute holds a post URL: a lazy-load or consent
    placeholder (``data-src``, ``data-consent-src``, ``data-embed``) standing for the embed."""
    _, attr_words = _wrapper_vocab()
    for name, v in attrs.items():
        if not v or not name.startswith("data-"):
            continue
        if not any(w in attr_words for w in class_words(name[5:])):
            continue
        ref = _ref_from_value(v)
        if ref is not None:
            return Found.from_ref(ref, "embed", "html:embed-wrapper")
    return None


def _in_embed_wrapper(a: LexborNode, attrs: Attrs, label: str) -> bool:
    """A lone permalink that stands for an embed (iframely, WordPress and CMS embed wrappers)."""
    if attrs.get("data-iframely-url"):
        return True
    if label and not label.startswith(("http", "www.", "twitter.com", "x.com", "instagram.com")):
        return False
    words, _ = _wrapper_vocab()
    parent = a.parent
    for _ in range(3):
        if parent is None:
            return False
        cls = parent.attributes.get("class") or ""
        if cls and any(w in words for w in class_words(cls) if w not in ("media", "social")):
            return True
        parent = parent.parent
    return False


def own_platforms(tree: LexborHTMLParser, url: str | None) -> frozenset[str]:
    """Platforms whose own page this is: its canonical URL (or ``og:url``, or the URL it was
    read from) is on the platform's host."""
    urls = [url] if url else []
    for sel, attr in (('link[rel="canonical"]', "href"), ('meta[property="og:url"]', "content")):
        node = tree.css_first(sel)
        value = node.attributes.get(attr) if node is not None else None
        if value:
            urls.append(value)
    out: set[str] = set()
    for u in urls:
        p = _platform_of_url(u)
        if p is not None:
            out.add(p.name)
    return frozenset(out)


def _platform_of_url(url: str) -> Platform | None:
    from .urls import _owner, strip_scheme

    s = strip_scheme(url or "")
    host = s.split("/", 1)[0].split("?", 1)[0].lower()
    return _owner(host) if "." in host else None


def scan_fragment(snippet: str, depth: int, own: frozenset[str] = frozenset()) -> Iterator[Found]:
    """Posts in a piece of hidden markup (escaped, base64, JSON state, textarea)."""
    from selectolax.lexbor import LexborHTMLParser

    try:
        tree = LexborHTMLParser(snippet)
    except Exception:  # noqa: BLE001 - hidden content is best effort
        return iter(())
    scan = Scan(tree, depth=depth, own_platforms=own)
    scan.read_candidates(scan.candidates())
    return iter(scan.out)
