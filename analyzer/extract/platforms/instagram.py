"""Instagram.

* Permalinks: ``instagram.com/[USER/](p|reel|tv)/SHORTCODE`` (``instagr.am`` too); the
  ``/embed[/captioned]`` iframe shape is the same path.
* Markup: ``blockquote.instagram-media`` (the exact element: one theme puts the class on the
  whole article body) with ``data-instgrm-permalink``; v≤12 carries the caption and a
  ``<time>``, v14 only boilerplate; ``amp-instagram[data-shortcode]``; CMS wrappers holding
  ``data-instgrm-permalink``.
* Flattened: ``View this post on Instagram`` … ``A post shared by NAME (@handle) [on DATE]``,
  localized to the embedding editor's language, on separate lines or run into one paragraph.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ...tables import table
from ..dates import parse_date
from ..found import Found
from ..htmltext import node_text
from ..textblocks import block_start, lines_with
from .base import Attrs, Markup, Platform, PostRef, post_ref

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["PLATFORM", "boilerplate", "shared_by"]

_IG = re.compile(
    r"(?:[\w-]+\.)?(?:instagram\.com|instagr\.am)/(?:(?P<u>[A-Za-z0-9_.]{1,30})/)?"
    r"(?P<kind>p|reels?|tv)/(?P<id>[A-Za-z0-9_-]{5,40})",
    re.I,
)
_MAX_TEXT = 2500


@cache
def shared_by() -> re.Pattern[str]:
    """'A post shared by NAME (@handle)' in every language of the table."""
    words = "|".join(re.escape(w) for w in table("platforms")["instagram"]["shared_by"])
    return re.compile(
        rf"(?:{words})\s*(?P<name>[^()\n]*?)\s*\(@(?P<handle>[\w.]{{1,30}})\)"
        rf"|(?:{words})\s*@(?P<handle2>[\w.]{{1,30}})",
        re.I,
    )


@cache
def boilerplate() -> re.Pattern[str]:
    """'View this post on Instagram' in every language of the table."""
    words = "|".join(re.escape(w) for w in table("platforms")["instagram"]["view_on"])
    return re.compile(rf"(?:{words})\b", re.I)


@cache
def _tokens() -> tuple[str, ...]:
    t = table("platforms")["instagram"]
    return tuple(w.lower() for w in t["shared_by"])


def _owns(host: str) -> bool:
    return "instagram.com" in host or "instagr.am" in host


def _classify(s: str) -> PostRef | None:
    m = _IG.match(s)
    if not m:
        return None
    kind = m.group("kind").lower().rstrip("s")
    code = m.group("id")
    return PostRef("instagram", code, f"https://www.instagram.com/{kind}/{code}/", m.group("u"))


def _ref(node: LexborNode, attrs: Attrs) -> PostRef | None:
    return post_ref("instagram", node, attrs.get("data-instgrm-permalink"))


def _read_blockquote(node: LexborNode, attrs: Attrs) -> Found | None:
    ref = _ref(node, attrs)
    if ref is None:
        return None
    f = Found.from_ref(ref, "embed", "html:instagram-blockquote")
    whole = node_text(node)
    m = shared_by().search(whole)
    if m:
        f.name = (m.group("name") or "").strip() or None
        f.handle = m.group("handle") or m.group("handle2")
    t = node.css_first("time")
    if t is not None:
        f.date = parse_date(t.attributes.get("datetime") or t.text(deep=True))
    caption: list[str] = []
    boiler = boilerplate()
    for p in node.css("p"):
        s = node_text(p)
        if not s or shared_by().search(s) or boiler.match(s):
            continue
        caption.append(s)
    if caption:
        f.text = "\n".join(caption)
        f.anchor = caption[0]
    return f


def _read_amp(node: LexborNode, attrs: Attrs) -> Found | None:
    code = (attrs.get("data-shortcode") or "").strip()
    if not code:
        return None
    ref = _classify(f"www.instagram.com/p/{code}/")
    return Found.from_ref(ref, "embed", "html:amp-instagram") if ref else None


def _read_wrapper(node: LexborNode, attrs: Attrs) -> Found | None:
    if (node.tag or "") == "blockquote":
        return None  # read as a blockquote
    ref = _ref(node, attrs) if attrs.get("data-instgrm-permalink") else None
    return Found.from_ref(ref, "embed", "html:embed-wrapper") if ref else None


def _flat(text: str, low: str, out: list[Found]) -> None:
    """``A post shared by NAME (@handle) [on DATE]``; the caption is what stands between the
    ``View this post on Instagram`` line (or words) and the signature."""
    where = lines_with(text, low, _tokens())
    if not where:
        return
    date_words = tuple(w + " " for w in table("platforms")["instagram"]["date_words"])
    boiler = boilerplate()
    for m in (m for s, e in where for m in shared_by().finditer(text, s, e)):
        f = Found(
            platform="instagram", kind="embed", method="text:instagram-embed", order=m.start()
        )
        f.name = (m.group("name") or "").strip() or None
        f.handle = m.group("handle") or m.group("handle2")
        f.signature = (m.start(), m.end())
        line_end = text.find("\n", m.end())
        rest = text[m.end() : line_end if line_end >= 0 else len(text)]
        f.date = parse_date(rest) if rest.strip().lower().startswith(date_words) else None
        start = block_start(text, m.start(), max(0, m.start() - _MAX_TEXT))
        window_start = max(0, start - 600)
        marker = None
        for bm in re.finditer(r"(?m)^[^\n]*$", text[window_start:start]):
            if boiler.match(bm.group(0).strip()):
                marker = window_start + bm.end()
        if (
            marker is None
        ):  # run into one paragraph: '… View this post on Instagram CAPTION A post shared by'
            lo = max(0, m.start() - _MAX_TEXT)
            inline = list(boiler.finditer(text, lo, m.start()))
            if inline and "\n\n" not in text[inline[-1].end() : m.start()]:
                marker = inline[-1].end()
        if marker is not None:
            body = text[marker : m.start()].strip()
            if body:
                lead = text.find(body, marker)
                f.text = body
                f.span = (lead, lead + len(body))
        out.append(f)


PLATFORM = Platform(
    name="instagram",
    hosts=("instagr",),
    owns=_owns,
    classify=_classify,
    markup=(
        Markup(
            _read_blockquote,
            tags=("blockquote",),
            classes=("instagram-media",),
            attrs=("data-instgrm-permalink",),
        ),
        Markup(_read_amp, tags=("amp-instagram",)),
        Markup(_read_wrapper, attrs=("data-instgrm-permalink",)),
    ),
    flat=(_flat,),
)
