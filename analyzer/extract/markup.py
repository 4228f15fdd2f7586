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
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from ..tables import table
from .found import Found
from .htmltext import Met, class_words, node_text
from .platforms import markup
from .platforms.base import Attrs, Markup, Platform, PostRef
from .urls import classify_url, has_platform_host, iter_urls

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
#: tags few enough on a page to pick them all and check their class in Python
_RARE_TAGS = frozenset({"blockquote", "iframe", "figure", "textarea", "script", "lite-youtube"})
#: attributes that mark an element anywhere on the page as an embed's wrapper
_CANDIDATE_ATTRS = ("data-embedded-url", "data-iframely-url", "data-embed-url", "data-extcontent_url",
                    "data-oembed-url", "data-social-embedded")  # fmt: skip
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
#: embed elements whose markup page state may carry, and how an escaped '<' is written there
_SNIPPET_TAGS = ("blockquote", "iframe", "amp-twitter", "amp-instagram")
_OPENERS = ("\\u003c", "\\u003C", "\\x3c", "\\x3C", "&lt;", "&#60;", "<")
_JSON_EMBED_CTX = re.compile(
    r"oembed|embed|tweet|\"subtype\"|social|\"type\"\s*:\s*\"(?:twitter|instagram|facebook|tiktok|youtube|telegram|reddit)",
    re.I,
)
#: embed markup that an attribute may keep for later (consent layers, lazy loaders)
_EMBED_MARKUP = re.compile(
    r"<(?:blockquote|iframe|amp-twitter|amp-instagram|script[^>]+telegram)|class=[\"']?fb-(?:post|video)",
    re.I,
)
_B64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
#: words before a post URL in page state that say it is embedded ('oembed', '"subtype":
#: "twitter"', 'embed_url', 'tweet'), and how far after them the URL may end
_CONTEXT_WORDS = ("embed", "tweet", "subtype", "social")
_CONTEXT_REACH = 250 + 700
#: what :meth:`Scan.json` looks for in a script: a script holding none of these gives nothing,
#: and most scripts are dismissed by these few substring tests before the host test
_JSON_WORDS = ("embed", "tweet", "social", "subtype", "iframe", "blockquote", "amp-")


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
def _card_classes() -> frozenset[str]:
    return frozenset(table("extract_markup")["wrappers"]["link_classes"])


@dataclass(frozen=True, slots=True)
class _Rules:
    """The platforms' markup kinds by tag, those for any tag, and the class tokens and
    attributes that any-tag kinds need (an element with none of them matches none: most
    candidates, such as scripts and figures, are spared the loop over them)."""

    by_tag: dict[str, tuple[Markup, ...]]
    anytag: tuple[Markup, ...]
    anytag_classes: frozenset[str]
    anytag_attrs: frozenset[str]

    def for_element(self, tag: str, classes: set[str], attrs: Attrs) -> tuple[Markup, ...]:
        """The kinds that may match an element, in registry order of tag kinds then any-tag ones."""
        own = self.by_tag.get(tag, ())
        if (classes and not self.anytag_classes.isdisjoint(classes)) or not attrs.keys().isdisjoint(
            self.anytag_attrs
        ):
            return own + self.anytag
        return own


@cache
def _rules() -> _Rules:
    by_tag: dict[str, list[Markup]] = {}
    anytag: list[Markup] = []
    for _, m in markup():
        if m.tags:
            for tag in m.tags:
                by_tag.setdefault(tag, []).append(m)
        else:
            anytag.append(m)
    return _Rules(
        {k: tuple(v) for k, v in by_tag.items()},
        tuple(anytag),
        frozenset(c for m in anytag for c in m.classes),
        frozenset(a for m in anytag for a in m.attrs),
    )


@cache
def _candidate_parts() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The candidate query's selectors: those that any page may match, and those that a page
    matches only if its markup writes their name: custom elements (``amp-twitter``,
    ``lite-youtube``) and data attributes matched by name alone (``[data-…]``)."""
    sel: list[str] = []
    for _, m in markup():
        rare = m.tags and all(t in _RARE_TAGS or t.startswith("amp-") for t in m.tags)
        sel.extend(m.tags if rare else m.selectors())
    sel += ["iframe", "amp-iframe", "figure", "textarea", "script"]
    sel += [f"[{a}]" for a in _CANDIDATE_ATTRS]
    always: list[str] = []
    named: list[str] = []
    for s in dict.fromkeys(sel):
        (named if _NAMED.fullmatch(s) else always).append(s)
    return tuple(always), tuple(named)


#: a selector that is only a name a page's markup must write for it to match: a data
#: attribute (``[data-…]``) or a custom element (its name holds a hyphen)
_NAMED = re.compile(r"\[data-[a-z0-9_-]+\]|(?:amp|lite)-[a-z0-9-]+")


@cache
def _written_names() -> tuple[re.Pattern[bytes], ...]:
    """Where a page's lower-cased bytes write a name of :func:`_candidate_parts`: a data
    attribute's name after ``data-``, a custom element's after ``<``. (Two patterns, each
    opening with its literal, which the search skips to: one alternation of both would be
    tried at every byte.)"""
    named = _candidate_parts()[1]
    attrs = sorted((n[6:-1] for n in named if n.startswith("[")), key=len, reverse=True)
    tags = sorted((n for n in named if not n.startswith("[")), key=len, reverse=True)
    out = []
    if attrs:
        out.append(re.compile(b"data-(?:" + b"|".join(re.escape(a.encode()) for a in attrs) + b")"))
    if tags:
        out.append(re.compile(b"<(?:" + b"|".join(re.escape(t.encode()) for t in tags) + b")"))
    return tuple(out)


@lru_cache(maxsize=256)
def candidate_selector(written: frozenset[str] | None = None) -> str:
    """The one CSS query that picks every candidate element of a page: embed elements by tag
    (their class is checked when read), the platforms' class- and attribute-marked wrappers,
    and the attributes CMSs put an embed's URL in. Of the custom elements and data attributes,
    only those ``written`` (``data-…`` / ``<amp-…`` as the page writes them), when given. (Other
    data attributes holding a post URL are met by the text walk, inside the article.)"""
    always, named = _candidate_parts()
    if written is not None:
        named = tuple(n for n in named if (n[1:-1] if n.startswith("[") else "<" + n) in written)
    return ", ".join([*always, *named])


def page_selector(raw: bytes) -> str:
    """:func:`candidate_selector` for the page whose markup (the parser's UTF-8 input) is
    ``raw``: lexbor looks a custom element's or an attribute's name up at every element it
    tests, so the names the page never writes are left out of its query. (The HTML parser
    lower-cases ASCII in tag and attribute names, as ``bytes.lower`` does: a name written in
    any case is found; one written elsewhere than in a tag only keeps its selector.)"""
    low = raw.lower()
    found = frozenset(m.decode() for p in _written_names() for m in p.findall(low))
    return candidate_selector(found)


def _classes(attrs: Attrs) -> set[str]:
    return set((attrs.get("class") or "").split())


def wants(tag: str, attrs: Attrs) -> bool:
    """Should the text walk report this element (``tag``, ``attrs``): a link to a platform, an
    element whose data attribute holds a platform URL (lazy-load and consent placeholders, CMS
    wrappers), or one that keeps embed markup in an attribute (escaped, which the parser has
    decoded, or base64)."""
    if not attrs:
        return False
    if tag == "a":
        href = attrs.get("href")
        return href is not None and len(href) > 11 and has_platform_host(href)
    for k, v in attrs.items():
        if not v or len(v) < 12:
            continue
        if "<" in v or (len(v) > 120 and " " not in v and ":" not in v and "." not in v):
            return True
        if k[:5] == "data-" and (
            ("." in v and has_platform_host(v))
            or (v[0] == "{" and any(key in v for key in _json_keys()))
        ):
            return True
    return False


def _markup_in(value: str) -> tuple[str, str] | None:
    """``(origin, markup)`` when an attribute value keeps embed markup: decoded by the parser
    from its escaped form (``attribute``) or in base64 (``base64``)."""
    if "<" in value:
        return ("attribute", value) if _EMBED_MARKUP.search(value) else None
    if len(value) > 120 and " " not in value:
        decoded = _b64(value)
        if decoded and "<" in decoded and _EMBED_MARKUP.search(decoded):
            return "base64", decoded
    return None


def _ref_from_value(v: str) -> PostRef | None:
    v = v.strip()
    ref = classify_url(v)
    if ref:
        return ref
    if "=" in v and "?" in v:  # a post URL handed to an oEmbed proxy or player as a parameter
        q = parse_qs(urlsplit(v.replace("&amp;", "&")).query)
        for key in ("url", "href", "src", "u", "link"):
            for u in q.get(key, []):
                ref = classify_url(unquote(u))
                if ref:
                    return ref
    return None


def _fills_article(node: LexborNode, n: int) -> bool:
    """Does ``node`` (``n`` characters of text) hold nearly all the text of the nearest element
    above it that the page marks as the article (``<article>``, ``<main>``, ``articleBody``)?
    Then its name speaks of what sits beside the text ('content-and-right-rail-container'): a
    layout wrapper."""
    if n < 400:
        return False
    anc = node.parent
    while anc is not None:
        tag = anc.tag or ""
        if tag in ("body", "html"):
            return False
        attrs = anc.attributes
        if (
            tag in ("article", "main")
            or attrs.get("itemprop") == "articleBody"
            or attrs.get("role") == "main"
        ):
            return n >= 0.9 * len(anc.text_lexbor())
        anc = anc.parent
    return False


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
    #: where the candidate being read stands in the text
    _here: tuple[int, int] | None = None
    #: mem_id -> whether the element holds most of the article's text
    _held: dict[int, bool] = field(default_factory=dict)

    # -- candidates --------------------------------------------------------------------------
    def candidates(self) -> list[LexborNode]:
        try:
            return self.tree.css(page_selector(self.tree.raw_html))
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
                self._here = regions.get(mid)
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
        for rule in _rules().for_element(tag, classes, attrs):
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
                    self.fragment(code, "textarea", region=self._here)
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
        """Does ``node`` hold at least half of the article element's text, or nearly all of the
        element above it that the page marks as the article (a layout wrapper)? (Measured once
        per element: the embeds of one rail ask about the same ancestors.)"""
        mid = node.mem_id
        held = self._held.get(mid)
        if held is None:
            n = len(node.text_lexbor())
            held = (self.root_chars >= 400 and n >= 0.5 * self.root_chars) or _fills_article(node, n)
            self._held[mid] = held
        return held

    # -- elements met in the article's text -----------------------------------------------------
    def read_met(self, met: list[Met], text: str) -> None:
        """The links and placeholders the text walk met (each placed after the candidate
        element before it)."""
        for node, span, after in met:
            try:
                mid = node.mem_id
                if mid in self.claimed or self._inside_claimed(node):
                    continue
                attrs = node.attributes
                if (node.tag or "") == "a":
                    f = self._anchor(node, attrs, span, text)
                else:
                    if self.depth < _MAX_DEPTH:
                        self._index = after
                        for v in attrs.values():
                            hidden = _markup_in(v) if v and len(v) >= 12 else None
                            if hidden is not None and not self.in_chrome(node):
                                self.fragment(hidden[1], hidden[0], region=span)
                    f = _read_data_wrapper(attrs)
                    if f is not None and not self._keep(f, node):
                        continue
            except Exception:  # noqa: BLE001
                log.debug("link failed", exc_info=True)
                continue
            if f is None:
                continue
            self.claimed.add(mid)
            f.order = after
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
            len(code) >= 40
            and any(w in code for w in _JSON_WORDS)
            and has_platform_host(code)  # (what json() reads names a host)
        ):
            self.json(code)

    def json(self, code: str) -> None:
        """Embeds in a script's page state: embed HTML written in its strings (escaped or
        not), and post URLs after words that say embed (``"type": "oembed"``, ``"subtype":
        "twitter"``, ``embed_url``, ``tweet``). Only the pieces around what is looked for are
        unescaped and read, never a whole (often huge) script."""
        for count, snippet in enumerate(_snippets(code)):
            if count >= _MAX_HIDDEN:
                break
            self.fragment(snippet, "embed-html", json=True, region=self._here)
        seen: set[tuple[str, str]] = set()
        for window in _context_windows(code):
            for start, url in iter_urls(window):
                before = window[max(0, start - 10) : start]
                if "href=" in before or "src=" in before or "cite=" in before:
                    continue
                ref = classify_url(url)
                if ref is None or ref.platform in self.own_platforms:
                    continue
                key = (ref.platform, ref.post_id)
                if key in seen or not _JSON_EMBED_CTX.search(window, max(0, start - 250), start):
                    continue
                seen.add(key)
                f = Found.from_ref(ref, "embed", "json:url")
                f.order = self._index
                f.region = self._here
                self.out.append(f)

    def fragment(
        self,
        snippet: str,
        origin: str,
        *,
        json: bool = False,
        region: tuple[int, int] | None = None,
    ) -> None:
        """The embeds in a piece of hidden markup, placed where its holder stands."""
        for f in scan_fragment(snippet, self.depth + 1, self.own_platforms):
            if f.kind == "reference":
                continue
            name = f.method.split(":", 1)[-1]
            f.method = f"json:{name}" if json else f"html:{origin}:{name}"
            f.order = self._index
            f.region = region
            self.out.append(f)



def unescape_js(s: str) -> str:
    """A piece of a script's string literals as the HTML it stands for."""
    for a, b in _JS_UNESCAPES:
        if a in s:
            s = s.replace(a, b)
    return htmllib.unescape(s) if "&" in s else s


def _snippets(code: str) -> Iterator[str]:
    """The embed elements written (escaped or not) in a script, unescaped."""
    for tag in _SNIPPET_TAGS:
        i = code.find(tag)
        while i >= 0:
            head = code[max(0, i - 6) : i]
            opener = next((o for o in _OPENERS if head.endswith(o)), None)
            if opener is None:
                i = code.find(tag, i + len(tag))
                continue
            close = code.find(tag, i + len(tag))  # the closing tag's name
            end = close + len(tag) + 8 if 0 <= close < i + 50_000 else min(len(code), i + 5000)
            yield unescape_js(code[i - len(opener) : end])
            i = code.find(tag, end)


def _context_windows(code: str) -> Iterator[str]:
    """Pieces of a script after each word that says embed (where a post URL it names would
    stand: within 250 characters, as ``_JSON_EMBED_CTX`` asks), merged where they overlap and
    unescaped; only those holding a platform host."""
    starts: list[int] = []
    for word in _CONTEXT_WORDS:
        i = code.find(word)
        while i >= 0:
            starts.append(i)
            i = code.find(word, i + len(word))
    if not starts:
        return
    starts.sort()
    lo, hi = starts[0], starts[0] + _CONTEXT_REACH
    for i in starts[1:] + [-1]:
        if 0 <= i <= hi:
            hi = i + _CONTEXT_REACH
            continue
        piece = code[lo:hi]
        if has_platform_host(piece.replace("\\/", "/")):
            yield unescape_js(piece)
        lo, hi = i, i + _CONTEXT_REACH


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
        ref = _ref_from_value(src)  # (also a proxy: '/media/oembed?url=…', embedly's '?src=…')
        if ref is None and src.split("?", 1)[0].rstrip("/").endswith("/embed"):
            ref = classify_url(
                src.split("?", 1)[0].rstrip("/").removesuffix("/embed"), any_mastodon_host=True
            )
        if ref is not None:
            return Found.from_ref(ref, "embed", f"html:{ref.platform}-iframe")
    return None


def _read_wp_figure(node: LexborNode) -> Found | None:
    """A WordPress embed block whose oEmbed failed: only the post URL, as text."""
    if node.css_first("blockquote, iframe") is not None:
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
    """An element in the article whose data attribute holds a post: a lazy-load or consent
    placeholder (``data-src``, ``data-consent-src``, ``data-embed``) holding its URL, or a CMS
    component whose data attribute is a JSON record of it (Substack's ``data-attrs``,
    Elementor's ``data-settings``: the post's URL, or its ID under a key that names it)."""
    _, attr_words = _wrapper_vocab()
    for name, v in attrs.items():
        if not v or not name.startswith("data-"):
            continue
        if v.lstrip()[:1] in "{[":
            ref = _ref_from_json(v, attrs)
        elif any(w in attr_words for w in class_words(name[5:])):
            ref = _ref_from_value(v)
        else:
            ref = None
        if ref is not None:
            return Found.from_ref(ref, "embed", "html:embed-wrapper")
    return None


@cache
def _json_ids() -> dict[str, str]:
    return dict(table("extract_markup")["wrappers"]["json_ids"])


@cache
def _json_keys() -> tuple[str, ...]:
    """The keys of :func:`_json_ids` as a JSON record writes them (quoted)."""
    return tuple(f'"{key}"' for key in _json_ids())


_JSON_ID = re.compile(r'"(?P<key>\w+)"\s*:\s*"?(?P<id>[A-Za-z0-9_-]{5,25})"?')


def _ref_from_json(value: str, attrs: Attrs) -> PostRef | None:
    """The post a data attribute's JSON record stands for."""
    raw = unescape_js(value)
    for _, url in iter_urls(raw):
        ref = classify_url(url)
        if ref is not None:
            return ref
    words = set(class_words(attrs.get("class") or ""))
    ids = _json_ids()
    for m in _JSON_ID.finditer(raw):
        platform = ids.get(m.group("key"))
        if platform is None or platform not in words:
            continue  # an ID is a post only where the component says which platform's
        pid = m.group("id")
        link = {
            "youtube": f"https://www.youtube.com/watch?v={pid}",
            "twitter": f"https://twitter.com/i/status/{pid}",
            "instagram": f"https://www.instagram.com/p/{pid}/",
        }.get(platform)
        ref = classify_url(link) if link else None
        if ref is not None:
            return ref
    return None


def _in_card(a: LexborNode, attrs: Attrs) -> bool:
    """A link that an embed service's script renders as the post: 'a.embedly-card', or a link
    inside such a card ('blockquote.embedly-card > h4 > a')."""
    cards = _card_classes()
    if cards & _classes(attrs):
        return True
    parent = a.parent
    for _ in range(3):
        if parent is None:
            return False
        if cards & _classes(parent.attributes):
            return True
        parent = parent.parent
    return False


def _in_embed_wrapper(a: LexborNode, attrs: Attrs, label: str) -> bool:
    """A lone permalink that stands for an embed (iframely, WordPress and CMS embed wrappers)."""
    if attrs.get("data-iframely-url"):
        return True
    if _in_card(a, attrs):
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
