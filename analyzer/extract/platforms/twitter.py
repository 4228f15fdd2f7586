"""Twitter / X.

* Permalinks: ``(twitter|x).com/HANDLE/status/ID`` (also ``statuses``, ``i/web/status``,
  ``/photo/1``, mirrors such as fxtwitter and nitter), and the rendered widget's
  ``platform.twitter.com/embed/Tweet.html?id=ID``.
* Markup: ``blockquote.twitter-tweet`` / ``.twitter-video`` (full, bare, old markup without a
  signature, the signature in its own ``<p>`` or inside the text's), ``amp-twitter`` (its
  ``data-tweetid`` an ID or a whole URL), ``iframe[data-tweet-id]`` and wrappers holding
  ``data-tweet-id``; the rendered iframe is read from its ``src`` by the generic iframe reader.
* Flattened: ``TEXT pic.twitter.com/CODE — Name (@handle) Month D, YYYY`` in all its variants
  (also Bluesky's ``— Name (@handle.bsky.social) DATE``, told apart by the dotted handle), and a
  rendered tweet copied from the browser (``Name @handle · Follow`` … ``10:45 AM · Aug 22, 2021``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ...tables import table
from ..dates import DATE_PATTERN, parse_date
from ..found import Found
from ..htmltext import node_text
from ..textblocks import block_start, clean_flat_text, tweet_lines_start
from .base import Attrs, Markup, Platform, PostRef

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = [
    "PLATFORM",
    "SIGNATURE",
    "TAIL",
    "clean_tweet_text",
    "read_tweet_blockquote",
    "tweet_ref",
]

_TW = re.compile(
    r"(?:[\w-]+\.)*(?:twitter|x|fxtwitter|vxtwitter|fixupx|fixvx|nitter|twittpr)\.(?:com|net)"
    r"/(?:#!/)?(?:(?P<h>[A-Za-z0-9_]{1,15})|i/web|i)/status(?:es)?/(?P<id>\d{5,20})(?!\d)",
    re.I,
)
_TW_EMBED = re.compile(r"platform\.twitter\.com/embed/(?:Tweet|index)\.html\?(?P<q>[^#\s]*)", re.I)
#: the signature of a tweet blockquote: '— Name (@handle)'
TAIL = re.compile(
    r"(?:—|–|-{1,2}|&mdash;|â€”|â€“)\s*(?P<name>[^\n]{0,80}?)\s*\(\s*@(?P<handle>[A-Za-z0-9_][\w.-]{0,62})\s*\)",
)
PIC = re.compile(r"\s*(?:https?://)?(?P<pic>pic\.(?:twitter|x)\.com/\w+)")
TRAIL_URL = re.compile(r"(?:\s+(?P<u>https?://\S+|t\.co/\S+))+\s*$")
#: the flattened signature '— Name (@handle) DATE' (the date is required: 'Name (@handle)' alone
#: is common in prose)
SIGNATURE = re.compile(
    r"(?P<sep>—|–|--?|&mdash;|&#8212;|â€”|â€“)[ \t\u00a0]*"
    r"(?P<name>[^\n\[\]]{0,80}?)[ \t\u00a0]*\((?:\[)?@(?P<handle>[A-Za-z0-9_][\w.-]{0,62})(?:\]\([^)\s]*\))?\)[ \t\u00a0]*"
    rf"(?:\[(?P<mdate>{DATE_PATTERN}(?:\s+at\s+[\d:]+(?:\s*[AP]M)?)?)\]\((?P<murl>[^)\s]+)\)"
    rf"|(?P<date>{DATE_PATTERN})(?:\s+at\s+\d{{1,2}}:\d{{2}}(?:\s*[AP]M)?)?)",
    re.U,
)
#: a rendered tweet copied from the browser: 'Name @handle · Follow' / TEXT / '10:45 AM · Aug 22, 2021'
_RENDERED = re.compile(
    r"(?m)^(?P<name>[^\n@·]{1,60}?)[ \t]*\n?[ \t]*@(?P<handle>[A-Za-z0-9_]{1,15})[ \t]*\n?[ \t]*(?:·[ \t]*\n?[ \t]*)?"
    r"Follow[ \t]*\n(?P<text>[^\n](?:[^\n]|\n(?![ \t]*\d{1,2}:\d{2})){0,1500}?)\n[ \t]*"
    rf"(?P<time>\d{{1,2}}:\d{{2}}(?:[ \t]*[AP]M)?)[ \t]*·[ \t]*(?P<date>{DATE_PATTERN})"
)
_MAX_TEXT = 2500


@cache
def _vocab() -> tuple[frozenset[str], tuple[str, ...]]:
    t = table("platforms")["twitter"]
    return frozenset(t["not_handles"]), tuple(t["hosts"])


def _owns(host: str) -> bool:
    host = host.removeprefix("www.").removeprefix("mobile.").removeprefix("m.")
    if host.startswith("platform.twitter.com"):
        return True
    return any(host == h or host.endswith("." + h) for h in _vocab()[1])


def tweet_ref(tid: str, handle: str | None) -> PostRef:
    if handle and handle.lower() in _vocab()[0]:
        handle = None
    url = (
        f"https://twitter.com/{handle}/status/{tid}"
        if handle
        else f"https://twitter.com/i/status/{tid}"
    )
    return PostRef("twitter", tid, url, handle)


def _classify(s: str) -> PostRef | None:
    from ..urls import query

    m = _TW_EMBED.match(s)
    if m:
        q = query(m.group("q"))
        ids = q.get("id") or q.get("tweet_id")
        return tweet_ref(ids[0], None) if ids and ids[0].isdigit() else None
    m = _TW.match(s)
    return tweet_ref(m.group("id"), m.group("h")) if m else None


def _id_ref(value: str | None) -> PostRef | None:
    """A tweet from an attribute holding its ID or its whole URL."""
    from ..urls import classify_url

    value = (value or "").strip()
    if value.isdigit():
        return tweet_ref(value, None)
    ref = classify_url(value) if value else None
    return ref if ref is not None and ref.platform == "twitter" else None


def clean_tweet_text(text: str, f: Found) -> str:
    """The tweet's words without its media codes and trailing short links (kept on ``f``)."""
    for m in PIC.finditer(text):
        f.media.append(m.group("pic"))
    text = PIC.sub("", text)
    tail = TRAIL_URL.search(text)
    if tail:
        f.links.extend(tail.group(0).split())
        text = text[: tail.start()]
    return text.strip()


def read_tweet_blockquote(
    node: LexborNode, attrs: Attrs, method: str | None = None
) -> Found | None:
    """A tweet blockquote: the last status link is the tweet (earlier ones are quoted tweets);
    the text runs up to the ``— Name (@handle)`` signature (over several ``<p>`` when the CMS
    split it), or up to the date link in old markup without a signature."""
    from ..urls import classify_url

    links = [(a, a.attributes.get("href") or "") for a in node.css("a")]
    tweets = [
        (a, ref) for a, href in links if (ref := classify_url(href)) and ref.platform == "twitter"
    ]
    if not tweets:
        return None
    date_a, ref = tweets[-1]
    cls = attrs.get("class") or ""
    if method is None:
        method = "html:twitter-video" if "twitter-video" in cls else "html:twitter-blockquote"
    f = Found.from_ref(ref, "embed", method)
    date_text = " ".join(date_a.text(deep=True).split())
    f.date = parse_date(date_text)
    p = node.css_first("p")
    if p is not None:
        f.html_lang = (p.attributes.get("lang") or "").strip() or None
    whole = node_text(node)
    sig = None
    for m in TAIL.finditer(whole):
        sig = m
    if sig is not None:
        f.name = sig.group("name").strip() or None
        f.handle = sig.group("handle")
        body = whole[: sig.start()]
    elif date_text and date_text in whole:
        body = whole[: whole.rfind(date_text)]
    else:
        body = whole
    for a, href in links:
        if not href or a is date_a:
            continue
        label = a.text(deep=True).strip()
        if label.startswith(("#", "@", "pic.twitter.com", "pic.x.com")):
            continue
        if label and label in body:
            f.links.append(href)
    body = body.strip()
    if body:
        f.text = clean_tweet_text(body, f) or None
        f.anchor = body
    return f


def _read_blockquote(node: LexborNode, attrs: Attrs) -> Found | None:
    return read_tweet_blockquote(node, attrs)


def _read_amp(node: LexborNode, attrs: Attrs) -> Found | None:
    ref = _id_ref(attrs.get("data-tweetid") or attrs.get("data-tweet-id"))
    if ref is None:
        return None
    f = Found.from_ref(ref, "embed", "html:amp-twitter")
    placeholder = node.css_first("blockquote")
    if placeholder is not None:
        inner = read_tweet_blockquote(placeholder, placeholder.attributes, "html:amp-twitter")
        if inner is not None:  # the placeholder's text and author; the tag's ID wins
            if inner.post_id != ref.post_id:
                inner.url = f.url
            inner.post_id = ref.post_id
            f = inner
    return f


def _read_id_wrapper(node: LexborNode, attrs: Attrs) -> Found | None:
    ref = _id_ref(attrs.get("data-tweet-id") or attrs.get("data-tweetid"))
    if ref is None:
        return None
    tag = node.tag or ""
    cls = (attrs.get("class") or "").lower()
    if tag == "iframe":
        return Found.from_ref(ref, "embed", "html:twitter-iframe")
    if "tweet" in cls or "twitter" in cls or "embed" in cls:
        f = Found.from_ref(ref, "embed", "html:embed-wrapper")
        bq = node.css_first("blockquote")
        if bq is not None:
            inner = read_tweet_blockquote(bq, bq.attributes, "html:embed-wrapper")
            if inner is not None and inner.post_id == ref.post_id:
                return inner
        return f
    return None


# -- flattened -----------------------------------------------------------------------------


def _rendered(text: str, low: str, out: list[Found]) -> None:
    if "· follow" not in low:
        return
    for m in _RENDERED.finditer(text):
        f = Found(platform="twitter", kind="embed", method="text:tweet-rendered", order=m.start())
        f.name = m.group("name").strip() or None
        f.handle = m.group("handle")
        f.date = parse_date(m.group("date"))
        body = clean_flat_text(m.group("text"), f)
        if body:
            lead = text.find(body, m.start("text"))
            f.text = body
            f.span = (lead, lead + len(body)) if lead >= 0 else None
        f.context = text[m.start() : m.end()]  # the whole widget: no signature may claim it
        out.append(f)


def _signatures(text: str, low: str, out: list[Found]) -> None:
    """``TEXT — Name (@handle) DATE``: the post's text runs back from its signature (a whole
    paragraph after a blank line; else the lines of the paragraph above that fit in a post)."""
    if "(@" not in text and "([@" not in text:
        return
    taken = [(int(f.order), int(f.order) + len(f.context or "")) for f in out if f.context]
    taken += [f.span for f in out if f.span]
    prev_end = 0
    # Where paragraphs are separated by blank lines, a single line break is a line break inside
    # a paragraph, so a post's text may run over several lines above its signature; where every
    # line is a paragraph (no blank lines), only the line above is the post's.
    blank_line_paragraphs = "\n\n" in text or "\n \n" in text
    for m in SIGNATURE.finditer(text):
        handle = m.group("handle")
        platform = "bluesky" if "." in handle else "twitter"
        if platform == "twitter" and len(handle) > 15:
            continue
        start = m.start()
        seg_end = start
        while seg_end > prev_end and text[seg_end - 1] in " \t\u00a0\n>":
            seg_end -= 1
        gap = text[seg_end:start]
        line_start = text.rfind("\n", prev_end, seg_end) + 1 or prev_end
        if text[line_start:seg_end].lstrip().startswith(">"):
            # a markdown quote ('> TEXT' / '>' / '> — Name (@handle) [date](url)'): its quoted lines
            seg_start = line_start
            while seg_start > prev_end:
                above = text.rfind("\n", prev_end, seg_start - 1) + 1 or prev_end
                line = text[above : seg_start - 1]
                if not line.lstrip().startswith(">") or not line.strip(" \t>"):
                    break
                seg_start = above
        elif "\n\n" in gap:  # signature after a blank line: the whole previous block
            seg_start = block_start(text, seg_end, prev_end)
        else:  # same line, or the line just above
            i = text.rfind("\n", prev_end, seg_end)
            seg_start = prev_end if i < 0 else i + 1
            if blank_line_paragraphs:
                seg_start = tweet_lines_start(text, seg_start, seg_end, prev_end)
        if seg_end - seg_start > _MAX_TEXT:
            seg_start = seg_end - _MAX_TEXT
        if any(s < seg_end and seg_start < e for s, e in taken):
            seg_start = seg_end  # the block above is another post (a rendered widget): no text
        raw = text[seg_start:seg_end]
        f = Found(
            platform=platform,
            kind="embed",
            method="text:tweet-signature" if platform == "twitter" else "text:bluesky-signature",
        )
        f.order = seg_start
        f.name = m.group("name").strip() or None
        f.handle = handle
        f.date = parse_date(m.group("mdate") or m.group("date"))
        f.signature = (m.start(), m.end())
        if m.group("murl"):
            from ..urls import classify_url

            ref = classify_url(m.group("murl"))
            if ref and ref.platform == platform:
                f.url, f.post_id = ref.url, ref.post_id
        body = clean_flat_text(raw, f)
        if body:
            lead = raw.find(body)
            f.text = body
            if lead >= 0:
                f.span = (seg_start + lead, seg_start + lead + len(body))
            else:  # rewritten (quote markers, markdown links): the raw region it came from
                lead = raw.find(body[:12])
                f.span = (seg_start + lead, seg_start + len(raw.rstrip())) if lead >= 0 else None
        if platform == "bluesky" and f.text:
            for junk in table("platforms")["bluesky"]["boilerplate"]:
                f.text = f.text.replace(junk, "")
            f.text = f.text.strip() or None
        out.append(f)
        prev_end = m.end()


def _flat(text: str, low: str, out: list[Found]) -> None:
    _rendered(text, low, out)
    _signatures(text, low, out)


PLATFORM = Platform(
    name="twitter",
    hosts=("twitter.com", "x.com/"),  # (mirrors: fxtwitter.com, fixupx.com hold these)
    owns=_owns,
    classify=_classify,
    markup=(
        Markup(_read_blockquote, tags=("blockquote",), classes=("twitter-tweet", "twitter-video")),
        Markup(_read_amp, tags=("amp-twitter",)),
        Markup(_read_id_wrapper, attrs=("data-tweet-id", "data-tweetid")),
    ),
    flat=(_flat,),
)
