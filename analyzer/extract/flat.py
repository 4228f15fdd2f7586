"""Embeds flattened to plain text.

The dominant shape is the tweet signature ``TEXT pic.twitter.com/CODE — Name (@handle) Month D, YYYY``
(also with the signature on its own line, a hyphen/en dash/``--``/``&mdash;``/mojibake dash, localized
dates, a markdown date link). The post's text runs back to the previous paragraph break or the
previous signature. Also: Instagram ``A post shared by``, Facebook ``Posted by PAGE on DATE``,
Bluesky signatures, TikTok ``@user CAPTION ♬ sound``, Reddit ``TITLE by u/USER in SUB``.
"""

from __future__ import annotations

import re

from .dates import parse_date
from .embeds import _IG_BOILER, _IG_SHARED, _PIC, _TRAIL_URL
from .found import Found
from .urls import classify_url, has_platform_host, iter_urls

__all__ = ["find_flat", "find_text_urls"]

_MONTH_WORD = r"[^\W\d_]{3,12}\.?"
_DATE = (
    rf"(?:{_MONTH_WORD}\s+\d{{1,2}},?\s+\d{{4}}"  # August 22, 2021 / Aug 22 2021
    rf"|\d{{1,2}}\.?\s+(?:de\s+)?{_MONTH_WORD}\s+(?:de\s+)?\d{{4}}"  # 25. September 2018 / 27 de agosto de 2018
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?)"
)
_SIG = re.compile(
    r"(?P<sep>—|–|--?|&mdash;|&#8212;|â€”|â€“)[ \t\u00a0]*"
    r"(?P<name>[^\n\[\]]{0,80}?)[ \t\u00a0]*\((?:\[)?@(?P<handle>[A-Za-z0-9_][\w.-]{0,62})(?:\]\([^)\s]*\))?\)[ \t\u00a0]*"
    rf"(?:\[(?P<mdate>{_DATE}(?:\s+at\s+[\d:]+(?:\s*[AP]M)?)?)\]\((?P<murl>[^)\s]+)\)"
    rf"|(?P<date>{_DATE})(?:\s+at\s+\d{{1,2}}:\d{{2}}(?:\s*[AP]M)?)?)",
    re.U,
)
_FB = re.compile(
    r"(?m)^(?P<lead>[^\n]*?)(?:Posted by|Publiée par|Publicado por|Gepostet von)\s*\[?(?P<name>[^\n\[\]]{1,80}?)\]?"
    r"(?:\(https?://[^)\s]*\))?\s+(?:on|sur|el|am)\s+\[?"
    r"(?P<date>(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    r"dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|"
    r"Samstag|Sonntag),?\s+[^\n\]]{4,30}?\d{4})\]?(?:\((?P<url>https?://[^)\s]*)\))?\s*$",
    re.I,
)
_TIKTOK = re.compile(
    r"(?m)(?:^|(?<=[\s(]))@(?P<handle>[A-Za-z0-9_.]{2,24})\s+(?P<cap>(?:[^\n♬]|\n(?![ \t]*\n)){0,2200}?)\s*♬\s*"
    r"(?P<sound>[^\n]{1,200})"
)
#: a markdown link ``[label](url)`` as text extractors write links
_MD_LINK = re.compile(r"\[(?P<label>[^\]\n]*)\]\((?P<url>https?://[^)\s]+)\)")
_IG_BOILER_ANY = re.compile(_IG_BOILER.pattern.lstrip("^"), re.I)
_REDDIT = re.compile(
    r"(?m)^(?:(?P<title>[^\n]{3,300}?)\s*\n?\s*by\s+u/(?P<user>[\w-]{3,20})\s+in\s+(?:r/)?(?P<sub>\w{2,21})"
    r"|Comment\s+by\s+u/(?P<cuser>[\w-]{3,20})\s+from\s+discussion\s+(?P<ctitle>[^\n]{3,300}?)\s+in\s+(?:r/)?(?P<csub>\w{2,21}))"
    r"\s*$"
)
#: a rendered tweet copied from the browser: 'Name @handle · Follow' / TEXT / '10:45 AM · Aug 22, 2021'
_RENDERED = re.compile(
    r"(?m)^(?P<name>[^\n@·]{1,60}?)[ \t]*\n?[ \t]*@(?P<handle>[A-Za-z0-9_]{1,15})[ \t]*\n?[ \t]*(?:·[ \t]*\n?[ \t]*)?"
    r"Follow[ \t]*\n(?P<text>[^\n](?:[^\n]|\n(?![ \t]*\d{1,2}:\d{2})){0,1500}?)\n[ \t]*"
    rf"(?P<time>\d{{1,2}}:\d{{2}}(?:[ \t]*[AP]M)?)[ \t]*·[ \t]*(?P<date>{_DATE})"
)
_MASTO = re.compile(
    r"Post by @(?P<user>\w{1,30})@(?P<host>[\w.-]+\.\w+)\s*\n*\s*View on Mastodon", re.I
)
_PREFILTER_TOKENS = ("(@", "([@", "· follow", "shared by", "geteilt von", "partagée par", "compartida por", "posted by", "publiée par",
                     "publicado por", "gepostet von", "♬", "by u/", "post by @", "skip ")  # fmt: skip
_MAX_TEXT = 2500
_SKIP_POST = re.compile(
    r"(?m)^Skip (?P<p>twitter|x|instagram|facebook|youtube|tiktok|telegram|bluesky|threads) (?:post|content|video)"
    r"(?: by (?P<name>[^\n,]{1,80}?))?(?:,\s*\d+)?\s*$",
    re.I,
)
_SKIP_PLATFORMS = {"x": "twitter"}


def find_flat(text: str) -> list[Found]:
    """Posts whose embeds were flattened into ``text`` (spans refer to ``text``)."""
    if not text:
        return []
    low = text.lower()
    if not any(token in low for token in _PREFILTER_TOKENS):
        return []
    out: list[Found] = []
    if "Follow" in text and "·" in text:
        _rendered(text, out)
    if "(@" in text or "([@" in text:
        _signatures(text, out, [f.span for f in out if f.span])
    if "shared by" in text or "geteilt von" in text or "partag" in text or "compartida" in text:
        _instagram(text, out)
    if (
        "Posted by" in text
        or "Publiée par" in text
        or "Publicado por" in text
        or "Gepostet von" in text
    ):
        _facebook(text, out)
    if "♬" in text:
        _tiktok(text, out)
    if "u/" in text:
        _reddit(text, out)
    if "Skip " in text:
        for m in _SKIP_POST.finditer(text):
            platform = m.group("p").lower()
            f = Found(
                platform=_SKIP_PLATFORMS.get(platform, platform),
                kind="embed",
                method="text:consent-placeholder",
            )
            f.order = m.start()
            f.name = (m.group("name") or "").strip() or None
            out.append(f)
    if "View on Mastodon" in text:
        for m in _MASTO.finditer(text):
            f = Found(
                platform="mastodon", kind="embed", method="text:mastodon-embed", order=m.start()
            )
            f.handle = f"{m.group('user')}@{m.group('host')}"
            out.append(f)
    return out


def _near(
    text: str, pattern: re.Pattern[str], tokens: tuple[str, ...], lines_before: int = 0
) -> list[re.Match[str]]:
    """Matches of ``pattern`` on the lines that hold one of ``tokens`` (case-insensitive), so
    that a long article is not scanned with a slow pattern."""
    low = text.lower()
    starts: set[int] = set()
    for token in tokens:
        i = low.find(token)
        while i >= 0:
            s = text.rfind("\n", 0, i) + 1
            for _ in range(lines_before):
                if s > 0:
                    s = text.rfind("\n", 0, s - 1) + 1
            starts.add(s)
            i = low.find(token, i + len(token))
    out: list[re.Match[str]] = []
    last_end = -1
    for s in sorted(starts):
        if s < last_end:
            continue
        e = text.find("\n", s + 1)
        e = len(text) if e < 0 else e
        e2 = text.find("\n", e + 1) if lines_before else e
        e = len(text) if e2 < 0 else e2
        for m in pattern.finditer(text, s, e):
            out.append(m)
            last_end = m.end()
    return out


def _block_start(text: str, end: int, floor: int) -> int:
    """Start of the paragraph that ends at ``end`` (after a blank line), not before ``floor``."""
    i = text.rfind("\n\n", floor, end)
    return floor if i < 0 else i + 2


#: the most characters (links not counted) a post's text may have when its lines are gathered
#: upwards from a signature: 280 on X/Twitter, 300 on Bluesky
_POST_CHARS = 300
_LINKS = re.compile(r"(?:https?://|pic\.twitter\.com/)\S+")


def _tweet_lines_start(text: str, start: int, end: int, floor: int) -> int:
    """Start of the post text ending at ``end`` whose last line starts at ``start``: earlier
    lines of the same paragraph are added while the text stays within a post's length."""
    block = _block_start(text, start, floor)
    while start > block:
        above = max(text.rfind("\n", block, start - 1) + 1, block)
        if len(_LINKS.sub("", text[above:end]).strip()) > _POST_CHARS:
            break
        start = above
    return start


def _rendered(text: str, out: list[Found]) -> None:
    for m in _RENDERED.finditer(text):
        f = Found(platform="twitter", kind="embed", method="text:tweet-rendered", order=m.start())
        f.name = m.group("name").strip() or None
        f.handle = m.group("handle")
        f.date = parse_date(m.group("date"))
        body = _clean(m.group("text"), f)
        if body:
            lead = text.find(body, m.start("text"))
            f.text = body
            f.span = (lead, lead + len(body)) if lead >= 0 else None
        f.context = text[m.start() : m.end()]  # the whole widget: no signature may claim it
        out.append(f)


def _signatures(text: str, out: list[Found], spans: list[tuple[int, int]] | None = None) -> None:
    taken = [(int(f.order), int(f.order) + len(f.context or "")) for f in out if f.context]
    taken += spans or []
    prev_end = 0
    # Where paragraphs are separated by blank lines, a single line break is a line break inside
    # a paragraph, so a post's text may run over several lines above its signature; where every
    # line is a paragraph (no blank lines), only the line above is the post's.
    blank_line_paragraphs = "\n\n" in text or "\n \n" in text
    for m in _SIG.finditer(text):
        handle = m.group("handle")
        platform = "bluesky" if "." in handle else "twitter"
        if platform == "twitter" and len(handle) > 15:
            continue
        start = m.start()
        # the post text: back to the previous paragraph break or previous signature
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
            seg_start = _block_start(text, seg_end, prev_end)
        else:  # same line, or the line just above
            i = text.rfind("\n", prev_end, seg_end)
            seg_start = prev_end if i < 0 else i + 1
            if blank_line_paragraphs:
                seg_start = _tweet_lines_start(text, seg_start, seg_end, prev_end)
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
        date_text = m.group("mdate") or m.group("date")
        f.date = parse_date(date_text)
        if m.group("murl"):
            ref = classify_url(m.group("murl"))
            if ref and ref.platform == platform:
                f.url, f.post_id = ref.url, ref.post_id
        body = _clean(raw, f)
        if body:
            lead = raw.find(body)
            f.text = body
            if lead >= 0:
                f.span = (seg_start + lead, seg_start + lead + len(body))
            else:  # rewritten (quote markers, markdown links): the raw region it came from
                lead = raw.find(body[:12])
                f.span = (seg_start + lead, seg_start + len(raw.rstrip())) if lead >= 0 else None
        if platform == "bluesky" and f.text:
            f.text = f.text.replace("[image or embed]", "").strip() or None
        out.append(f)
        prev_end = m.end()


def _clean(raw: str, f: Found) -> str:
    body = raw.strip()
    if body.startswith(("```", ">")):
        body = body.strip("`").strip()
        body = "\n".join(line.lstrip().lstrip(">").strip() for line in body.splitlines()).strip()
    if "](" in body:  # markdown links: keep the label, remember short links
        for m in _MD_LINK.finditer(body):
            if "t.co/" in m.group("url"):
                f.links.append(m.group("url"))
        body = _MD_LINK.sub(lambda m: m.group("label"), body)
    for m in _PIC.finditer(body):
        f.media.append(m.group("pic"))
    body = _PIC.sub("", body).rstrip()
    tail = _TRAIL_URL.search(body)
    if tail:
        f.links.extend(tail.group(0).split())
        body = body[: tail.start()].rstrip()
    return body.strip()


def _instagram(text: str, out: list[Found]) -> None:
    for m in _near(
        text,
        _IG_SHARED,
        (
            "shared by",
            "geteilt von",
            "partagée par",
            "compartida por",
            "condiviso da",
            "compartilhada por",
            "gedeeld door",
            "udostępniony",
            "posted by",
            "publicat de",
        ),
    ):
        f = Found(
            platform="instagram", kind="embed", method="text:instagram-embed", order=m.start()
        )
        f.name = (m.group("name") or "").strip() or None
        f.handle = m.group("handle") or m.group("handle2")
        line_end = text.find("\n", m.end())
        rest = text[m.end() : line_end if line_end >= 0 else len(text)]
        f.date = (
            parse_date(rest)
            if rest.strip().lower().startswith(("on ", "am ", "le ", "el "))
            else None
        )
        # caption: the blocks between "View this post on Instagram" and the signature
        start = _block_start(text, m.start(), max(0, m.start() - _MAX_TEXT))
        window_start = max(0, start - 600)
        marker = None
        for bm in re.finditer(r"(?m)^[^\n]*$", text[window_start:start]):
            if _IG_BOILER.match(bm.group(0).strip()):
                marker = window_start + bm.end()
        if (
            marker is None
        ):  # flattened onto one line: '… View this post on Instagram CAPTION A post shared by'
            lo = max(0, m.start() - _MAX_TEXT)
            inline = list(_IG_BOILER_ANY.finditer(text, lo, m.start()))
            if inline and "\n\n" not in text[inline[-1].end() : m.start()]:
                marker = inline[-1].end()
        if marker is not None:
            seg = text[marker : m.start()]
            body = seg.strip()
            if body:
                lead = text.find(body, marker)
                f.text = body
                f.span = (lead, lead + len(body))
        out.append(f)


def _facebook(text: str, out: list[Found]) -> None:
    for m in _near(text, _FB, ("posted by", "publiée par", "publicado por", "gepostet von")):
        f = Found(platform="facebook", kind="embed", method="text:facebook-embed", order=m.start())
        f.name = m.group("name").strip()
        f.date = parse_date(m.group("date"))
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
                start = _block_start(text, end, max(0, end - _MAX_TEXT))
            else:  # one paragraph a line (text extractors' txt output): the line above
                start = text.rfind("\n", 0, end) + 1
            body = text[start:end].strip()
            if body:
                f.text = body
                f.span = (start, start + len(body))
        out.append(f)


def _tiktok(text: str, out: list[Found]) -> None:
    for m in _TIKTOK.finditer(text):
        f = Found(platform="tiktok", kind="embed", method="text:tiktok-embed", order=m.start())
        f.handle = m.group("handle")
        cap = m.group("cap").strip()
        if cap:
            f.text = cap
            s = m.start("cap") + m.group("cap").find(cap)
            f.span = (s, s + len(cap))
        out.append(f)


def _reddit(text: str, out: list[Found]) -> None:
    for m in _near(text, _REDDIT, ("u/",), lines_before=1):
        f = Found(platform="reddit", kind="embed", method="text:reddit-embed", order=m.start())
        title = (m.group("title") or m.group("ctitle") or "").strip()
        f.handle = m.group("user") or m.group("cuser")
        if title:
            f.text = title
            s = text.find(title, m.start())
            f.span = (s, s + len(title)) if s >= 0 else None
        out.append(f)


def find_text_urls(text: str) -> list[Found]:
    """Post permalinks written out in the text: ``reference`` posts with the URL as span."""
    if not text or not has_platform_host(text):
        return []
    out: list[Found] = []
    for start, raw in iter_urls(text):
        ref = classify_url(raw)
        if ref is None:
            continue
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", start + len(raw))
        alone = not text[ls:start].strip(" \t<>") and not text[
            start + len(raw) : len(text) if le < 0 else le
        ].strip(" \t<>")
        # a permalink alone on its line is an embed that was not rendered (WordPress auto-embeds
        # such a line; a failed oEmbed leaves the bare URL)
        f = Found.from_ref(
            ref, "embed" if alone else "reference", "text:url-line" if alone else "text:url"
        )
        f.order = start
        f.span = (start, start + len(raw))
        out.append(f)
    return out
