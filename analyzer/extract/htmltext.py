"""Plain article text from raw HTML, in one walk over one parse.

The page is parsed once with lexbor (an HTML5 parser, through selectolax). :func:`article_text`
walks the article's element (``[itemprop=articleBody]``, the largest ``<article>``, ``<main>``,
else ``<body>``) and writes readable text with ``"\\n\\n"`` between blocks and ``"\\n"`` for
``<br>``, whitespace collapsed as it goes, so that the offset of every element it passes is
known: an embed's element maps to a span of the text (its *region*) with no search. Scripts,
styles, templates, navigation, share bars and hidden elements are left out; embed blockquotes
(tweets, Instagram captions) stay in place, so that flattened-embed and prose patterns work on
the same text and post spans can be located in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from ..errors import DocumentError
from ..tables import table
from .literals import literal_pattern

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = [
    "TextMap",
    "article_text",
    "class_words",
    "content_root",
    "node_text",
    "parse_document",
    "parse_html_article",
    "title_of",
]

_SKIP = frozenset(
    {
        "script", "style", "template", "noscript", "head", "title", "svg", "math", "iframe", "object",
        "embed", "canvas", "select", "option", "button", "input", "textarea", "nav", "footer", "aside",
        "link", "meta", "video", "audio", "source", "picture", "map", "dialog", "amp-analytics",
        "amp-state", "amp-script",
    }
)  # fmt: skip
_BLOCK = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "blockquote", "figure", "figcaption", "h1", "h2",
        "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "pre", "hr", "address",
        "body", "html", "center", "details", "summary", "form", "fieldset", "caption", "thead", "tbody",
        "tfoot", "cite",
    }
)  # fmt: skip
_CELL = frozenset({"td", "th"})
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WORDS = re.compile(r"[A-Za-z][a-z]+|[A-Z]+(?![a-z])")
_SPLIT = re.compile(r"[\s_\-:./]+")
_SEPS = ("", " ", "\n", "\n\n")
#: an element the walk reports: the element, its span in the text, its place among the watched
Met = tuple["LexborNode", tuple[int, int], float]
_MIN_ROOT_CHARS = 200
_MIN_CONTENT_CHARS = 1200
#: control characters lexbor keeps in text; written as spaces (same length, so offsets hold)
_CTRL = {c: " " for c in (*range(0, 9), 11, 12, *range(14, 32), 127)}
_CTRL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def parse_document(html: str) -> LexborHTMLParser:
    """The lexbor tree of ``html``. Raises :class:`DocumentError` when there is nothing in it
    that a reader could call a document."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    if tree.root is None:  # pragma: no cover - lexbor always builds <html>
        raise DocumentError("cannot parse the HTML document: no elements found; is it HTML at all?")
    if "<" not in html[:4096] and not html.translate(_CTRL).strip():
        raise DocumentError(
            "cannot parse the HTML document: it holds only control characters; is it HTML at all?"
        )
    return tree


@dataclass(frozen=True, slots=True)
class _Quick:
    """Does a class/id name hold any boilerplate word at all, as a substring, in any case (most
    names are dismissed by this alone)? An ASCII name is lower-cased and searched for the
    lower-case words, which is the same test and several times faster than a search that
    ignores case (ASCII letters fold to ASCII letters only; the words are ASCII)."""

    ascii_words: re.Pattern[str] | None
    any_case: re.Pattern[str]

    def __call__(self, ident: str) -> bool:
        if self.ascii_words is not None and ident.isascii():
            return self.ascii_words.search(ident.lower()) is not None
        return self.any_case.search(ident) is not None


@cache
def _vocabulary() -> tuple[_Quick, frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    t = table("extract_markup")["text"]
    boiler = frozenset(w.casefold() for w in t["boilerplate"] + t["silent"])
    pairs = frozenset(w.casefold() for w in t["boilerplate_pairs"])
    first = boiler | {p.split()[0] for p in pairs} | {p.split()[-1] for p in pairs}
    ascii_lower = all(w.isascii() and w == w.lower() for w in first)
    return (
        _Quick(
            literal_pattern(first) if ascii_lower else None,
            literal_pattern(first, ignore_case=True),
        ),
        boiler,
        frozenset(w.casefold() for w in t["embed_words"]),
        pairs,
        frozenset(w.casefold() for w in t["embed_pairs"]),
    )


def class_words(ident: str) -> list[str]:
    """The words of a class/id attribute: tokens split on ``-``, ``_`` and camelCase, lower
    case; parts holding digits (hashed, generated names such as ``css-1x2y3z``) give none."""
    out: list[str] = []
    for part in _SPLIT.split(ident):
        if not part or not part.isalpha():
            continue
        if part.islower() or part.isupper():
            out.append(part.lower())
        else:
            out.extend(w.lower() for w in _WORDS.findall(part))
    return out


def _has_pair(words: list[str], pairs: frozenset[str]) -> bool:
    return any(f"{a} {b}" in pairs for a, b in zip(words, words[1:], strict=False))


@cache
def _silent_words() -> frozenset[str]:
    return frozenset(w.casefold() for w in table("extract_markup")["text"]["silent"])


@lru_cache(maxsize=8192)
def boilerplate_kind(ident: str) -> int:
    """0: not chrome. 1: page chrome around an article's text (share bars, related links,
    comments, menus), left out. 2: a consent layer or placeholder, left out of the text but
    searched for the embed it holds. A name that also speaks of an embed is not chrome."""
    quick, boiler, embedish, pairs, embed_pairs = _vocabulary()
    if not quick(ident):
        return 0
    words = class_words(ident)
    if not words or any(w in embedish for w in words) or _has_pair(words, embed_pairs):
        return 0
    if any(w in _silent_words() for w in words):
        return 2
    return 1 if any(w in boiler for w in words) or _has_pair(words, pairs) else 0


def is_boilerplate(ident: str) -> bool:
    """Class/id words naming page chrome (a consent layer included)."""
    return boilerplate_kind(ident) != 0


@dataclass(slots=True)
class TextMap:
    """The article text and, for the elements asked about, where they lie in it."""

    text: str
    #: ``mem_id`` of a watched element -> ``(start, end)`` in ``text``
    regions: dict[int, tuple[int, int]] = field(default_factory=dict)
    #: elements met on the way that a caller wants to look at (links), in document order, with
    #: their place among the watched elements (after the n-th: n + 0.5)
    met: list[Met] = field(default_factory=list)
    #: the length of the text lexbor gives for the element read (``text_lexbor()``, as long as
    #: ``text(deep=True)``), when choosing it measured it
    root_chars: int | None = None


class _Out:
    """Text written with whitespace collapsed on the fly: a pending break (space, line or
    block) is written only before the next word, so offsets are final as soon as known."""

    __slots__ = ("parts", "n", "pending")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0
        self.pending = 0  # 0 nothing, 1 space, 2 line break, 3 block break

    def brk(self, level: int) -> None:
        if level > self.pending:
            self.pending = level

    def pos(self) -> int:
        """Where the next word will start."""
        if not self.n:
            return 0
        return self.n + (0, 1, 1, 2)[self.pending]

    def word(self, w: str) -> None:
        if self.n and self.pending:
            sep = _SEPS[self.pending]
            self.parts.append(sep)
            self.n += len(sep)
        self.pending = 0
        self.parts.append(w)
        self.n += len(w)

    def write(self, s: str, pre: bool = False) -> None:
        if not s:
            return
        if "\ufeff" in s:
            s = s.replace("\ufeff", " ")
        if pre and "\n" in s:
            for i, line in enumerate(s.split("\n")):
                if i:
                    self.brk(2)
                self.write(line)
            return
        words = s.split()
        if not words:
            if self.pending < 1:
                self.pending = 1
            return
        if self.n:
            p = self.pending
            if p < 1 and s[0].isspace():
                p = 1
            if p:
                sep = _SEPS[p]
                self.parts.append(sep)
                self.n += len(sep)
        chunk = words[0] if len(words) == 1 else " ".join(words)
        self.parts.append(chunk)
        self.n += len(chunk)
        self.pending = 1 if s[-1].isspace() else 0

    def value(self) -> str:
        text = "".join(self.parts)
        return text.translate(_CTRL) if _CTRL_RE.search(text) else text


def _hidden(attrs: dict[str, str | None]) -> bool:
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    return bool(style and ("none" in style or "hidden" in style) and _HIDDEN.search(style))


def _content_like(node: LexborNode) -> bool:
    """A container whose class looks like chrome ('has-ads', 'share-enabled') but that holds
    the article: several paragraphs of text."""
    if len(node.css("p")) < 3:
        return False
    return len(node.text_lexbor()) > _MIN_CONTENT_CHARS


def walk(
    root: LexborNode,
    out: _Out,
    *,
    boilerplate: bool = True,
    watch: dict[int, int] | None = None,
    regions: dict[int, tuple[int, int]] | None = None,
    meet: Callable[[str, dict[str, str | None]], bool] | None = None,
    met: list[Met] | None = None,
) -> None:
    """Write the text of ``root``'s subtree to ``out``. Elements whose ``mem_id`` is in
    ``watch`` get their span in ``regions`` (also when they are left out of the text: an
    iframe's span is where it stands); elements for which ``meet(tag, attrs)`` is true are
    appended with their span and their place among the watched elements to ``met``.
    Iterative: nesting depth is unbounded. (The hot loop of the page's one pass: ``_Out``'s
    state is kept in locals while it runs.)"""
    parts = out.parts
    append = parts.append
    n = out.n
    pending = out.pending
    seps = _SEPS
    skip, block, cell = _SKIP, _BLOCK, _CELL
    pre = 0
    last_watched = -1
    # the open elements: (element, tag, start, flags: 1 watched, 2 met, place among the
    # watched, silent); ``child`` is the next node to visit in the innermost one (siblings are
    # followed by their own links: no iterator per element)
    stack: list[tuple[LexborNode, str, int, int, int, bool]] = [
        (root, "", n + (0, 1, 1, 2)[pending] if n else 0, 0, -1, False)
    ]
    child: LexborNode | None = root.first_child
    silent = False  # (the innermost open element's)
    while stack:
        if child is None:
            parent, ptag, start, flags, after, closed_silent = stack.pop()
            silent = stack[-1][5] if stack else False
            if not closed_silent:
                if ptag in block:
                    if ptag == "pre":
                        pre -= 1
                    pending = 3
                elif ptag in cell:
                    if pending < 1:
                        pending = 1
                elif ptag == "q":
                    if n and pending:
                        append(seps[pending])
                        n += len(seps[pending])
                    append("\u201d")
                    n += 1
                    pending = 0
            if flags:
                span = (min(start, n), n)
                if flags & 1 and regions is not None:
                    regions[parent.mem_id] = span
                if flags & 2 and met is not None:
                    met.append((parent, span, after + 0.5))
            child = parent.next if stack else None
            continue
        if child.is_text_node:
            if silent:
                child = child.next
                continue
            if not pre and child.is_empty_text_node:  # (only ASCII spaces: no word, a space)
                child = child.next
                if pending < 1:
                    pending = 1
                continue
            text = child.text_content
            child = child.next
            if not text:
                continue
            if pre:
                out.n, out.pending = n, pending
                out.write(text, True)
                n, pending = out.n, out.pending
                continue
            if "\ufeff" in text:
                text = text.replace("\ufeff", " ")
            words = text.split()
            if not words:
                if pending < 1:
                    pending = 1
                continue
            if n:
                if pending < 1 and text[0].isspace():
                    pending = 1
                if pending:
                    sep = seps[pending]
                    append(sep)
                    n += len(sep)
            chunk = words[0] if len(words) == 1 else " ".join(words)
            append(chunk)
            n += len(chunk)
            pending = 1 if text[-1].isspace() else 0
            continue
        tag = child.tag or ""
        if tag[:1] == "-":
            child = child.next
            continue
        if tag in skip:
            if watch is not None and regions is not None:
                index = watch.get(child.mem_id)
                if index is not None:
                    regions[child.mem_id] = (n, n)  # (where an element with no text stands)
                    last_watched = index
            if tag != "noscript":
                child = child.next
                continue
            hush = True  # a <noscript> fallback: no text, but it may hold an embed
        else:
            hush = silent
        attrs = child.attributes
        if attrs and not hush:
            if tag != "blockquote" and (
                "hidden" in attrs or "aria-hidden" in attrs or "style" in attrs
            ) and _hidden(attrs):
                hush = True  # hidden: no text, but a consent layer may keep an embed there
            elif boilerplate and ("class" in attrs or "id" in attrs):
                ident = (attrs.get("class") or "") + " " + (attrs.get("id") or "")
                kind = boilerplate_kind(ident)
                if kind and not _content_like(child):
                    if kind == 1:
                        child = child.next
                        continue
                    hush = True
        if not hush:
            if tag in block:
                pending = 3
                if tag == "pre":
                    pre += 1
            elif tag == "br":
                if pending < 2:
                    pending = 2
                child = child.next
                continue
            elif tag in cell:
                if pending < 1:
                    pending = 1
            elif tag == "img":
                alt = attrs.get("alt") if attrs else None
                if alt and len(alt) <= 8 and not alt.isascii():  # emoji images in rendered posts
                    out.n, out.pending = n, pending
                    out.write(alt)
                    n, pending = out.n, out.pending
                child = child.next
                continue
            elif tag == "q":
                out.n, out.pending = n, pending
                out.write("\u201c")
                n, pending = out.n, out.pending
        elif tag in ("br", "img"):
            child = child.next
            continue
        flags = 0
        if meet is not None and attrs and meet(tag, attrs):
            flags = 2
        if watch is not None:
            index = watch.get(child.mem_id)
            if index is not None:
                flags |= 1
                last_watched = index
        stack.append(
            (child, tag, n + (0, 1, 1, 2)[pending] if n else 0, flags, last_watched, hush)
        )
        silent = hush
        child = child.first_child
    out.n, out.pending = n, pending


def node_text(node: LexborNode) -> str:
    """Readable text of one element's subtree (an embed's blockquote), blocks and lines kept."""
    out = _Out()
    walk(node, out, boilerplate=False)
    return out.value()


@cache
def _entry_rules() -> tuple[str, tuple[str, ...], int, float, float]:
    t = table("extract_entries")
    hint = t["class_hint"]
    return (
        ", ".join([*t["selectors"], f'[class*="{hint}"]']),
        tuple(c for c in t["classes"] if hint in c),
        int(t["min_entries"]),
        float(t["min_share"]),
        float(t["min_median"]),
    )


def _is_root_kind(node: LexborNode) -> bool:
    attrs = node.attributes
    return node.tag in ("article", "main") or attrs.get("role") == "main" or (
        attrs.get("itemprop") == "articleBody"
    )


def _run_of_entries(
    sized: list[tuple[LexborNode, int]],
) -> tuple[LexborNode, int, int] | None:
    """The container of the longest run of comparable entries among ``sized`` (elements with
    their text length): three or more text-dense elements of one kind (tag, itemprop, first
    class), none inside another, of comparable length (the median entry not dwarfed by the
    longest: one story and the teasers of others is no run), none and no element around them
    named as page chrome (comments, related stories), that hold most of their nearest
    common container's text (a live blog's updates, a page of whole stories); with the
    entries' total length and the container's."""
    _, _, least, share, median = _entry_rules()
    groups: dict[tuple[str, str, str], list[tuple[LexborNode, int]]] = {}
    for node, n in sized:
        if n < _MIN_ROOT_CHARS:
            continue
        attrs = node.attributes
        if _chrome_named(node):
            continue  # comments, teasers, related stories: never the article's entries
        first = (attrs.get("class") or "").split()[:1]
        key = (node.tag or "", attrs.get("itemprop") or "", first[0] if first else "")
        groups.setdefault(key, []).append((node, n))
    best: tuple[LexborNode, int, int] | None = None
    for members in groups.values():
        if len(members) < least:
            continue
        ids = {node.mem_id for node, _ in members}
        outer = [(node, n) for node, n in members if not _inside(node, ids)]
        if len(outer) < least:
            continue
        lengths = sorted(n for _, n in outer)
        total = sum(lengths)
        if lengths[len(lengths) // 2] < median * lengths[-1]:
            continue
        if best is not None and total <= best[1]:
            continue
        common = _common_ancestor([node for node, _ in outer])
        if common is None or any(_chrome_named(a) for a in _chain(common)):
            continue
        common_len = len(common.text_lexbor())
        if total < share * common_len:
            continue
        best = (common, total, common_len)
    return best


def _chrome_named(node: LexborNode) -> bool:
    attrs = node.attributes
    ident = (attrs.get("class") or "") + " " + (attrs.get("id") or "")
    return len(ident) > 1 and is_boilerplate(ident)


def _inside(node: LexborNode, ids: set[int]) -> bool:
    anc = node.parent
    while anc is not None:
        if anc.mem_id in ids:
            return True
        anc = anc.parent
    return False


def _chain(node: LexborNode) -> list[LexborNode]:
    out: list[LexborNode] = []
    anc: LexborNode | None = node
    while anc is not None:
        out.append(anc)
        anc = anc.parent
    return out[::-1]


def _common_ancestor(nodes: list[LexborNode]) -> LexborNode | None:
    """The nearest element holding all of ``nodes``."""
    common = _chain(nodes[0])
    for node in nodes[1:]:
        chain = _chain(node)
        k = 0
        while k < len(common) and k < len(chain) and common[k].mem_id == chain[k].mem_id:
            k += 1
        common = common[:k]
    return common[-1] if common and common[-1].tag not in ("-document", "html") else None


def content_root(tree: LexborHTMLParser) -> LexborNode | None:
    """The element holding the article body: ``[itemprop=articleBody]``, the largest
    ``<article>``, ``<main>``; else ``<body>``. When the body is a run of comparable entries
    (a live blog's updates, whole stories one after another: :func:`_run_of_entries`), the
    element holding the run, unless the element chosen already holds it."""
    return _content_root(tree)[0]


def _content_root(tree: LexborHTMLParser) -> tuple[LexborNode | None, int | None]:
    """:func:`content_root`, with the length of its text (``text_lexbor()``) when known."""
    body = tree.body or tree.root
    entries, classes = _entry_rules()[:2]
    cands = tree.css(f'[itemprop="articleBody"], article, main, [role="main"], {entries}')
    plain: tuple[LexborNode, int] | None = None
    best, best_len = None, 0
    sized: list[tuple[LexborNode, int]] = []
    for node in cands:
        if len(sized) == 50:
            break
        root_kind = _is_root_kind(node)
        if not root_kind and "itemprop" not in node.attributes:
            ident = node.attributes.get("class") or ""
            if not any(c in ident for c in classes):
                continue  # a class that merely holds the hint
        n = len(node.text_lexbor())
        sized.append((node, n))
        if not root_kind:
            continue
        if plain is None and node.attributes.get("itemprop") == "articleBody" and n >= _MIN_ROOT_CHARS:
            plain = (node, n)
        if n > best_len:
            best, best_len = node, n
    if plain is None and best is not None and best_len >= _MIN_ROOT_CHARS:
        plain = (best, best_len)
    run = _run_of_entries(sized)
    if run is not None:
        common, total, common_len = run
        if plain is None:
            return common, common_len
        node, n = plain
        held = {m.mem_id for m in _chain(common)}
        if node.mem_id not in held and (_inside(node, {common.mem_id}) or total >= n):
            return common, common_len
    return plain if plain is not None else (body, None)


def article_text(
    tree: LexborHTMLParser,
    *,
    watch: dict[int, int] | None = None,
    meet: Callable[[str, dict[str, str | None]], bool] | None = None,
) -> tuple[TextMap, LexborNode | None]:
    """The article text of a parsed page, the regions of the ``watch``ed elements in it, and
    the elements ``meet`` picks; with the element the text was read from."""
    root, root_chars = _content_root(tree)
    if root is None:  # pragma: no cover - lexbor always builds <html>
        return TextMap(""), None
    out = _Out()
    regions: dict[int, tuple[int, int]] = {}
    met: list[Met] = []
    walk(root, out, watch=watch, regions=regions, meet=meet, met=met)
    text = out.value()
    if len(text) < _MIN_ROOT_CHARS:  # the boilerplate rules ate the page: take all visible text
        whole = tree.body or tree.root
        if whole is not None:
            out2 = _Out()
            regions2: dict[int, tuple[int, int]] = {}
            met2: list[Met] = []
            walk(whole, out2, boilerplate=False, watch=watch, regions=regions2, meet=meet, met=met2)
            fuller = out2.value()
            if len(fuller) > 2 * len(text):
                return TextMap(fuller, regions2, met2), whole
    return TextMap(text, regions, met, root_chars), root


def title_of(tree: LexborHTMLParser) -> str | None:
    for sel in ('meta[property="og:title"]', 'meta[name="twitter:title"]'):
        node = tree.css_first(sel)
        content = node.attributes.get("content") if node is not None else None
        if content and content.strip():
            return " ".join(content.split())
    for sel in ("title", "h1"):
        node = tree.css_first(sel)
        if node is not None:
            txt = " ".join(node.text(deep=True).split())
            if txt:
                return txt
    return None


def parse_html_article(html: str) -> tuple[str, str | None]:
    """``(plain article text, title)`` of an HTML page.

    Empty or whitespace-only input gives ``("", None)``; a document that holds nothing
    readable raises :class:`DocumentError`."""
    if not html or html.isspace():
        return "", None
    tree = parse_document(html)
    textmap, _ = article_text(tree)
    return textmap.text, title_of(tree)
