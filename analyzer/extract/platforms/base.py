"""What a platform module declares: how its permalinks look, which embed markup it reads, and
the forms its embeds take once flattened to text.

A platform module (``analyzer/extract/platforms/<name>.py``) defines ``PLATFORM``, a
:class:`Platform`. Nothing in it runs at import time beyond building that record; vocabularies
(localized boilerplate, reserved path names) come from ``analyzer/data/platforms.toml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

    from ..found import Found

__all__ = ["Attrs", "FlatFinder", "Markup", "Platform", "PostRef", "Reader", "post_ref"]

Attrs = dict[str, "str | None"]
#: reads one matched element into a post candidate (None: not a post after all)
Reader = Callable[["LexborNode", Attrs], "Found | None"]
#: finds the platform's flattened embeds in article text: ``(text, text.lower(), out)``
FlatFinder = Callable[[str, str, "list[Found]"], None]


@dataclass(frozen=True, slots=True)
class PostRef:
    """A post identified from its URL."""

    platform: str
    post_id: str
    url: str
    handle: str | None = None


@dataclass(frozen=True, slots=True)
class Markup:
    """One kind of embed element: the tags it may have (any when empty) and the class tokens or
    attributes that make it one (either suffices; neither given: the tag alone)."""

    read: Reader
    tags: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    attrs: tuple[str, ...] = ()

    def selectors(self) -> list[str]:
        """CSS selectors for this kind, to be joined into the page's one candidate query."""
        tags = self.tags or ("",)
        out: list[str] = []
        for tag in tags:
            out.extend(f"{tag}.{c}" for c in self.classes)
            out.extend(f"{tag}[{a}]" for a in self.attrs)
            if not self.classes and not self.attrs and tag:
                out.append(tag)
        return out

    def matches(self, tag: str, classes: set[str], attrs: Attrs) -> bool:
        if self.tags and tag not in self.tags:
            return False
        if not self.classes and not self.attrs:
            return True
        return any(c in classes for c in self.classes) or any(a in attrs for a in self.attrs)


@dataclass(frozen=True, slots=True)
class Platform:
    """A social platform: its URL hosts and shapes, embed markup, flattened forms."""

    name: str
    #: lower-case substrings that betray a URL of this platform (the cheap host test)
    hosts: tuple[str, ...]
    #: is this (lower-case) host name the platform's
    owns: Callable[[str], bool]
    #: the post a scheme-less URL on an owned host is the permalink of, or None
    classify: Callable[[str], PostRef | None]
    markup: tuple[Markup, ...] = ()
    flat: tuple[FlatFinder, ...] = ()


def post_ref(platform: str, node: LexborNode | None, *urls: str | None) -> PostRef | None:
    """The post of ``platform`` an embed points to: the first of ``urls`` (the embed's own
    attributes, in order of trust) that is one, else the first link inside ``node`` that is."""
    from ..urls import classify_url

    for url in urls:
        ref = classify_url(url or "")
        if ref is not None and ref.platform == platform:
            return ref
    if node is not None:
        for a in node.css("a"):
            ref = classify_url(a.attributes.get("href") or "")
            if ref is not None and ref.platform == platform:
                return ref
    return None
