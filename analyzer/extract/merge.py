"""Merging what the finders found into one record per post, located in the article text.

The same post is often found more than once: an embed's element in the markup and its text
flattened into the article (the tweet signature under a blockquote), an embed and a status link
in the caption, a prose quote and the status link on its verb, the same embed twice (AMP and
canonical markup, a DOM copy and a JSON copy). Posts are merged by ``(platform, post_id)``;
a flattened post whose signature lies inside a markup embed's element *is* that embed; else
by overlapping spans, equal text, or author and date.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..records import Post
from .found import Found
from .prose import quote_near
from .urls import classify_url

__all__ = ["locate", "resolve"]

_URLISH = re.compile(r"(?:https?://|pic\.(?:twitter|x)\.com/|t\.co/)\S+")
_NONWORD = re.compile(r"[\W_]+", re.U)
_MAX_NEEDLE = 4000


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


def _within(pos: int | None, region: tuple[int, int] | None) -> bool:
    return pos is not None and region is not None and region[0] <= pos <= region[1]


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


_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")


def _script(text: str) -> str:
    letters = [c for c in text if c.isalpha()][:200]
    if not letters:
        return ""
    latin = sum(1 for c in letters if _LATIN.match(c))
    return "latin" if latin * 2 >= len(letters) else "other"


def _other_words(quote: Found, embed: Found) -> bool:
    """Does an embed's own text show that a quote of its author is another post? Both in one
    script (so no translation between them), and not merged by their words before: yes."""
    return bool(quote.text and embed.text) and _script(quote.text or "") == _script(embed.text or "")


def _paragraph(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The block of ``text`` (between blank lines) that holds ``span``."""
    lo = text.rfind("\n\n", 0, span[0])
    hi = text.find("\n\n", span[1])
    return (0 if lo < 0 else lo + 2, len(text) if hi < 0 else hi)


def _locate_markup(found: list[Found], text: str) -> None:
    """Spans of the posts found in markup: their text within their element's region (else
    anywhere in the text), a link's label where the link stands."""
    for f in found:
        if f.span is not None or f.kind == "reference" or not f.text:
            continue
        if f.method.startswith(("text:", "prose:")):
            continue
        lo, hi = f.region if f.region else (0, len(text))
        f.span = locate(text, f.text, lo, hi) or (
            locate(text, f.anchor, lo, hi) if f.anchor and f.anchor != f.text else None
        )


def _fold_flattened(found: list[Found]) -> list[Found]:
    """A flattened embed (a signature in the text) inside the element of an embed found in the
    markup is that embed: fold it in, so the markup's ID and the text's words make one post."""
    boxes = [
        f for f in found if f.region and f.kind == "embed" and not f.method.startswith("text:")
    ]
    if not boxes:
        return found
    out: list[Found] = []
    for f in found:
        if f.method.startswith("text:") and f.kind == "embed":
            at = f.signature[0] if f.signature else (f.span[0] if f.span else None)
            box = next(
                (
                    b
                    for b in boxes
                    if b.platform == f.platform
                    and _within(at, b.region)
                    and (not f.post_id or not b.post_id or f.post_id == b.post_id)
                ),
                None,
            )
            if box is not None:
                text, span, method, region = box.text, box.span, box.method, box.region
                box.merge(f)
                box.method, box.region, box.signature = method, region, f.signature
                if text:  # the markup read the element itself: its words stand
                    box.text, box.span = text, span
                continue
        out.append(f)
    return out


def resolve(found: list[Found], text: str) -> list[Post]:
    """One :class:`Post` per post, merged, located and in document order."""
    _locate_markup(found, text)
    found = _fold_flattened(found)
    # a status link in a paragraph that quotes a post gives that quote its ID
    refs = [f for f in found if f.method == "html:link"]
    prose = [f for f in found if f.method.startswith("prose:")]
    for r in refs:
        r.span = r.region if r.region and r.region[1] > r.region[0] else None
        if r.span is None:
            continue
        region = _paragraph(text, r.span)
        for p in prose:
            pos = p.span[0] if p.span else int(p.order)
            if p.platform == r.platform and not p.post_id and region[0] - 5 <= pos <= region[1] + 5:
                p.post_id, p.url = r.post_id, r.url
                p.handle = p.handle or r.handle
                r.kind = "merged"
                break
        else:
            quoted = quote_near(text, r.span[0], r.span[1], region[0], region[1])
            if quoted:  # the linked post is quoted in the same sentence
                r.kind, r.method = "quote", "html:link-quote"
                r.span, r.text, r.name = quoted
    found = [f for f in found if f.kind != "merged"]
    # a permalink inside an embed (a quoted post, a link in the caption) is not a post of its own
    inner_links = {link for f in found for link in f.links}
    boxes = [f.region for f in found if f.region and f.kind == "embed"]
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
                or any(f.span and _within(f.span[0], b) and b[1] > b[0] for b in boxes)
            )
        )
    ]
    # merge duplicates, richest record first
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
    # an indirect report next to an embed of the same platform paraphrases that embed
    embedded = {f.platform for f in kept if f.kind == "embed"}
    embeds = [f for f in kept if f.kind == "embed"]
    # a post quoted in prose whose speaker is the author of a textless embed on the page is that
    # embed (only when it is unambiguous: one such embed, one such quote)
    drop: set[int] = set()
    for e in embeds:
        quotes = [
            f
            for f in kept
            if f.kind == "quote" and not f.post_id and _same_author(f, e) and not _other_words(f, e)
        ]
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
    # document order: by span where located, else by where its element stands, else after the
    # previous located markup post
    html_order = sorted(
        (f for f in kept if not f.method.startswith(("text:", "prose:"))), key=lambda f: f.order
    )
    anchor_pos: dict[int, float] = {}
    rank = {id(f): i for i, f in enumerate(html_order)}
    last = -1.0
    for f in html_order:
        where = f.span[0] if f.span else (f.region[0] if f.region else None)
        if where is not None:
            last = float(where)
        anchor_pos[id(f)] = last  # (an unlocated one: right after the markup post before it)
    for f in kept:
        if f.span:
            f.order = float(f.span[0])
        elif id(f) in anchor_pos:
            f.order = anchor_pos[id(f)]
    # (ties, such as elements that write no text at one place: in the page's order)
    kept.sort(key=lambda f: (f.order, rank.get(id(f), -1)))
    return [f.to_post() for f in kept]
