"""TikTok.

* Permalinks: ``tiktok.com/@USER/(video|photo)/ID``, player shapes ``embed[/v2]/ID``,
  ``player/v1/ID``, ``v/ID``; short links ``vm.tiktok.com/CODE``, ``vt.tiktok.com/CODE``.
* Markup: ``blockquote.tiktok-embed`` (``cite``, ``data-video-id``; the ``<section>`` holds
  ``@user``, the caption, hashtags and the ``♬`` sound), ``amp-tiktok``.
* Flattened: ``@user CAPTION #tag ♬ original sound - NAME``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..found import Found
from .base import Attrs, Markup, Platform, PostRef, post_ref

if TYPE_CHECKING:
    from selectolax.lexbor import LexborNode

__all__ = ["PLATFORM"]

_TT = re.compile(
    r"(?:[\w-]+\.)?tiktok\.com/(?:@(?P<h>[A-Za-z0-9_.]{1,32})/(?:video|photo)/"
    r"|embed/v2/|embed/|player/v1/|v/)(?P<id>\d{15,22})",
    re.I,
)
_TT_SHORT = re.compile(r"(?:vm|vt)\.tiktok\.com/(?P<id>[A-Za-z0-9]{5,15})", re.I)
_FLAT = re.compile(
    r"(?m)(?:^|(?<=[\s(]))@(?P<handle>[A-Za-z0-9_.]{2,24})\s+(?P<cap>(?:[^\n♬]|\n(?![ \t]*\n)){0,2200}?)\s*♬\s*"
    r"(?P<sound>[^\n]{1,200})"
)


def _owns(host: str) -> bool:
    return "tiktok.com" in host


def _classify(s: str) -> PostRef | None:
    m = _TT.match(s)
    if m:
        h, vid = m.group("h"), m.group("id")
        url = (
            f"https://www.tiktok.com/@{h}/video/{vid}"
            if h
            else f"https://www.tiktok.com/embed/v2/{vid}"
        )
        return PostRef("tiktok", vid, url, h)
    m = _TT_SHORT.match(s)
    if m:
        return PostRef("tiktok", m.group("id"), f"https://vm.tiktok.com/{m.group('id')}/")
    return None


def _read_blockquote(node: LexborNode, attrs: Attrs) -> Found | None:
    ref = post_ref("tiktok", None, attrs.get("cite"))
    vid = (attrs.get("data-video-id") or "").strip()
    if ref is None and vid.isdigit():
        ref = _classify(f"www.tiktok.com/embed/v2/{vid}")
    if ref is None or ref.platform != "tiktok":
        ref = post_ref("tiktok", node)
    if ref is None:
        return None
    f = Found.from_ref(ref, "embed", "html:tiktok-blockquote")
    sec = node.css_first("section")
    if sec is None:
        return f
    words: list[str] = []
    for child in sec.iter(include_text=True):
        tag = child.tag or ""
        if tag == "-text":
            words.append(child.text_content or "")
            continue
        if tag[:1] == "-":
            continue
        label = child.text(deep=True)
        child_attrs = child.attributes
        href = child_attrs.get("href") or ""
        title = child_attrs.get("title") or ""
        if "/music/" in href or label.strip().startswith("♬"):
            continue
        if (
            href.split("?")[0].rstrip("/").rsplit("/", 1)[-1].startswith("@")
            and not "".join(words).strip()
        ):
            f.handle = f.handle or label.strip().lstrip("@") or None
        elif "/tag/" in href:
            words.append("#" + (title or label.strip().lstrip("#")))
        else:
            words.append(label)
    text = " ".join(" ".join(words).split())
    f.text = text or None
    f.anchor = text or None
    return f


def _read_amp(node: LexborNode, attrs: Attrs) -> Found | None:
    from ..urls import classify_url

    value = (attrs.get("data-src") or attrs.get("data-href") or "").strip()
    ref = _classify(f"www.tiktok.com/embed/v2/{value}") if value.isdigit() else classify_url(value)
    if ref is None or ref.platform != "tiktok":
        return None
    return Found.from_ref(ref, "embed", "html:amp-tiktok")


def _flat(text: str, low: str, out: list[Found]) -> None:
    if "♬" not in text:
        return
    for m in _FLAT.finditer(text):
        f = Found(platform="tiktok", kind="embed", method="text:tiktok-embed", order=m.start())
        f.handle = m.group("handle")
        f.signature = (m.start(), m.end())
        cap = m.group("cap").strip()
        if cap:
            f.text = cap
            s = m.start("cap") + m.group("cap").find(cap)
            f.span = (s, s + len(cap))
        out.append(f)


PLATFORM = Platform(
    name="tiktok",
    hosts=("tiktok",),
    owns=_owns,
    classify=_classify,
    markup=(
        Markup(_read_blockquote, tags=("blockquote",), classes=("tiktok-embed",)),
        Markup(_read_amp, tags=("amp-tiktok",)),
    ),
    flat=(_flat,),
)
