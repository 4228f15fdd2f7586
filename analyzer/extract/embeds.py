"""Posts embedded in raw HTML: the platforms' official embed markup, rendered iframes,
AMP tags, CMS wrappers, embeds hidden in attributes, ``<textarea>`` and JSON page state,
and status links in article prose (``reference``).

Everything keys on the permalink's shape (:mod:`.urls`); markup only says where to look.
"""

from __future__ import annotations

import base64
import binascii
import html as htmllib
import logging
import re
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from .dates import parse_date
from .found import Found
from .htmltext import _parse, html_to_text
from .urls import PostRef, classify_url, has_platform_host, iter_urls

__all__ = ["find_embeds"]

log = logging.getLogger(__name__)

_XPATH = (
    "//blockquote|//iframe|//amp-twitter|//amp-instagram|//amp-facebook|//amp-youtube|//amp-tiktok"
    "|//amp-reddit|//amp-iframe|//lite-youtube|//script|//textarea"
    "|//figure[contains(@class,'wp-block-embed')]"
    "|//*[@data-href or @data-embedded-url or @data-iframely-url or @data-embed-url or @data-extcontent_url"
    " or @data-social-embedded or @data-tweet-id or @data-tweetid or @data-instgrm-permalink or @data-post"
    " or @data-telegram-post or @data-video-id or @data-oembed-url or @data-url]"
    "|//a[contains(@href,'status') or contains(@href,'instagr') or contains(@href,'facebook.com/')"
    " or contains(@href,'fb.watch') or contains(@href,'tiktok.com/') or contains(@href,'youtu')"
    " or contains(@href,'t.me/') or contains(@href,'telegram.me/') or contains(@href,'bsky.app/')"
    " or contains(@href,'/@') or contains(@href,'threads.') or contains(@href,'reddit.com/')"
    " or contains(@href,'redd.it/') or contains(@href,'truthsocial') or @data-iframely-url]"
)
_ATTR_XPATH = "//@*[string-length(.) > 60 and (contains(., 'blockquote') or contains(., 'iframe'))]"
_B64_XPATH = "//@*[string-length(.) > 120 and not(contains(., ' ')) and not(contains(., ':'))]"
_B64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
_MAX_HIDDEN = 200
_MAX_DEPTH = 2

_TAIL = re.compile(
    r"(?:—|–|-{1,2}|&mdash;|â€”|â€“)\s*(?P<name>[^\n]{0,80}?)\s*\(\s*@(?P<handle>[A-Za-z0-9_][\w.-]{0,62})\s*\)",
)
_AT_HANDLE = re.compile(r"@([A-Za-z0-9_][\w.-]{0,62})")
_PIC = re.compile(r"\s*(?:https?://)?(?P<pic>pic\.(?:twitter|x)\.com/\w+)")
_TRAIL_URL = re.compile(r"(?:\s+(?P<u>https?://\S+|t\.co/\S+))+\s*$")
_IG_SHARED = re.compile(
    r"(?:A post shared by|A video posted by|A photo posted by|Ein Beitrag geteilt von|Une publication partagée par|"
    r"Una publicación compartida por|Un post condiviso da|Uma publicação compartilhada por|Publicat de|"
    r"Een bericht gedeeld door|Post udostępniony przez)\s*(?P<name>[^()\n]*?)\s*\(@(?P<handle>[\w.]{1,30})\)"
    r"|(?:A post shared by|Ein Beitrag geteilt von)\s*@(?P<handle2>[\w.]{1,30})",
    re.I,
)
_IG_BOILER = re.compile(
    r"^(?:View this (?:post|profile|reel) on Instagram|Sieh dir diesen Beitrag auf Instagram an|"
    r"Voir cette publication sur Instagram|Ver esta publicación en Instagram|Visualizza questo post su Instagram|"
    r"View on Instagram)\b",
    re.I,
)
_FB_POSTED = re.compile(
    r"(?:Posted by|Publiée par|Publicado por|Gepostet von|Pubblicato da)\s+(?P<name>.+?)\s+(?:on|sur|el|am|em|il)\s+(?P<date>.+)$",
    re.I | re.S,
)
_BSKY_EMBED = re.compile(
    r"embed\.bsky\.app/embed/(?P<did>did:[A-Za-z0-9:._-]+)/app\.bsky\.feed\.post/(?P<rkey>\w+)"
)
_BOILER_CTX = re.compile(
    r"share|social|follow|footer|sidebar|widget|author|bio|byline|timeline|related|menu|\bnav|comment|promo|"
    r"newsletter|profile|subscribe|masthead|site-header|copyright",
    re.I,
)
_BOILER_TAGS = frozenset({"nav", "footer", "aside", "header", "form", "button"})
_EMBED_CLASS = re.compile(
    r"embed|iframely|oembed|social|tweet|instagram|tiktok|telegram|bluesky|reddit|youtube|video",
    re.I,
)
_JSON_EMBED_CTX = re.compile(
    r"oembed|embed|tweet|\"subtype\"|social|\"type\"\s*:\s*\"(?:twitter|instagram|facebook|tiktok|youtube|telegram|reddit)",
    re.I,
)
_JS_UNESCAPES = (("\\u003c", "<"), ("\\u003C", "<"), ("\\u003e", ">"), ("\\u003E", ">"), ("\\u0026", "&"),
                 ("\\u002F", "/"), ("\\u002f", "/"), ('\\"', '"'), ("\\/", "/"), ("\\n", "\n"), ("\\t", " "))  # fmt: skip
_SNIPPET = re.compile(r"<(blockquote|iframe)\b[^>]*>(?:.*?</\1>)?", re.I | re.S)
_URL_ATTRS = (
    "data-embedded-url", "data-iframely-url", "data-embed-url", "data-extcontent_url", "data-oembed-url",
    "data-href", "data-url", "data-src", "src", "cite",
)  # fmt: skip


def _classes(el: Any) -> str:
    return (el.get("class") or "").lower()


def _text(el: Any) -> str:
    return html_to_text(el)


def _clean_tweet_text(text: str, f: Found) -> str:
    for m in _PIC.finditer(text):
        f.media.append(m.group("pic"))
    text = _PIC.sub("", text)
    tail = _TRAIL_URL.search(text)
    if tail:
        for u in tail.group(0).split():
            f.links.append(u)
        text = text[: tail.start()]
    return text.strip()


class _Finder:
    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.out: list[Found] = []
        self.inside: set[Any] = set()  # elements inside an embed already read
        self.n = 0

    # -- entry -------------------------------------------------------------------------
    def run(self, root: Any) -> list[Found]:
        try:
            nodes = root.xpath(_XPATH)
        except Exception:  # noqa: BLE001 - lxml on pathological trees
            log.debug("xpath failed", exc_info=True)
            return self.out
        for el in nodes:
            self.n += 1
            if el in self.inside:
                continue
            try:
                self._visit(el)
            except Exception:  # noqa: BLE001 - one odd element must not lose the page
                log.debug("embed element failed", exc_info=True)
        if self.depth < _MAX_DEPTH:
            self._hidden_attributes(root)
        return self.out

    def _add(self, f: Found | None, el: Any | None = None) -> None:
        if f is None:
            return
        if el is not None and self.depth == 0 and f.kind == "embed" and _in_chrome(el):
            log.debug("embed in page chrome skipped: %s", f.url)
            self.inside.update(el.iterdescendants())
            return
        f.order = self.n
        self.out.append(f)
        if el is not None:
            self.inside.update(el.iterdescendants())

    def _visit(self, el: Any) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        cls = _classes(el)
        if tag == "a":
            if self.depth == 0:
                self._anchor(el)
            return
        if tag == "blockquote":
            self._blockquote(el, cls)
            return
        if tag == "iframe" or tag == "amp-iframe":
            self._iframe(el, cls)
            return
        if tag == "script":
            self._script(el)
            return
        if tag == "textarea":
            if self.depth < _MAX_DEPTH and el.text and "<" in el.text:
                self._fragment(el.text, "textarea")
            return
        if tag.startswith("amp-") or tag == "lite-youtube":
            self._amp(el, tag)
            return
        if tag == "figure":
            self._wp_figure(el)
            return
        self._wrapper(el, cls)

    # -- blockquotes -----------------------------------------------------------------------
    def _blockquote(self, el: Any, cls: str) -> None:
        if "twitter-tweet" in cls or "twitter-video" in cls:
            self._add(self._twitter(el, cls), el)
        elif "instagram-media" in cls:
            self._add(self._instagram(el), el)
        elif "tiktok-embed" in cls:
            self._add(self._tiktok(el), el)
        elif "bluesky-embed" in cls or el.get("data-bluesky-uri"):
            self._add(self._bluesky(el), el)
        elif "mastodon-embed" in cls or "truthsocial-embed" in cls:
            url = el.get("data-embed-url") or ""
            ref = classify_url(
                url.removesuffix("/embed"), any_mastodon_host=True
            ) or self._first_link(el, True)
            if ref:
                self._add(Found.from_ref(ref, "embed", f"html:{ref.platform}-blockquote"), el)
        elif "text-post-media" in cls or el.get("data-text-post-permalink"):
            ref = classify_url(el.get("data-text-post-permalink") or "") or self._first_link(el)
            if ref:
                self._add(Found.from_ref(ref, "embed", "html:threads-blockquote"), el)
        elif "reddit-embed-bq" in cls or "reddit-card" in cls:
            self._add(self._reddit(el, cls), el)
        elif "fb-xfbml-parse-ignore" in cls:
            parent = el.getparent()
            self._add(self._facebook(parent if parent is not None else el, el), el)
        elif "telegram-post" in cls or el.get("data-telegram-post"):
            ref = classify_url("t.me/" + (el.get("data-telegram-post") or "")) or self._first_link(
                el
            )
            if ref:
                self._add(Found.from_ref(ref, "embed", "html:telegram-blockquote"), el)

    def _first_link(
        self, el: Any, any_mastodon: bool = False, platform: str | None = None
    ) -> PostRef | None:
        for a in el.iter("a"):
            ref = classify_url(a.get("href") or "", any_mastodon_host=any_mastodon)
            if ref and (platform is None or ref.platform == platform):
                return ref
        return None

    def _twitter(self, el: Any, cls: str) -> Found | None:
        refs = [(a, classify_url(a.get("href") or "")) for a in el.iter("a")]
        tweets = [(a, r) for a, r in refs if r and r.platform == "twitter"]
        if not tweets:
            return None
        date_a, ref = tweets[-1]
        method = "html:twitter-video" if "twitter-video" in cls else "html:twitter-blockquote"
        f = Found.from_ref(ref, "embed", method)
        f.date = parse_date(date_a.text_content())
        whole = _text(el)
        ps = el.findall(".//p")
        tail_text = whole
        body: str | None = None
        if ps:
            p = ps[0]
            f.html_lang = (p.get("lang") or "").strip() or None
            body = _text(p)
            after = whole.find(body) if body else -1
            tail_text = whole[after + len(body) :] if after >= 0 else whole
            for a in p.iter("a"):
                href = a.get("href") or ""
                label = a.text_content().strip()
                if label.startswith(("#", "@", "pic.twitter.com", "pic.x.com")) or not href:
                    continue
                f.links.append(href)
            inner = _TAIL.search(body) if body else None
            if inner and not _TAIL.search(tail_text):  # the signature inside the <p> (some CMSs)
                tail_text = body[inner.start() :]
                body = body[: inner.start()]
        else:
            m = _TAIL.search(whole)
            if m:
                body = whole[: m.start()]
            else:  # old markup without a signature: the text before the date link
                date_text = date_a.text_content().strip()
                body = (
                    whole[: whole.rfind(date_text)] if date_text and date_text in whole else whole
                )
        m = _TAIL.search(tail_text)
        if m:
            f.name = m.group("name").strip() or None
            f.handle = m.group("handle")
        if body and body.strip():
            f.text = _clean_tweet_text(body, f) or None
            f.anchor = body
        return f

    def _instagram(self, el: Any) -> Found | None:
        ref = classify_url(el.get("data-instgrm-permalink") or "") or self._first_link(
            el, platform="instagram"
        )
        if not ref:
            return None
        f = Found.from_ref(ref, "embed", "html:instagram-blockquote")
        whole = _text(el)
        m = _IG_SHARED.search(whole)
        if m:
            f.name = (m.group("name") or "").strip() or None
            f.handle = m.group("handle") or m.group("handle2")
        t = el.find(".//time")
        if t is not None:
            f.date = parse_date(t.get("datetime") or t.text_content())
        caption: list[str] = []
        for p in el.iter("p"):
            s = _text(p)
            if not s or _IG_SHARED.search(s) or _IG_BOILER.match(s):
                continue
            caption.append(s)
        if caption:
            f.text = "\n".join(caption)
            f.anchor = caption[0]
        return f

    def _tiktok(self, el: Any) -> Found | None:
        ref = classify_url(el.get("cite") or "")
        vid = el.get("data-video-id")
        if not ref and vid and vid.isdigit():
            ref = classify_url(f"https://www.tiktok.com/embed/v2/{vid}")
        if not ref:
            ref = self._first_link(el, platform="tiktok")
        if not ref:
            return None
        f = Found.from_ref(ref, "embed", "html:tiktok-blockquote")
        sec = el.find(".//section")
        if sec is None:
            return f
        words: list[str] = []
        if sec.text:
            words.append(sec.text)
        for child in sec:
            label = child.text_content() if isinstance(child.tag, str) else ""
            href = child.get("href") or "" if isinstance(child.tag, str) else ""
            title = (child.get("title") or "") if isinstance(child.tag, str) else ""
            if "/music/" in href or label.strip().startswith("♬"):
                pass
            elif (
                href.split("?")[0].rstrip("/").rsplit("/", 1)[-1].startswith("@")
                and not "".join(words).strip()
            ):
                f.handle = f.handle or label.strip().lstrip("@") or None
            elif "/tag/" in href:
                words.append("#" + (title or label.strip().lstrip("#")))
            else:
                words.append(label)
            if child.tail:
                words.append(child.tail)
        text = " ".join(" ".join(words).split())
        f.text = text or None
        f.anchor = text or None
        return f

    def _bluesky(self, el: Any) -> Found | None:
        ref = classify_url(el.get("data-bluesky-uri") or "")
        links = [classify_url(a.get("href") or "") for a in el.iter("a")]
        posts = [r for r in links if r and r.platform == "bluesky"]
        if posts:
            ref = ref or posts[-1]
        if not ref:
            return None
        f = Found.from_ref(ref, "embed", "html:bluesky-blockquote")
        whole = _text(el)
        p = el.find(".//p")
        body = _text(p) if p is not None else None
        if p is not None:
            f.html_lang = (p.get("lang") or "").strip() or None
        tail = whole[whole.find(body) + len(body) :] if body and body in whole else whole
        m = _TAIL.search(tail)
        if m:
            f.name = m.group("name").strip() or None
            f.handle = m.group("handle").lstrip("@")
        anchors = [a for a in el.iter("a") if classify_url(a.get("href") or "")]
        if anchors:
            f.date = parse_date(anchors[-1].text_content())
        if body:
            body = body.replace("[image or embed]", "").replace(
                "[contains quote post or other embedded content]", ""
            )
            f.text = body.strip() or None
            f.anchor = f.text
        return f

    def _reddit(self, el: Any, cls: str) -> Found | None:
        ref = self._first_link(el, platform="reddit")
        if not ref:
            return None
        f = Found.from_ref(ref, "embed", "html:reddit-blockquote")
        is_comment = "/" in ref.post_id
        for a in el.iter("a"):
            href = a.get("href") or ""
            if classify_url(href) == ref and not f.text and not is_comment:
                t = " ".join(a.text_content().split())
                if t and "/comments/" not in t:
                    f.text = t
                    f.anchor = t
            elif "/user/" in href or "/u/" in href:
                f.handle = " ".join(a.text_content().split()).removeprefix("u/") or None
        if f.handle:
            f.name = f.name or None
        return f

    def _facebook(self, el: Any, bq: Any | None) -> Found | None:
        ref = classify_url(el.get("data-href") or "")
        if bq is None:
            bq = el.find(".//blockquote")
        if ref is None and bq is not None:
            ref = classify_url(bq.get("cite") or "") or self._first_link(bq, platform="facebook")
        if ref is None:
            return None
        cls = _classes(el)
        f = Found.from_ref(
            ref, "embed", "html:facebook-video" if "fb-video" in cls else "html:facebook-post"
        )
        if bq is not None:
            paras = [_text(p) for p in bq.iter("p")]
            paras = [p for p in paras if p]
            whole = _text(bq)
            m = _FB_POSTED.search(whole.split("\n")[-1] if whole else "")
            if m:
                f.name = m.group("name").strip() or None
                f.date = parse_date(m.group("date"))
            if paras:
                f.text = "\n".join(p for p in paras if not _FB_POSTED.match(p)) or None
                f.anchor = paras[0]
        return f

    # -- iframes, AMP, wrappers -------------------------------------------------------------
    def _iframe(self, el: Any, cls: str) -> None:
        for attr in ("src", "data-src", "data-lazy-src", "data-original", "data-url"):
            src = el.get(attr)
            if not src or src.startswith(("about:", "data:", "javascript:")):
                continue
            m = _BSKY_EMBED.search(src)
            if m:
                ref = classify_url(f"at://{m.group('did')}/app.bsky.feed.post/{m.group('rkey')}")
            else:
                any_masto = (
                    "mastodon" in cls or "truthsocial" in cls or src.rstrip("/").endswith("/embed")
                )
                ref = classify_url(src, any_mastodon_host=any_masto)
            if ref:
                f = Found.from_ref(ref, "embed", f"html:{ref.platform}-iframe")
                self._add(f, el)
                return
        tid = el.get("data-tweet-id")
        if tid and tid.isdigit():
            ref = classify_url(f"https://twitter.com/i/status/{tid}")
            if ref:
                self._add(Found.from_ref(ref, "embed", "html:twitter-iframe"), el)

    def _amp(self, el: Any, tag: str) -> None:
        ref: PostRef | None = None
        if tag == "amp-twitter":
            tid = el.get("data-tweetid") or ""
            ref = classify_url(f"https://twitter.com/i/status/{tid}") if tid.isdigit() else None
        elif tag == "amp-instagram":
            code = el.get("data-shortcode") or ""
            ref = classify_url(f"https://www.instagram.com/p/{code}/") if code else None
        elif tag in ("amp-facebook", "amp-reddit", "amp-tiktok"):
            ref = classify_url(el.get("data-href") or el.get("data-src") or "")
        elif tag in ("amp-youtube", "lite-youtube"):
            vid = el.get("data-videoid") or el.get("videoid") or ""
            ref = classify_url(f"https://www.youtube.com/watch?v={vid}") if vid else None
        if not ref:
            return
        f = Found.from_ref(ref, "embed", f"html:{tag}")
        placeholder = el.find(".//blockquote")
        if placeholder is not None and tag in ("amp-twitter", "amp-instagram"):
            inner = (
                self._twitter(placeholder, "")
                if tag == "amp-twitter"
                else self._instagram(placeholder)
            )
            if inner is not None:  # the placeholder's text and author; the tag's ID wins
                if inner.post_id != ref.post_id:
                    inner.url = f.url
                inner.post_id, inner.method = ref.post_id, f.method
                f = inner
        self._add(f, el)

    def _wp_figure(self, el: Any) -> None:
        if el.find(".//blockquote") is not None or el.find(".//iframe") is not None:
            return
        wrapper = el.find(".//div")
        text = (_text(wrapper) if wrapper is not None else _text(el)).strip()
        first = text.split()[0] if text else ""
        ref = classify_url(first) if first else None
        if ref:
            self._add(Found.from_ref(ref, "embed", "html:wp-embed"), el)

    def _wrapper(self, el: Any, cls: str) -> None:
        if ("fb-post" in cls or "fb-video" in cls) and el.get("data-href"):
            self._add(self._facebook(el, None), el)
            return
        if el.get("data-telegram-post"):
            self._script(el)
            return
        if "tgme_widget_message" in cls and el.get("data-post"):
            ref = classify_url("t.me/" + el.get("data-post"))
            if ref:
                f = Found.from_ref(ref, "embed", "html:telegram-widget")
                body = el.find_class("tgme_widget_message_text")
                if body:
                    f.text = _text(body[0]) or None
                    f.anchor = f.text
                owner = el.find_class("tgme_widget_message_owner_name")
                if owner:
                    f.name = " ".join(owner[0].text_content().split()) or None
                t = el.find(".//time")
                if t is not None:
                    f.date = parse_date(t.get("datetime"))
                self._add(f, el)
            return
        tid = el.get("data-tweet-id") or el.get("data-tweetid")
        if tid and tid.isdigit() and ("tweet" in cls or "twitter" in cls or "embed" in cls):
            ref = classify_url(f"https://twitter.com/i/status/{tid}")
            if ref:
                self._add(Found.from_ref(ref, "embed", "html:embed-wrapper"), el)
            return
        permalink = el.get("data-instgrm-permalink")
        if permalink and el.tag in ("div", "section", "figure"):
            ref = classify_url(permalink)
            if ref:
                self._add(Found.from_ref(ref, "embed", "html:embed-wrapper"), el)
            return
        attrs = " ".join(f"{k}" for k in el.attrib)
        if not (
            _EMBED_CLASS.search(cls)
            or "iframely" in attrs
            or "social" in attrs
            or "extcontent" in attrs
            or "oembed" in attrs
        ):
            return
        for attr in _URL_ATTRS:
            v = el.get(attr)
            if not v:
                continue
            ref = _ref_from_value(v)
            if ref:
                self._add(Found.from_ref(ref, "embed", "html:embed-wrapper"), el)
                return

    def _script(self, el: Any) -> None:
        post = el.get("data-telegram-post")
        if post:
            ref = classify_url("t.me/" + post.strip().lstrip("/"))
            if ref:
                self._add(Found.from_ref(ref, "embed", "html:telegram-widget"), el)
            return
        if el.get("src") or self.depth >= _MAX_DEPTH:
            return
        typ = (el.get("type") or "").lower()
        if "ld+json" in typ:
            return
        code = el.text or ""
        if len(code) < 40 or not has_platform_host(code):
            return
        self._json(code)

    # -- hidden content ---------------------------------------------------------------------
    def _json(self, code: str) -> None:
        for a, b in _JS_UNESCAPES:
            if a in code:
                code = code.replace(a, b)
        if "&lt;" in code:
            code = htmllib.unescape(code)
        low = code.lower()
        if "<blockquote" in low or "<iframe" in low:
            count = 0
            for m in _SNIPPET.finditer(code):
                count += 1
                if count > _MAX_HIDDEN:
                    break
                self._fragment(m.group(0), "embed-html", json=True)
        for start, url in iter_urls(code):
            before = code[max(0, start - 10) : start]
            if "href=" in before or "src=" in before or "cite=" in before:
                continue
            ref = classify_url(url)
            if not ref:
                continue
            window = code[max(0, start - 250) : start]
            if _JSON_EMBED_CTX.search(window):
                f = Found.from_ref(ref, "embed", "json:url")
                f.order = self.n + 0.5
                self.out.append(f)

    def _fragment(self, snippet: str, origin: str, *, json: bool = False) -> None:
        try:
            root = _parse(snippet)
        except Exception:  # noqa: BLE001 - hidden content is best effort
            return
        sub = _Finder(self.depth + 1)
        for f in sub.run(root):
            if f.kind == "reference":
                continue
            name = f.method.split(":", 1)[-1]
            f.method = f"json:{name}" if json else f"html:{origin}:{name}"
            f.order = self.n + 0.5
            self.out.append(f)

    def _hidden_attributes(self, root: Any) -> None:
        try:
            vals = root.xpath(_ATTR_XPATH)[:_MAX_HIDDEN]
        except Exception:  # noqa: BLE001
            vals = []
        for v in vals:
            s = str(v)
            if s.lstrip().startswith("http") and "<" not in s:
                continue
            if "&lt;" in s:
                s = htmllib.unescape(s)
            if "<" in s:
                self._fragment(s, "attribute")
        try:
            vals = root.xpath(_B64_XPATH)[:_MAX_HIDDEN]
        except Exception:  # noqa: BLE001
            vals = []
        for v in vals:
            s = str(v).strip()
            if len(s) > 2_000_000 or not _B64.fullmatch(s):
                continue
            try:
                raw = base64.b64decode(
                    s + "=" * (-len(s) % 4), altchars=b"-_" if ("-" in s or "_" in s) else None
                )
                dec = raw.decode("utf-8")
            except (binascii.Error, ValueError, UnicodeDecodeError):
                continue
            if "<" in dec and ("blockquote" in dec or "iframe" in dec):
                self._fragment(dec, "base64")

    # -- links in prose ---------------------------------------------------------------------
    def _anchor(self, el: Any) -> None:
        href = el.get("href") or ""
        if len(href) < 12 or not has_platform_host(href):
            return
        ref = classify_url(href)
        if (
            ref is None
            or ref.platform == "youtube"
            and "watch" not in href
            and "youtu.be" not in href
        ):
            return
        if _BOILER_CTX.search(_classes(el)):
            return
        for anc in el.iterancestors():
            tag = anc.tag.lower() if isinstance(anc.tag, str) else ""
            if tag in _BOILER_TAGS:
                return
            ident = (anc.get("class") or "") + " " + (anc.get("id") or "")
            if (
                len(ident) > 1
                and _BOILER_CTX.search(ident)
                and tag not in ("body", "html", "article", "main")
            ):
                return
        label = " ".join(el.text_content().split())
        if ref.platform == "youtube" and _STORE_LABEL.fullmatch(label):
            return  # 'rent it on YouTube': a shop link, not a post
        if _in_embed_wrapper(el, label):
            self._add(Found.from_ref(ref, "embed", "html:embed-wrapper"), el)
            return
        f = Found.from_ref(ref, "reference", "html:link")
        f.anchor = label or None
        block = el.getparent()
        while block is not None and isinstance(block.tag, str) and block.tag.lower() in (
            "a", "b", "strong", "em", "i", "span", "u", "small", "sup", "sub", "mark", "q", "cite",
        ):  # fmt: skip
            block = block.getparent()
        if block is not None:
            ctx = _text(block)
            f.context = ctx[:5000] if ctx else None
        self._add(f, None)


#: a link whose whole label is the platform's name ('available to rent on YouTube')
_STORE_LABEL = re.compile(r"(?:on\s+)?(?:YouTube|YouTube\s+(?:Movies|TV)|Google\s+Play)\.?", re.I)
_CHROME_TAGS = frozenset({"aside", "footer", "nav"})
_CHROME = re.compile(
    r"sidebar|widget|related|recommend|site-footer|outbrain|taboola|trending|most-popular|newsletter|promo|"
    r"more-videos|video-playlist|(?:^|[\s_-])rail(?:$|[\s_-])",
    re.I,
)


def _in_chrome(el: Any) -> bool:
    """Inside a sidebar, footer, navigation or recommendation widget (not the article)."""
    for anc in el.iterancestors():
        tag = anc.tag.lower() if isinstance(anc.tag, str) else ""
        if tag in ("article", "main", "body"):
            return False
        ident = (anc.get("class") or "") + " " + (anc.get("id") or "")
        embedish = "embed" in ident.lower()
        if tag in _CHROME_TAGS and not embedish:
            return True
        if len(ident) > 1 and _CHROME.search(ident) and not embedish:
            return True
    return False


_WRAPPER_CLASS = re.compile(
    r"iframely|wp-block-embed|social-embed|embed-container|oembed|embed-wrapper|media-embed", re.I
)


def _in_embed_wrapper(a: Any, label: str) -> bool:
    """A lone permalink that stands for an embed (iframely, WordPress and CMS embed wrappers)."""
    if a.get("data-iframely-url"):
        return True
    if label and not label.startswith(("http", "www.", "twitter.com", "x.com", "instagram.com")):
        return False
    parent = a.getparent()
    for _ in range(3):
        if parent is None:
            return False
        if _WRAPPER_CLASS.search(parent.get("class") or ""):
            return True
        parent = parent.getparent()
    return False


def _ref_from_value(v: str) -> PostRef | None:
    v = v.strip()
    ref = classify_url(v)
    if ref:
        return ref
    if "url=" in v:
        q = parse_qs(urlsplit(v).query)
        for u in q.get("url", []):
            ref = classify_url(unquote(u))
            if ref:
                return ref
    return None


def find_embeds(root: Any) -> list[Found]:
    """Every post candidate in a parsed page, in document order (not yet deduplicated)."""
    return _Finder(0).run(root)
