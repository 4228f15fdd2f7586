"""The working record of a post while it is being found, merged and located."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace

from ..records import Author, Post, Span
from .dates import id_time
from .platforms.base import PostRef

__all__ = ["Found", "hashtags_of", "mentions_of"]

_HASHTAG = re.compile(r"(?<![\w&/#])#(\w{1,139})", re.U)
_MENTION = re.compile(r"(?<![\w@./])@([A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?)", re.U)
_KIND_RANK = {"embed": 3, "quote": 2, "reference": 1}


def hashtags_of(text: str | None) -> list[str]:
    if not text:
        return []
    return [h for h in _HASHTAG.findall(text) if not h.isdigit()]


def mentions_of(text: str | None, platform: str) -> list[str]:
    if not text:
        return []
    out = []
    for m in _MENTION.findall(text):
        if platform == "twitter" and ("." in m or "-" in m or len(m) > 15):
            continue
        out.append(m)
    return out


@dataclass(slots=True)
class Found:
    """A post candidate. Mutable while the stage merges evidence; frozen into a Post at the end."""

    platform: str
    kind: str
    method: str
    name: str | None = None
    handle: str | None = None
    url: str | None = None
    post_id: str | None = None
    date: str | None = None
    text: str | None = None
    span: tuple[int, int] | None = None
    hashtags: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    stated_language: str | None = None
    html_lang: str | None = None
    order: float = 0.0
    #: text to look for in Article.text to locate the post (when ``span`` is unknown)
    anchor: str | None = None
    #: the paragraph around a link (for references found in HTML)
    context: str | None = None
    #: an indirect paraphrase, not the post's words
    indirect: bool = False
    #: the speaker's fuller name elsewhere in the article ('Saleh' -> 'Amrullah Saleh'), for matching
    alias: str | None = None
    #: where the embed's element lies in the article text (markup found by the parse that wrote it)
    region: tuple[int, int] | None = None
    #: where a flattened embed's signature lies in the text
    signature: tuple[int, int] | None = None

    @classmethod
    def from_ref(cls, ref: PostRef, kind: str, method: str) -> Found:
        return cls(
            platform=ref.platform,
            kind=kind,
            method=method,
            url=ref.url,
            post_id=ref.post_id,
            handle=ref.handle,
        )

    def richness(self) -> int:
        return (
            _KIND_RANK.get(self.kind, 0) * 100
            + (40 if self.text else 0)
            + (10 if self.post_id else 0)
            + (5 if self.span else 0)
            + (3 if self.name else 0)
            + (3 if self.handle else 0)
            + (2 if self.date else 0)
        )

    def merge(self, other: Found) -> None:
        """Fold ``other`` (the same post) into this record, keeping the richest fields."""
        if other.richness() > self.richness():
            keep, add = other, self
        else:
            keep, add = self, other
        merged = replace(
            keep,
            hashtags=list(keep.hashtags),
            mentions=list(keep.mentions),
            media=list(keep.media),
            links=list(keep.links),
        )
        for name in (
            "name",
            "handle",
            "url",
            "post_id",
            "text",
            "span",
            "stated_language",
            "html_lang",
            "anchor",
            "region",
            "signature",
        ):
            if getattr(merged, name) is None and getattr(add, name) is not None:
                setattr(merged, name, getattr(add, name))
        if add.date and (
            not merged.date
            or (len(add.date) > len(merged.date) and add.date[:10] == merged.date[:10])
        ):
            merged.date = add.date
        if (
            add.post_id
            and merged.post_id == add.post_id
            and add.url
            and merged.url
            and "/i/status/" in merged.url
        ):
            merged.url = add.url
        for name in ("hashtags", "mentions", "media", "links"):
            seen = getattr(merged, name)
            for v in getattr(add, name):
                if v not in seen:
                    seen.append(v)
        merged.order = min(self.order, other.order)
        if merged.kind != add.kind and _KIND_RANK.get(add.kind, 0) > _KIND_RANK.get(merged.kind, 0):
            merged.kind = add.kind
        for fld in fields(self):
            setattr(self, fld.name, getattr(merged, fld.name))

    @classmethod
    def from_markup(cls, post: Post, order: float) -> Found:
        """A post found in a page's markup and carried on the article (:func:`to_markup`)."""
        f = cls(
            platform=post.platform,
            kind=post.kind,
            method=post.method,
            name=post.author.name,
            handle=post.author.handle,
            url=post.url,
            post_id=post.post_id,
            date=post.date,
            text=post.text,
            media=list(post.media),
            links=list(post.links),
            html_lang=post.html_lang,
            order=order,
        )
        f.region = (post.span.start, post.span.end) if post.span else None
        return f

    def to_markup(self) -> Post:
        """This markup candidate as a record an :class:`~analyzer.records.Article` carries: as
        found (no date from the ID), with ``span`` holding its element's region in the text."""
        return Post(
            platform=self.platform,
            kind=self.kind,  # type: ignore[arg-type]
            author=Author(name=self.name or None, handle=self.handle or None),
            url=self.url,
            post_id=self.post_id,
            date=self.date,
            text=self.text or None,
            span=Span(*self.region) if self.region else None,
            media=tuple(self.media),
            links=tuple(self.links),
            method=self.method,
            html_lang=self.html_lang,
        )

    def to_post(self) -> Post:
        date = self.date
        exact = id_time(self.platform, self.post_id)
        if exact:
            date = exact
        text = self.text.strip() if self.text else None
        return Post(
            platform=self.platform,
            kind=self.kind,  # type: ignore[arg-type]
            author=Author(name=self.name or None, handle=self.handle or None),
            url=self.url,
            post_id=self.post_id,
            date=date,
            text=text or None,
            span=Span(*self.span) if self.span else None,
            hashtags=tuple(dict.fromkeys(self.hashtags or hashtags_of(text))),
            mentions=tuple(dict.fromkeys(self.mentions or mentions_of(text, self.platform))),
            media=tuple(dict.fromkeys(self.media)),
            links=tuple(dict.fromkeys(self.links)),
            method=self.method,
            stated_language=self.stated_language,
            html_lang=self.html_lang,
        )
