from __future__ import annotations

import pytest

from analyzer.detect.clean import clean_text, clean_with_offsets, words

SEED = (
    "مئات من مجاهدي #الإمارة_الإسلامية يتوجهون نحو ولاية #بنجشير للسيطرة عليها، بعد رفض "
    "مسئولي الولاية المحليين تسليمها بشكل سلمي. pic.twitter.com/FwAYBZeopq"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello @bob! #World_Cup 2022 🎉 https://t.co/x", "Hello World Cup"),
        ("#الإمارة_الإسلامية", "الإمارة الإسلامية"),
        ("see pic.twitter.com/FwAYBZeopq now", "see now"),
        ("read www.example.com/a?b=1 and bit.ly/xyz too", "read and too"),
        ("mail me at someone@example.org please", "mail me at please"),
        ("RT @news: Big day", "Big day"),
        ("l'homme don't well-known", "l'homme don't well-known"),
        ("-- 123 ... !!! 😀😀", ""),
        ("می‌خواهم", "می\u200cخواهم"),  # the Persian zero-width non-joiner stays
        ("मैं घर जा रहा हूँ", "मैं घर जा रहा हूँ"),  # vowel signs are marks, not separators
        ("مُحَمَّد", "مُحَمَّد"),
        ("東京は晴れです。", "東京は晴れです"),
        ("", ""),
    ],
)
def test_clean_text(text: str, expected: str) -> None:
    assert clean_text(text) == expected


def test_seed_tweet_keeps_only_arabic_words() -> None:
    cleaned = clean_text(SEED)
    assert "pic" not in cleaned and "#" not in cleaned and "_" not in cleaned
    assert cleaned.startswith("مئات من مجاهدي الإمارة الإسلامية يتوجهون")
    assert cleaned.endswith("بشكل سلمي")


@pytest.mark.parametrize("text", [SEED, "Hi @x, look: https://t.co/a #big_news 😀 ok", "a-b c'd"])
def test_offsets_point_into_the_original(text: str) -> None:
    cleaned, where = clean_with_offsets(text)
    assert cleaned == clean_text(text)
    assert len(where) == len(cleaned)
    for char, i in zip(cleaned, where, strict=False):
        if char != " ":
            assert text[i] == char
    for start, word in words(text):
        assert text[start : start + len(word)] == word


def test_hashtag_spans() -> None:
    from analyzer.detect.clean import hashtag_spans

    text = "الله أكبر #Afghanistan #دختران_افغان https://x.com/a#frag &#39;"
    assert [text[a:b] for a, b in hashtag_spans(text)] == ["#Afghanistan", "#دختران_افغان"]
    assert hashtag_spans("no tags here") == []
