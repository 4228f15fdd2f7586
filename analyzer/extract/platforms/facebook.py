"""Facebook.

* Permalinks: ``/PAGE/(posts|videos|photos|permalink)/ID`` (numeric or ``pfbid…``),
  ``permalink.php?story_fbid=``, ``photo.php?fbid=``, ``watch/?v=``, ``reel/ID``,
  ``share/(p|v|r)/CODE``, ``groups/G/posts/ID``, ``fb.watch/CODE``; the plugin iframe
  ``plugins/(post|video).php?href=ENCODED`` stands for the URL it carries.
* Markup: the SDK's ``div.fb-post`` / ``div.fb-video`` with ``data-href`` and its fallback
  ``blockquote.fb-xfbml-parse-ignore`` (text, ``Posted by PAGE on DATE``), ``amp-facebook``.
* Flattened: ``TEXT`` + ``Posted by PAGE on WEEKDAY, DATE`` (localized; markdown links too).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ...tables import table
from ..dates import parse_date
from ..found import Found
from ..htmltext import node_text
from ..textblocks import block_start, lines_with
from .base import Attrs, Markup, Platform, PostRef, post_ref

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["PLATFORM"]

_PLUGIN = re.compile(
    r"(?:[\w-]+\.)?facebook\.com/(?:v[\d.]+/)?plugins/(?:post|video|comment_embed)\.php\?(?P<q>\S*)",
    re.I,
)
_FB = re.compile(
    r"(?:(?:www|m|web|mbasic|business)\.)?facebook\.com/"
    r"(?:(?P<page>[A-Za-z0-9_.-]+)/(?:posts|videos|photos|permalink)/(?:[^?#\s]*/)?(?P<id>pfbid\w+|\d{5,})"
    r"|(?:permalink|story)\.php\?(?P<q1>\S+)"
    r"|photo(?:\.php)?/?\?(?P<q2>\S+)"
    r"|watch/?\?(?P<q3>\S+)"
    r"|reel/(?P<reel>\d+)"
    r"|share/[pvr]/(?P<share>[A-Za-z0-9]+)"
    r"|groups/(?P<group>[\w.]+)/(?:posts|permalink)/(?P<gid>\d+))",
    re.I,
)
_FBWATCH = re.compile(r"fb\.watch/(?P<id>[A-Za-z0-9_-]{4,})", re.I)
_MAX_TEXT = 2500


@cache
def _vocab() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str], tuple[str, ...]]:
    t = table("platforms")["facebook"]
    posted = "|".join(re.escape(w) for w in t["posted_by"])
    on = "|".join(re.escape(w) for w in t["date_words"])
    days = "|".join(re.escape(w) for w in t["weekdays"])
    inline = re.compile(rf"(?:{posted})\s+(?P<name>.+?)\s+(?:{on})\s+(?P<date>.+)$", re.I | re.S)
    flat = re.compile(
        rf"(?m)^(?P<lead>[^\n]*?)(?:{posted})\s*\[?(?P<name>[^\n\[\]]{{1,80}}?)\]?"
        rf"(?:\(https?://[^)\s]*\))?\s+(?:{on})\s+\[?"
        rf"(?P<date>(?:{days}),?\s+[^\n\]]{{4,30}}?\d{{4}})\]?(?:\((?P<url>https?://[^)\s]*)\))?\s*$",
        re.I,
    )
    return inline, flat, frozenset(t["not_pages"]), tuple(w.lower() for w in t["posted_by"])


def _owns(host: str) -> bool:
    return "facebook.com" in host or host in ("fb.watch", "www.fb.watch", "fb.com", "www.fb.com")


def _classify(s: str) -> PostRef | None:
    from ..urls import classify_url, query

    if s.lower().startswith(("fb.watch", "www.fb.watch")):
        m = _FBWATCH.match(s.removeprefix("www."))
        return (
            PostRef("facebook", m.group("id"), f"https://fb.watch/{m.group('id')}/") if m else None
        )
    m = _PLUGIN.match(s)
    if m:
        href = query(m.group("q")).get("href")
        return classify_url(unquote(href[0])) if href else None
    m = _FB.match(s)
    if not m:
        return None
    if m.group("id"):
        page, pid = m.group("page"), m.group("id")
        if page.lower() in _vocab()[2]:
            return None
        kind = "videos" if "/videos/" in s else "posts"
        return PostRef("facebook", pid, f"https://www.facebook.com/{page}/{kind}/{pid}", page)
    for g, key in (("q1", "story_fbid"), ("q2", "fbid"), ("q3", "v")):
        q = m.group(g)
        if q:
            vals = query(q.split("#", 1)[0]).get(key)
            if not vals:
                return None
            pid = vals[0]
            if g == "q1":
                owner = (query(q).get("id") or [""])[0]
                return PostRef(
                    "facebook",
                    pid,
                    f"https://www.facebook.com/permalink.php?story_fbid={pid}&id={owner}",
                )
            if g == "q2":
                return PostRef("facebook", pid, f"https://www.facebook.com/photo.php?fbid={pid}")
            return PostRef("facebook", pid, f"https://www.facebook.com/watch/?v={pid}")
    if m.group("reel"):
        return PostRef(
            "facebook", m.group("reel"), f"https://www.facebook.com/reel/{m.group('reel')}"
        )
    if m.group("share"):
        return PostRef(
            "facebook", m.group("share"), f"https://www.facebook.com/share/p/{m.group('share')}/"
        )
    if m.group("gid"):
        return PostRef(
            "facebook",
            m.group("gid"),
            f"https://www.facebook.com/groups/{m.group('group')}/posts/{m.group('gid')}",
        )
    return None


def _facebook(el: LexborNode, attrs: Attrs, bq: LexborNode | None) -> Found | None:
    if bq is None:
        bq = el.css_first("blockquote")
    cite = bq.attributes.get("cite") if bq is not None else None
    ref = post_ref("facebook", bq, attrs.get("data-href"), cite)
    if ref is None:
        return None
    cls = attrs.get("class") or ""
    f = Found.from_ref(
        ref, "embed", "html:facebook-video" if "fb-video" in cls else "html:facebook-post"
    )
    if bq is not None:
        inline = _vocab()[0]
        paras = [t for p in bq.css("p") if (t := node_text(p))]
        whole = node_text(bq)
        m = inline.search(whole.split("\n")[-1] if whole else "")
        if m:
            f.name = m.group("name").strip() or None
            f.date = parse_date(m.group("date"))
        if paras:
            f.text = "\n".join(p for p in paras if not inline.match(p)) or None
            f.anchor = paras[0]
    return f


def _read_sdk(node: LexborNode, attrs: Attrs) -> Found | None:
    if not attrs.get("data-href"):
        return None
    return _facebook(node, attrs, None)


def _read_fallback(node: LexborNode, attrs: Attrs) -> Found | None:
    parent = node.parent
    if parent is not None and parent.tag not in ("body", "html"):
        return _facebook(parent, parent.attributes, node)
    return _facebook(node, attrs, node)


def _read_amp(node: LexborNode, attrs: Attrs) -> Found | None:
    from ..urls import classify_url

    ref = classify_url(attrs.get("data-href") or "")
    if ref is None or ref.platform != "facebook":
        return None
    return Found.from_ref(ref, "embed", "html:amp-facebook")


def _flat(text: str, low: str, out: list[Found]) -> None:
    """``TEXT`` + ``Posted by PAGE on WEEKDAY, DATE``: the text is what stands before it on the
    line, or the block (or, one paragraph a line, the line) above."""
    _, flat, _, tokens = _vocab()
    where = lines_with(text, low, tokens)
    if not where:
        return
    from ..urls import classify_url

    for m in (m for s, e in where for m in flat.finditer(text, s, e)):
        f = Found(platform="facebook", kind="embed", method="text:facebook-embed", order=m.start())
        f.name = m.group("name").strip()
        f.date = parse_date(m.group("date"))
        f.signature = (m.start() + len(m.group("lead")), m.end())
        if m.group("url"):
            ref = classify_url(m.group("url"))
            if ref and ref.platform == "facebook":
                f.url, f.post_id = ref.url, ref.post_id
        lead = m.group("lead").strip()
        if lead:
            f.text = lead
            s = text.find(lead, m.start())
            f.span = (s, s + len(lead))
        else:
            end = m.start()
            while end > 0 and text[end - 1] in " \n":
                end -= 1
            if "\n\n" in text[end : m.start()]:  # a block of its own above
                start = block_start(text, end, max(0, end - _MAX_TEXT))
            else:  # one paragraph a line (text extractors' txt output): the line above
                start = text.rfind("\n", 0, end) + 1
            body = text[start:end].strip()
            if body:
                f.text = body
                f.span = (start, start + len(body))
        out.append(f)


PLATFORM = Platform(
    name="facebook",
    hosts=("facebook.com", "fb.watch"),
    owns=_owns,
    classify=_classify,
    markup=(
        Markup(_read_sdk, classes=("fb-post", "fb-video")),
        Markup(_read_fallback, tags=("blockquote",), classes=("fb-xfbml-parse-ignore",)),
        Markup(_read_amp, tags=("amp-facebook",)),
    ),
    flat=(_flat,),
)
