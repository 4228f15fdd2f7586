"""Embeds flattened to plain text."""

from __future__ import annotations

from typing import Any

import pytest

from analyzer.extract import get_extractor
from analyzer.records import Article, Post


def _posts(text: str) -> list[Post]:
    return get_extractor().extract(Article(source="t", id="t", text=text))


# (text, platform, {field: expected}); the span must cover exactly the post text
CASES: list[tuple[str, str, dict[str, Any]]] = [
    (
        "Intro paragraph.\n\nWe did it! pic.twitter.com/AbC123 — Team USA (@TeamUSA) May 1, 2020\n\nMore.",
        "twitter",
        {
            "text": "We did it!",
            "author.name": "Team USA",
            "author.handle": "TeamUSA",
            "date": "2020-05-01",
            "media": ("pic.twitter.com/AbC123",),
        },
    ),
    (
        "Intro.\n\nWe did it! pic.twitter.com/AbC123— Team USA (@TeamUSA) May 1, 2020",
        "twitter",
        {"text": "We did it!"},
    ),
    (
        "Intro.\n\nGreat news https://t.co/xyz - NASA (@NASA) July 4, 2021",
        "twitter",
        {"text": "Great news", "links": ("https://t.co/xyz",)},
    ),
    ("Intro.\n\nGreat news – NASA (@NASA) July 4, 2021", "twitter", {"text": "Great news"}),
    ("Intro.\n\nGreat news -- NASA (@NASA) July 4, 2021", "twitter", {"text": "Great news"}),
    ("Intro.\n\nGreat news &mdash; NASA (@NASA) July 4, 2021", "twitter", {"text": "Great news"}),
    (
        "Intro.\n\nGreat news â€” NASA (@NASA) July 4, 2021",
        "twitter",
        {"text": "Great news", "author.name": "NASA"},
    ),
    (
        "Intro line\nWir schaffen das.\n— Angela Merkel (@AngelaMerkeI) 25. September 2018\nNext line",
        "twitter",
        {"text": "Wir schaffen das.", "date": "2018-09-25"},
    ),
    (
        "Hoy es un gran día #España pic.twitter.com/zzz — Pedro Sánchez (@sanchezcastejon) 27 de agosto de 2018",
        "twitter",
        {"text": "Hoy es un gran día #España", "hashtags": ("España",), "date": "2018-08-27"},
    ),
    (
        "Text here\n— Name (@handle) [December 22, 2014](https://twitter.com/handle/status/545000000000000000)",
        "twitter",
        {
            "text": "Text here",
            "post_id": "545000000000000000",
            "url": "https://twitter.com/handle/status/545000000000000000",
        },
    ),
    (
        "Before.\n\nFirst line of a tweet\nsecond line\n\n— Someone (@some_one) March 3, 2023\n\nAfter.",
        "twitter",
        {"text": "First line of a tweet\nsecond line", "author.handle": "some_one"},
    ),
    (
        "Intro.\n\nView this post on Instagram\n\nBeach day #summer\n\nA post shared by Jane (@jane.doe) on Jun 16, 2019 at 7:30am PDT\n\nAfter.",
        "instagram",
        {"text": "Beach day #summer", "author.handle": "jane.doe", "date": "2019-06-16"},
    ),
    (  # letters whose lower case is longer ('İ') before it do not move where it is looked for
        "İSTANBUL İZMİR İNEGÖL DİYARBAKIR ŞİLE\nView this post on Instagram\n\nBeach day #summer\n\n"
        "A post shared by Jane (@jane.doe) on Jun 16, 2019 at 7:30am PDT\n\nAfter.",
        "instagram",
        {"text": "Beach day #summer", "author.handle": "jane.doe"},
    ),
    (
        "View this post on Instagram\n\nA post shared by Jane (@jane.doe)",
        "instagram",
        {"text": None, "author.name": "Jane"},
    ),
    (
        "Sieh dir diesen Beitrag auf Instagram an\n\nEin Beitrag geteilt von Max (@max.muster) am Mär 12, 2018 um 12:30 PDT",
        "instagram",
        {"author.handle": "max.muster"},
    ),
    (
        "We are open today.\n\nPosted by Joe's Diner on Monday, February 7, 2022",
        "facebook",
        {"text": "We are open today.", "author.name": "Joe's Diner", "date": "2022-02-07"},
    ),
    (
        "Cats are great 🐱 [image or embed] — Bsky User (@user.bsky.social) Apr 21, 2024 at 15:09",
        "bluesky",
        {"text": "Cats are great 🐱", "author.handle": "user.bsky.social", "date": "2024-04-21"},
    ),
    (
        "@scout2015 Scramble up ur name #fyp ♬ original sound - Scout",
        "tiktok",
        {"text": "Scramble up ur name #fyp", "author.handle": "scout2015", "hashtags": ("fyp",)},
    ),
    (
        "Taliban forces head to Panjshir\nby u/newsbot in worldnews",
        "reddit",
        {"text": "Taliban forces head to Panjshir", "author.handle": "newsbot"},
    ),
    (
        "Comment by u/someone from discussion Why is the sky blue in askscience",
        "reddit",
        {"author.handle": "someone"},
    ),
    (
        "Post by @Gargron@mastodon.social\n\nView on Mastodon",
        "mastodon",
        {"author.handle": "Gargron@mastodon.social", "text": None},
    ),
    (
        "Officials said the fire was under control.\n\nSkip twitter post by London Fire Brigade\n\nAllow X content?\n\n"
        "This article contains content provided by X.\n\nEnd of twitter post by London Fire Brigade",
        "twitter",
        {"author.name": "London Fire Brigade", "text": None, "method": "text:consent-placeholder"},
    ),
]


@pytest.mark.parametrize(("text", "platform", "fields"), CASES)
def test_flattened(text: str, platform: str, fields: dict[str, Any]) -> None:
    posts = _posts(text)
    assert [p.platform for p in posts] == [platform]
    post = posts[0]
    assert post.kind == "embed"
    for key, value in fields.items():
        obj: Any = post
        for part in key.split("."):
            obj = getattr(obj, part)
        assert obj == value, key
    if post.text:
        assert post.span is not None
        located = text[post.span.start : post.span.end]
        assert located.startswith(post.text.split()[0]) and post.text.split()[-1] in located


def test_two_signatures_in_one_paragraph() -> None:
    posts = _posts("Text one — A (@a) Jan 1, 2020 Text two — B (@b) Jan 2, 2020")
    assert [(p.author.handle, p.text) for p in posts] == [("a", "Text one"), ("b", "Text two")]


@pytest.mark.parametrize(
    "text",
    [
        "The senator (@SenX) said on May 1, 2020 that he would run.",
        "Posted by Admin on March 3, 2021\n\nThe article text.",
        "Posted By: Aalok SensharmaThe Taliban have said that hundreds of their fighters are heading.",
        "Contact the desk — Newsroom (@newsroom) for tips.",
        "Prices rose — analysts (@ Reuters) said.",
        "",
    ],
)
def test_not_flattened_posts(text: str) -> None:
    assert _posts(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Before.\n\nFirst line of the tweet\nsecond line pic.twitter.com/AbC\n"
        "— Someone (@some_one) March 3, 2023\n\nAfter.",
        "Before.\n\nFirst line of the tweet\nsecond line pic.twitter.com/AbC — Someone (@some_one) "
        "March 3, 2023\n\nAfter.",
    ],
)
def test_multi_line_post_above_its_signature(text: str) -> None:
    [post] = _posts(text)
    assert post.text == "First line of the tweet\nsecond line"
    assert post.span is not None
    assert text[post.span.start : post.span.end] == "First line of the tweet\nsecond line"


def test_lines_gathered_only_within_a_posts_length() -> None:
    paragraph = "The minister spoke at length about the economy and the budget. " * 6
    text = f"Intro.\n\n{paragraph.strip()}\nShort post text\n— Someone (@some_one) March 3, 2023"
    assert [p.text for p in _posts(text)] == ["Short post text"]


def test_one_paragraph_per_line_keeps_the_line_above() -> None:
    text = "Intro line\nAnother paragraph\nThe post itself\n— Someone (@some_one) March 3, 2023"
    assert [p.text for p in _posts(text)] == ["The post itself"]
