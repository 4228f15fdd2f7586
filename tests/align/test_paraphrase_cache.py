"""What the paraphrase finder keeps by content (analyzer/paraphrase/cache.py): bounded memos,
copies of articles found by content, and results that do not depend on any of it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from seed_scenario import seed_window

from analyzer.align import LexicalAligner, one_blas_thread
from analyzer.config import Settings
from analyzer.paraphrase.cache import Copies, Memo, document_keys
from analyzer.paraphrase.finder import DefaultParaphraseFinder
from analyzer.records import Alignment, Article, Paraphrase, PostResult, Span

Window = list[tuple[Article, list[PostResult]]]

HEADLINE = "Hundreds of Islamic Emirate fighters head to Panjshir to control the state"


class CountingAligner(LexicalAligner):
    """The lexical aligner, counting the pairs it aligns."""

    def __init__(self) -> None:
        self.aligned: list[tuple[str, str]] = []

    def align(self, reference: str, candidate: str) -> Alignment:
        self.aligned.append((reference, candidate))
        return super().align(reference, candidate)


def _copies(window: Window, n: int, retitle: int | None = None) -> Window:
    """``n`` copies of ``window``, each article under its own id (copy ``retitle`` with a
    headline of its own that renders the post, so that it is no longer a copy)."""
    out: Window = []
    for k in range(n):
        for article, results in window:
            title = HEADLINE if k == retitle else article.title
            out.append((replace(article, id=f"{article.id}-{k}", title=title), results))
    return out


def _found(finder: DefaultParaphraseFinder, window: Window) -> list[list[PostResult]]:
    return finder.run(window, {})


# -- the memo ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("size", "puts", "gets", "expected"),
    [
        (2, ["a", "b", "c"], ["a", "b", "c"], [None, 1, 2]),  # the oldest drops out
        (2, ["a", "b", "a", "c"], ["a", "b", "c"], [2, None, 3]),  # a put again is recent
        (0, ["a"], ["a"], [None]),  # size 0 keeps nothing
        (8, ["a", "b"], ["a", "b", "z"], [0, 1, None]),
    ],
)
def test_memo_is_bounded_and_drops_the_least_recently_used(
    size: int, puts: list[str], gets: list[str], expected: list[int | None]
) -> None:
    memo: Memo[str, int] = Memo(size)
    for k, key in enumerate(puts):
        assert memo.put(key, k) == k
    assert len(memo) <= size
    assert [memo.get(key) for key in gets] == expected


def test_memo_get_makes_an_entry_recent() -> None:
    memo: Memo[str, int] = Memo(2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1
    memo.put("c", 3)  # "b" is now the least recently used
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == (1, None, 3)


def test_memo_refuses_a_negative_size() -> None:
    with pytest.raises(ValueError):
        Memo(-1)


# -- copies of documents -----------------------------------------------------------------

def _article(id: str, text: str, title: str | None = None) -> Article:
    return Article(source=f"{id}.txt", id=id, text=text, title=title)


@pytest.mark.parametrize(
    ("articles", "spans", "expected"),
    [
        ([_article("a", "x"), _article("b", "x"), _article("c", "y")], {}, [0, 0, 2]),
        ([_article("a", "x", "t"), _article("b", "x", "u")], {}, [0, 1]),  # titles differ
        ([_article("a", "x"), _article("b", "x")], {1: [Span(0, 1)]}, [0, 1]),  # posts differ
    ],
)
def test_document_keys_name_each_document_by_its_first_copy(
    articles: list[Article], spans: dict[int, list[Span]], expected: list[int]
) -> None:
    assert document_keys(articles, spans, {}) == expected


def test_a_copy_takes_the_first_search_moved_to_its_own_documents() -> None:
    articles = [_article("a", "x"), _article("b", "y"), _article("a2", "x"), _article("b2", "y")]
    copies = Copies(articles, document_keys(articles, {}, {}))
    assert not copies.seen(1, "post", [0, 1])
    found = (Paraphrase("p", Span(0, 1), "b"), Paraphrase("q", Span(0, 1), "a"))
    copies.keep(1, found)
    assert copies.found(1) is None  # the first search is not a copy
    assert copies.seen(2, "post", [2, 3])
    assert [p.document for p in copies.found(2) or ()] == ["b2", "a2"]
    assert not copies.seen(3, "another post", [2, 3])
    assert not copies.seen(4, "post", [3, 2])  # the same documents in another order


@pytest.mark.parametrize("enabled", [True, False])
def test_documents_that_share_an_id_are_never_taken_for_copies(enabled: bool) -> None:
    articles = [_article("a", "x"), _article("a", "x"), _article("c", "x"), _article("d", "x")]
    copies = Copies(articles, document_keys(articles, {}, {}), enabled=enabled)
    assert not copies.seen(1, "post", [0, 1])
    copies.keep(1, ())
    assert not copies.seen(2, "post", [0, 1])
    assert not copies.seen(3, "post", [2])
    copies.keep(3, ())
    assert copies.seen(4, "post", [3]) is enabled


# -- the finder: same results, less work -------------------------------------------------

@pytest.mark.parametrize(
    ("copies", "retitle"),
    [(1, None), (3, None), (3, 1)],
    ids=["one", "three-copies", "three-one-retitled"],
)
def test_what_the_finder_keeps_changes_no_result(copies: int, retitle: int | None) -> None:
    window = _copies(seed_window(), copies, retitle)
    kept = _found(DefaultParaphraseFinder(Settings(), LexicalAligner()), window)
    fresh = _found(DefaultParaphraseFinder(Settings(), LexicalAligner(), keep=False), window)
    assert kept == fresh
    assert any(r.paraphrases for doc in kept for r in doc)
    titles = {p.document for doc in kept for r in doc for p in r.paraphrases if p.where == "title"}
    assert bool(titles) is (retitle is not None)


def test_copies_of_the_articles_are_aligned_and_scored_once() -> None:
    once, thrice = CountingAligner(), CountingAligner()
    _found(DefaultParaphraseFinder(Settings(), once), _copies(seed_window(), 1))
    _found(DefaultParaphraseFinder(Settings(), thrice), _copies(seed_window(), 3))
    assert once.aligned
    assert sorted(thrice.aligned) == sorted(once.aligned)


def test_the_finder_keeps_scored_pairs_across_windows_and_results_stay() -> None:
    aligner = CountingAligner()
    finder = DefaultParaphraseFinder(Settings(), aligner)
    first = _found(finder, _copies(seed_window(), 1))
    n = len(aligner.aligned)
    again = _found(finder, _copies(seed_window(), 1))
    assert again == first
    assert len(aligner.aligned) == n  # every pair was kept from the first window


def test_one_blas_thread_limits_numpy_inside_the_block_only() -> None:
    threadpoolctl: Any = pytest.importorskip("threadpoolctl")
    import numpy  # noqa: F401  (its BLAS loaded)

    def blas_threads() -> list[int]:
        return [p["num_threads"] for p in threadpoolctl.threadpool_info() if p["user_api"] == "blas"]

    before = blas_threads()
    with one_blas_thread():
        assert all(n == 1 for n in blas_threads())
    assert blas_threads() == before
