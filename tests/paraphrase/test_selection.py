"""Which article sentences the paraphrase finder reports for a post: the routes to a
candidate (word overlap anywhere in the article, the article's prose quotation of the same
author's post, a word-for-word quotation of a short post) and the scorer's line."""

from __future__ import annotations

import pytest

from analyzer.config import Settings
from analyzer.paraphrase.finder import DefaultParaphraseFinder, strip_frame
from analyzer.records import Article, Author, Detection, Post, PostResult, Span

FILLER = (
    "The council met on Tuesday to discuss the budget. "
    "Bread prices rose again in the spring. "
    "A new library opened near the station last year. "
)


def _embed(text: str, post_text: str, author: Author) -> PostResult:
    start = text.index(post_text)
    post = Post("twitter", "embed", author, post_id="1", text=post_text, span=Span(start, start + len(post_text)))
    return PostResult(post, Detection("en", 0.99))


def _quote(text: str, words: str, author: Author) -> PostResult:
    start = text.index(words)
    post = Post("twitter", "quote", author, text=words, span=Span(start, start + len(words)))
    return PostResult(post, Detection("en", 0.99))


def _run(article: Article, results: list[PostResult]) -> list[PostResult]:
    (doc,) = DefaultParaphraseFinder(Settings(embeddings=False)).run([(article, results)], {})
    return doc


MAYOR = Author("Jane Rivera", "janerivera")


@pytest.mark.parametrize(
    ("quoted_by", "reported"),
    [
        (Author("Jane Rivera"), True),  # the same author: the article's rendering of the post
        (Author("Tom Okafor"), False),  # someone else's words are no route to a candidate
    ],
)
def test_a_prose_quotation_of_the_same_author_is_a_candidate(quoted_by: Author, reported: bool) -> None:
    post = "The river bridge will stay closed until Friday for urgent repairs."
    words = "The bridge over the river stays closed until Friday for urgent repairs"
    text = (
        f"{post}\n\n{FILLER * 3}"
        f"Later in the day the mayor wrote on X: \u201c{words}.\u201d\n\n{FILLER}"
    )
    article = Article("a.txt", "a", text)
    doc = _run(article, [_embed(text, post, MAYOR), _quote(text, words, quoted_by)])
    found = [p.text for p in doc[0].paraphrases]
    assert any(words in t for t in found) is reported
    assert all("mayor wrote" not in t for t in found)  # the reporting frame is trimmed
    assert doc[1].paraphrases == ()  # a quotation is not a rendering of itself


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        ("\u201cTotal blackout,\u201d the transit account posted an hour after the storm began.", True),
        ("The storm caused a total blackout across the east of the city.", False),  # not quoted
        ("\u201cBlackout,\u201d the transit account posted an hour after the storm began.", False),  # a part
    ],
)
def test_a_short_post_is_found_only_where_it_is_quoted_word_for_word(sentence: str, reported: bool) -> None:
    post = "TOTAL BLACKOUT."
    text = f"{post}\n\n{FILLER}{sentence}\n\n{FILLER}"
    article = Article("b.txt", "b", text)
    (result,) = _run(article, [_embed(text, post, Author("City Transit", "citytransit"))])
    found = [p.text for p in result.paraphrases]
    assert bool(found) is reported
    if reported:
        assert "Total blackout" in found[0]
        assert result.paraphrases[0].fidelity is not None
        assert result.paraphrases[0].fidelity.label != "unrelated"


@pytest.mark.parametrize(
    ("sentence", "content"),
    [
        (
            "Jane Rivera posted on X: \u201cThe bridge stays closed until Friday.\u201d",
            "\u201cThe bridge stays closed until Friday.\u201d",
        ),
        (
            "The mayor said: the bridge stays closed until Friday.",
            "the bridge stays closed until Friday",
        ),
    ],
)
def test_a_frame_that_ends_in_a_colon_is_trimmed(sentence: str, content: str) -> None:
    span = strip_frame(sentence, Span(0, len(sentence)))
    assert sentence[span.start : span.end] == content


def test_a_headline_the_body_repeats_is_reported_once() -> None:
    post = "The river bridge will stay closed until Friday for urgent repairs."
    headline = "River bridge to stay closed until Friday for urgent repairs"
    text = f"{FILLER}{headline}\n\n{FILLER}{post}\n\n{FILLER}"
    article = Article("c.txt", "c", text, title=headline)
    (result,) = _run(article, [_embed(text, post, MAYOR)])
    repeats = [p for p in result.paraphrases if "closed until Friday" in p.text]
    assert len(repeats) == 1, [(p.where, p.text) for p in result.paraphrases]


@pytest.mark.parametrize(
    ("after", "continued"),
    [
        ("\u201cThe ferry will run again on Monday.\u201d", True),  # the same speaker goes on
        ("The ferry will run again on Monday, officials said.", False),  # the article's words
        ("\n\n\u201cThe ferry will run again on Monday.\u201d", False),  # another paragraph
    ],
)
def test_a_quotation_that_goes_on_after_its_attribution_is_one_rendering(after: str, continued: bool) -> None:
    post = "The harbour is shut for the storm tonight.\nThe ferry will run again on Monday."
    sentence = "\u201cThe harbour is shut for the storm tonight,\u201d wrote the port manager Ana Costa."
    text = f"{FILLER}{post}\n\n{FILLER}{sentence} {after}\n\n{FILLER}"
    article = Article("d.txt", "d", text)
    (result,) = _run(article, [_embed(text, post, Author("Ana Costa", "anacosta"))])
    texts = [p.text for p in result.paraphrases]
    first = [t for t in texts if "harbour is shut" in t]
    assert first
    assert ("run again on Monday" in first[0]) is continued
