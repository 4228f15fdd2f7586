"""Recognise social-post permalinks by URL shape.

A post is keyed on its platform and the ID in its canonical URL, never on markup.
:func:`classify_url` turns any URL (or scheme-less ``host/path``) into a :class:`PostRef`
or ``None``: profile links, share intents, home pages and playlists are not posts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote

__all__ = [
    "PostRef",
    "iter_urls",
    "classify_url",
    "has_platform_host",
    "mastodon_ref",
]


@dataclass(frozen=True, slots=True)
class PostRef:
    """A post identified from its URL."""

    platform: str
    post_id: str
    url: str
    handle: str | None = None


_HOST_TOKENS = (
    "twitter.com", "x.com/", "twimg", "instagram.com", "instagr.am", "facebook.com", "fb.watch", "tiktok.com",
    "youtube", "youtu.be", "t.me/", "telegram.", "bsky.app", "bluesky", "at://", "mastodon", "/@",
    "threads.net", "threads.com", "text-post-media", "reddit", "redd.it", "truthsocial",
)  # fmt: skip


_URL_HOSTS = (
    "twitter.com/", "x.com/", "instagram.com/", "instagr.am/", "facebook.com/", "fb.watch/", "tiktok.com/",
    "youtube.com/", "youtube-nocookie.com/", "youtu.be/", "t.me/", "telegram.me/", "bsky.app/", "at://did:",
    "threads.net/", "threads.com/", "reddit.com/", "redd.it/", "truthsocial.com/", "/@",
)  # fmt: skip
_URL_STOP = frozenset(" \t\r\n\"'<>\\`()[]{}|,\u00a0\u3000")


def iter_urls(raw: str) -> list[tuple[int, str]]:
    """``(offset, url)`` for every URL-like token in ``raw`` naming a platform host (fast:
    substring search, no regular expression over the whole string)."""
    low = raw.lower()
    n = len(raw)
    seen: dict[int, str] = {}
    for token in _URL_HOSTS:
        i = low.find(token)
        while i >= 0:
            start = i
            while start > 0 and i - start < 48 and raw[start - 1] not in _URL_STOP:
                start -= 1
            end = i + len(token)
            while end < n and end - i < 600 and raw[end] not in _URL_STOP:
                end += 1
            if start not in seen:
                seen[start] = raw[start:end].rstrip(".,;:!?”’")
            i = low.find(token, end)
    return sorted(seen.items())


def has_platform_host(raw: str) -> bool:
    """Cheap prefilter: does ``raw`` mention any platform host at all?"""
    low = raw.lower()
    return any(token in low for token in _HOST_TOKENS)


_TW = re.compile(
    r"(?:(?:www|mobile|m)\.)?(?:twitter|x|fxtwitter|vxtwitter|fixupx|fixvx|nitter)\.(?:com|net)"
    r"/(?:#!/)?(?:(?P<h>[A-Za-z0-9_]{1,15})|i/web|i)/status(?:es)?/(?P<id>\d{5,20})(?!\d)",
    re.I,
)
_TW_EMBED = re.compile(r"platform\.twitter\.com/embed/(?:Tweet|index)\.html\?(?P<q>[^#\s]*)", re.I)
_IG = re.compile(
    r"(?:www\.)?(?:instagram\.com|instagr\.am)/(?:(?P<u>[A-Za-z0-9_.]{1,30})/)?"
    r"(?P<kind>p|reels?|tv)/(?P<id>[A-Za-z0-9_-]{5,40})",
    re.I,
)
_FB_PLUGIN = re.compile(
    r"(?:[\w-]+\.)?facebook\.com/(?:v[\d.]+/)?plugins/(?:post|video|comment_embed)\.php\?(?P<q>\S*)",
    re.I,
)
_FB = re.compile(
    r"(?:(?:www|m|web|mbasic)\.)?facebook\.com/"
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
_TT = re.compile(
    r"(?:(?:www|m)\.)?tiktok\.com/(?:@(?P<h>[A-Za-z0-9_.]{1,32})/(?:video|photo)/"
    r"|embed/v2/|embed/|player/v1/|v/)(?P<id>\d{15,22})",
    re.I,
)
_TT_SHORT = re.compile(r"(?:vm|vt)\.tiktok\.com/(?P<id>[A-Za-z0-9]{5,15})", re.I)
_YT = re.compile(
    r"(?:(?:www|m|music)\.)?(?:youtube(?:-nocookie)?\.com/(?:embed/|shorts/|live/|v/|watch/?\?(?:[^#\s]*&)?v=)"
    r"|youtu\.be/)(?P<id>[A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])",
    re.I,
)
_TG = re.compile(
    r"(?:t|telegram)\.me/(?:s/)?(?P<ch>c/\d+|[A-Za-z][A-Za-z0-9_]{3,31})/(?P<id>\d{1,9})(?!\d)",
    re.I,
)
_TG_NOT = frozenset(
    {"share", "joinchat", "addstickers", "addlist", "proxy", "socks", "iv", "login"}
)
_BSKY = re.compile(
    r"bsky\.app/profile/(?P<h>[A-Za-z0-9:._%-]+)/post/(?P<id>[a-z2-7]{10,16})"
    r"|at://(?P<h2>[A-Za-z0-9:._%-]+)/app\.bsky\.feed\.post/(?P<id2>[a-z2-7]{10,16})",
    re.I,
)
_THREADS = re.compile(
    r"(?:www\.)?threads\.(?:net|com)/(?:@(?P<h>[A-Za-z0-9_.]{1,30})/post|t)/(?P<id>[A-Za-z0-9_-]{5,40})",
    re.I,
)
_REDDIT = re.compile(
    r"(?:(?:www|old|new|np|m|embed)\.)?reddit\.com/r/(?P<sub>\w{2,21})/comments/(?P<id>[a-z0-9]{4,10})"
    r"(?:/[^/?#\s]*(?:/(?P<cid>[a-z0-9]{4,10}))?)?"
    r"|redd\.it/(?P<id2>[a-z0-9]{4,10})",
    re.I,
)
_TRUTH = re.compile(
    r"truthsocial\.com/(?:@(?P<h>\w{1,30})/(?:posts/)?|users/\w+/statuses/)(?P<id>\d{12,20})", re.I
)
_MASTO = re.compile(
    r"(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)/(?:@(?P<h>[A-Za-z0-9_]{1,30})|users/(?P<h2>[A-Za-z0-9_]{1,30})/statuses)"
    r"/(?P<id>\d{6,20})(?!\d)",
    re.I,
)
_MASTO_HOSTS = re.compile(
    r"mastodon|mstdn|toot|^mas\.to$|fosstodon|hachyderm|infosec\.exchange|journa\.host|"
    r"masto\.|social\.coop|chaos\.social|kolektiva|newsie\.social|sfba\.social|universeodon|"
    r"mastodonapp|aus\.social|det\.social|social\.bund\.de|respublicae\.eu|social\.network\.europa\.eu",
    re.I,
)


def _strip_scheme(url: str) -> str:
    url = url.strip().strip("<>\"'")
    url = re.sub(r"^(?:https?:)?//", "", url, flags=re.I)
    return url.replace("\\/", "/")


def _qs(query: str) -> dict[str, list[str]]:
    return parse_qs(query.replace("&amp;", "&"), keep_blank_values=False)


def classify_url(url: str, *, any_mastodon_host: bool = False) -> PostRef | None:
    """The post that ``url`` is a permalink of, or None.

    ``any_mastodon_host`` accepts the ``HOST/@user/ID`` shape on any host (use it inside
    Mastodon embed markup only; in free text that shape is ambiguous).
    """
    if not url or len(url) > 4000:
        return None
    s = _strip_scheme(url)
    low = s.split("/", 1)[0].split("?", 1)[0].lower()  # the host
    if "twitter" in low or "x.com" in low or "nitter" in low:
        m = _TW_EMBED.match(s)
        if m:
            q = _qs(m.group("q"))
            ids = q.get("id") or q.get("tweet_id")
            if ids and ids[0].isdigit():
                return _tweet(ids[0], None)
            return None
        m = _TW.match(s)
        if m:
            return _tweet(m.group("id"), m.group("h"))
        return None
    if "instagr" in low:
        m = _IG.match(s)
        if m:
            kind = m.group("kind").lower().rstrip("s")
            code = m.group("id")
            return PostRef(
                "instagram", code, f"https://www.instagram.com/{kind}/{code}/", m.group("u")
            )
        return None
    if "facebook" in low:
        m = _FB_PLUGIN.match(s)
        if m:
            href = _qs(m.group("q")).get("href")
            return classify_url(unquote(href[0])) if href else None
        return _facebook(s)
    if "fb.watch" in low:
        m = _FBWATCH.match(s)
        return (
            PostRef("facebook", m.group("id"), f"https://fb.watch/{m.group('id')}/") if m else None
        )
    if "tiktok" in low:
        m = _TT.match(s)
        if m:
            h = m.group("h")
            vid = m.group("id")
            url_ = (
                f"https://www.tiktok.com/@{h}/video/{vid}"
                if h
                else f"https://www.tiktok.com/embed/v2/{vid}"
            )
            return PostRef("tiktok", vid, url_, h)
        m = _TT_SHORT.match(s)
        if m:
            return PostRef("tiktok", m.group("id"), f"https://vm.tiktok.com/{m.group('id')}/")
        return None
    if "youtu" in low:
        if "videoseries" in s.lower() or "/embed?list" in s.lower():
            return None
        m = _YT.match(s)
        if m:
            vid = m.group("id")
            return PostRef("youtube", vid, f"https://www.youtube.com/watch?v={vid}")
        return None
    if low in ("t.me", "telegram.me", "www.t.me", "www.telegram.me"):
        m = _TG.match(s.removeprefix("www."))
        if m and m.group("ch").lower() not in _TG_NOT:
            ch, mid = m.group("ch"), m.group("id")
            return PostRef(
                "telegram",
                f"{ch}/{mid}",
                f"https://t.me/{ch}/{mid}",
                None if ch.startswith("c/") else ch,
            )
        return None
    if "bsky" in low or s.startswith("at:"):
        m = _BSKY.match(s) or _BSKY.match(url.strip())
        if m:
            h = unquote(m.group("h") or m.group("h2"))
            rkey = m.group("id") or m.group("id2")
            handle = None if h.startswith("did:") else h
            return PostRef("bluesky", rkey, f"https://bsky.app/profile/{h}/post/{rkey}", handle)
        return None
    if "threads." in low:
        m = _THREADS.match(s)
        if m:
            h, code = m.group("h"), m.group("id")
            url_ = (
                f"https://www.threads.net/@{h}/post/{code}"
                if h
                else f"https://www.threads.net/t/{code}"
            )
            return PostRef("threads", code, url_, h)
        return None
    if "reddit" in low or "redd.it" in low:
        m = _REDDIT.match(s)
        if m:
            if m.group("id2"):
                pid = m.group("id2").lower()
                return PostRef("reddit", pid, f"https://www.reddit.com/comments/{pid}/")
            pid, sub, cid = m.group("id").lower(), m.group("sub"), m.group("cid")
            url_ = f"https://www.reddit.com/r/{sub}/comments/{pid}/"
            if cid:
                return PostRef("reddit", f"{pid}/{cid.lower()}", url_ + f"_/{cid.lower()}/")
            return PostRef("reddit", pid, url_)
        return None
    if "truthsocial" in low:
        m = _TRUTH.match(s)
        if m:
            h, pid = m.group("h"), m.group("id")
            url_ = (
                f"https://truthsocial.com/@{h}/{pid}"
                if h
                else f"https://truthsocial.com/posts/{pid}"
            )
            return PostRef("truthsocial", pid, url_, h)
        return None
    return mastodon_ref(s, any_host=any_mastodon_host)


def mastodon_ref(url: str, *, any_host: bool = False) -> PostRef | None:
    s = _strip_scheme(url)
    m = _MASTO.match(s)
    if not m:
        return None
    host = m.group("host").lower()
    if not any_host and not _MASTO_HOSTS.search(host):
        return None
    h = m.group("h") or m.group("h2")
    pid = m.group("id")
    return PostRef("mastodon", f"{host}/{pid}", f"https://{host}/@{h}/{pid}", f"{h}@{host}")


def _tweet(tid: str, handle: str | None) -> PostRef:
    if handle and handle.lower() in {"i", "web", "intent", "share", "home", "search", "hashtag"}:
        handle = None
    url = (
        f"https://twitter.com/{handle}/status/{tid}"
        if handle
        else f"https://twitter.com/i/status/{tid}"
    )
    return PostRef("twitter", tid, url, handle)


def _facebook(s: str) -> PostRef | None:
    m = _FB.match(s)
    if not m:
        return None
    if m.group("id"):
        page, pid = m.group("page"), m.group("id")
        if page.lower() in {"sharer", "dialog", "plugins", "tr", "share.php"}:
            return None
        kind = "videos" if "/videos/" in s else "posts"
        return PostRef("facebook", pid, f"https://www.facebook.com/{page}/{kind}/{pid}", page)
    for g, key in (("q1", "story_fbid"), ("q2", "fbid"), ("q3", "v")):
        q = m.group(g)
        if q:
            vals = _qs(q.split("#", 1)[0]).get(key)
            if not vals:
                return None
            pid = vals[0]
            if g == "q1":
                owner = (_qs(q).get("id") or [""])[0]
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
