"""The prose finder's fast searches find what the plain pattern searches find: the platform
phrase and 'took to' searched from the earliest place a match can start, the whole-word
vocabularies searched from their first word, and indirect speech from where it can start;
over every paragraph of the real pages (and pieces of them) and over letters that case
folding treats specially."""

from __future__ import annotations

import random
import re

import pytest

from analyzer.extract import prose
from analyzer.extract.page import read_page

from .real_pages import DEV, HELD_OUT, load_gold
from .real_pages import read_page as read_html

SPECIAL = [
    "Der Minister schrieb auf İnstagram: „Danke“.",
    "Bakan ınstagram hesabından paylaştı, twıtter'da da.",
    "He ſaid on Twitter that it was over; ΟΔΟΣ on X.",
    "The KELVIN tweeted that the rally was off (on X).",
    "According to a post on Telegram by the mayor, the roads are closed.",
    "The ministry's official Telegram channel said that the talks had ended.",
    "Мэр написал в своём Телеграм-канале, что дороги закрыты.",
    "首相は自身のXで「全力で取り組む」と投稿した。",
    "وكتب الوزير على منصة إكس أن المحادثات انتهت",
    "",
    "X",
    "on X",
]


def _paragraphs() -> list[str]:
    paras: list[str] = list(SPECIAL)
    for folder in (DEV, HELD_OUT):
        for name in sorted(load_gold(folder))[:12]:
            text = read_page(read_html(folder, name)).text
            paras.extend(p for p in text.split("\n") if p.strip())
    rng = random.Random(5)
    pieces = []
    for p in paras:  # pieces cut anywhere, as clauses are
        if len(p) > 20:
            i = rng.randrange(len(p))
            j = rng.randrange(i, len(p) + 1)
            pieces.append(p[i:j])
    return paras + pieces


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    return _paragraphs()


def _same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.span() == b.span() and a.groups() == b.groups()


@pytest.mark.parametrize("name", ["platform_ctx", "took_to"])
def test_named_search_is_the_plain_search(paragraphs: list[str], name: str) -> None:
    pattern = getattr(prose._vocab(), name)
    for para in paragraphs:
        assert _same(prose._named_search(pattern, para), pattern.search(para)), para
        if len(para) > 30:
            lo, hi = 10, len(para) - 10
            assert _same(
                prose._named_search(pattern, para, lo, hi), pattern.search(para, lo, hi)
            ), para


@pytest.mark.parametrize("name", ["tweet", "writing", "follow", "verb", "act", "not_post"])
def test_word_search_is_the_plain_search(paragraphs: list[str], name: str) -> None:
    words = getattr(prose._vocab(), name)
    for para in paragraphs:
        assert _same(words.search(para), words.pattern.search(para)), para
        if len(para) > 30:
            assert _same(words.search(para, 7), words.pattern.search(para, 7)), para


def test_indirect_starts_no_later_than_its_first_match(paragraphs: list[str]) -> None:
    pattern = prose._vocab().indirect
    for para in paragraphs:
        first = pattern.search(para)
        start = prose._indirect_start(para)
        if first is not None:
            assert start is not None and start <= first.start(), para
            assert [m.span() for m in pattern.finditer(para, start)] == [
                m.span() for m in pattern.finditer(para)
            ]
