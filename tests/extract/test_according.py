"""Posts quoted after an 'according to' attribution."""

from __future__ import annotations

import pytest

from analyzer.extract import get_extractor
from analyzer.records import Article


def _posts(text: str) -> list[tuple[str, str, str | None, str | None]]:
    found = get_extractor().extract(Article("t", "t", text))
    return [(p.platform, p.kind, p.author.name, p.text) for p in found]


@pytest.mark.parametrize(
    ("sentence", "platform", "author", "quote"),
    [
        ('According to a Facebook post by the city police, "two suspects were arrested near the station."',
         "facebook", None, "two suspects were arrested near the station."),
        ('According to the Taliban\u2019s Twitter account, "our fighters have entered the city."',
         "twitter", "Taliban", "our fighters have entered the city."),
        ('According to a post on Telegram by the regional governor: "Power has been restored in most districts."',
         "telegram", None, "Power has been restored in most districts."),
    ],
)
def test_according_to_a_post_is_a_quote(
    sentence: str, platform: str, author: str | None, quote: str
) -> None:
    [(got_platform, kind, name, text)] = _posts("Officials gave an update.\n\n" + sentence)
    assert (got_platform, kind, text) == (platform, "quote", quote)
    # a speaker is a name ('the Taliban'), never a generic noun ('the city police'): None
    assert name == author


@pytest.mark.parametrize(
    "sentence",
    [
        'According to a statement by the ministry, "the situation is under control."',
        'According to a report by Reuters, "dozens of people were detained overnight."',
        'According to the minister\u2019s spokesman, "talks will resume on Monday."',
    ],
)
def test_according_to_something_else_is_not_a_post(sentence: str) -> None:
    assert _posts("Officials gave an update.\n\n" + sentence) == []
