"""The trie pattern for literal words matches where the words stand, and only there."""

from __future__ import annotations

import random

import pytest

from analyzer.extract.literals import literal_pattern

CASES = [
    (["tweet", "tweets", "tweeted", "retweet", "x-post"], "he re-tweeted; retweets and x-posts"),
    (["a", "ab", "abc"], "xxabcab a"),
    (["twitter", "твиттер", "ツイート", "(x"], "в твиттере (x) ツイートした twitter"),
    (["[", ".", "*", "a+b"], "a+b* [.]"),
]


@pytest.mark.parametrize(("words", "text"), CASES)
def test_starts_where_a_word_starts(words: list[str], text: str) -> None:
    pattern = literal_pattern(words)
    want = {i for i in range(len(text)) if any(text.startswith(w, i) for w in words)}
    got = {i for i in range(len(text)) if pattern.match(text, i)}
    assert got == want


def test_random_words_and_texts() -> None:
    rng = random.Random(3)
    for _ in range(300):
        words = ["".join(rng.choices("abc", k=rng.randint(1, 4))) for _ in range(rng.randint(1, 6))]
        text = "".join(rng.choices("abcd", k=rng.randint(0, 30)))
        pattern = literal_pattern(words)
        assert (pattern.search(text) is not None) == any(w in text for w in words)
        for i in range(len(text)):
            assert (pattern.match(text, i) is not None) == any(text.startswith(w, i) for w in words)


def test_no_words_matches_nothing() -> None:
    assert literal_pattern([]).search("anything") is None


def test_empty_word_is_refused() -> None:
    with pytest.raises(ValueError):
        literal_pattern(["a", ""])


@pytest.mark.parametrize("text", ["Share-Bar", "SHAREBAR", "sidebar", "ſhare", "nothing here"])
def test_ignore_case_matches_as_an_alternation_ignoring_case(text: str) -> None:
    import re

    words = ["share", "bar", "side"]
    plain = re.compile("|".join(words), re.IGNORECASE)
    got = literal_pattern(words, ignore_case=True).search(text)
    assert (got is None) == (plain.search(text) is None)


def test_caseless_is_equality_when_case_is_ignored() -> None:
    """Two characters are equal once caseless exactly when a search ignoring case matches
    one with the other, over the letters that case folding treats specially and a sample
    of every script."""
    import re

    from analyzer.extract.literals import caseless

    special = "iIıİsSſkKKµμΜσςΣβϐεϵθϑκϰπϖρϱφϕвᲀдᲁоᲂсᲃтᲄᲅъᲆѣᲇꙋᲈṡẛﬅﬆ"
    sample = special + "".join(chr(c) for c in range(32, 0x2000, 13))
    chars = [c for c in dict.fromkeys(sample) if caseless(c) is not None]
    for a in chars:
        for b in chars:
            same = re.fullmatch(re.escape(a), b, re.IGNORECASE) is not None
            assert (caseless(a) == caseless(b)) == same, (a, b)


def test_caseless_keeps_offsets_or_says_none() -> None:
    from analyzer.extract.literals import caseless

    # a final sigma and a middle one are one letter once caseless, as they are ignoring case
    assert caseless("ΟΔΟΣ Twitter") == caseless("οδος twitter") == caseless("οδοσ TWITTER")
    # lower-casing 'İ' gives two characters: caseless takes the one a search ignoring case
    # matches it with, so that the offsets hold
    assert caseless("İstanbul İNSTAGRAM") == "istanbul instagram"
    text = "Tweeted on ſocial, ı, Σ."
    folded = caseless(text)
    assert folded is not None and len(folded) == len(text)


@pytest.mark.parametrize(
    "ident",
    ["share-bar", "ShareBar", "SIDEBAR", "cookieConsent", "article-body", "ſhare", "Şidebar", "x"],
)
def test_boilerplate_quick_test_is_a_search_ignoring_case(ident: str) -> None:
    import re

    from analyzer.extract.htmltext import _vocabulary
    from analyzer.tables import table

    t = table("extract_markup")["text"]
    words = {w.casefold() for w in t["boilerplate"] + t["silent"]}
    pairs = [p.casefold() for p in t["boilerplate_pairs"]]
    words |= {w for p in pairs for w in (p.split()[0], p.split()[-1])}
    plain = re.compile("|".join(re.escape(w.casefold()) for w in words), re.IGNORECASE)
    assert _vocabulary()[0](ident) == (plain.search(ident) is not None)


@pytest.mark.parametrize("text", ["İstanbul", "KİEV İnstagram", "plain ascii", "ΣΟΦΙΑ", ""])
def test_lowered_keeps_offsets_and_matches_a_search_ignoring_case(text: str) -> None:
    import re

    from analyzer.extract.literals import lowered

    low = lowered(text)
    assert len(low) == len(text)
    for a, b in zip(text, low, strict=True):
        assert re.fullmatch(re.escape(b), a, re.IGNORECASE), (a, b)


def test_variants_are_the_letters_a_search_ignoring_case_matches() -> None:
    import re

    from analyzer.extract.literals import variants

    for letter in "iIsStTkKЯ":
        got = variants(letter)
        assert all(re.fullmatch(re.escape(letter), c, re.IGNORECASE) for c in got), (letter, got)
    assert {"i", "I", "İ", "ı"} <= variants("i")
    assert "ſ" in variants("S")
