"""What the paraphrase finder remembers, keyed by content, so that work repeated across the
copies of a text is done once.

Real dumps carry syndicated copies: the same article under several ids, the same post
embedded in many articles. The finder's work on one post and one sentence (aligning and
scoring the pair, choosing the sentence's clause range) depends only on their texts and on
who posted, never on which document holds them, so :class:`Memo` keeps it by those texts;
:func:`document_keys` names each document of a window by its content, so that a post in a
copy of an article is answered from the first copy's results.

Every memo is bounded (least recently used out first), so what the finder holds does not
grow with the dump.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from ..memo import Memo
from ..records import Article, Paraphrase, Post, Span

__all__ = ["Copies", "Memo", "document_keys"]


def document_keys(
    articles: Sequence[Article],
    post_spans: dict[int, list[Span]],
    post_texts: dict[int, list[str]],
    quotes: dict[int, list[Post]] | None = None,
) -> list[int]:
    """For each document of a window, the index of the first document with the same content:
    its text, its title, the spans and texts of its posts and the spans and authors of the
    posts its prose quotes (what the finder reads of a document). Copies of an article share
    the index of the first copy."""
    first: dict[tuple[object, ...], int] = {}
    out: list[int] = []
    for d, article in enumerate(articles):
        key = (
            article.text,
            article.title,
            tuple(post_spans.get(d, ())),
            tuple(post_texts.get(d, ())),
            tuple((q.span, q.author.name, q.author.handle) for q in (quotes or {}).get(d, ())),
        )
        out.append(first.setdefault(key, d))
    return out


class Copies:
    """One window's posts whose paraphrase search repeats an earlier post's: the same post
    (its English text, its own text and span, who posted), searched in documents of the same
    content in the same order. Such a copy gets the earlier post's paraphrases, each moved to
    the document at the same place in its own list. ``canon``: :func:`document_keys` of the
    window's ``articles``; ``enabled=False`` takes no post for a copy."""

    def __init__(self, articles: Sequence[Article], canon: Sequence[int], *, enabled: bool = True) -> None:
        self._enabled = enabled
        self._articles = articles
        self._canon = canon
        self._first: dict[tuple[object, ...], tuple[int, tuple[int, ...]]] = {}
        self._copy_of: dict[int, tuple[int, tuple[int, ...], tuple[int, ...]]] = {}
        self._found: dict[int, tuple[Paraphrase, ...]] = {}

    def seen(self, slot: int, key: Hashable, docs: Sequence[int]) -> bool:
        """True when post ``slot`` (searched in ``docs``, window indices) repeats an earlier
        post's search; else it is remembered as the first of its kind. Documents that share
        an id are never taken for one another: such a search always runs."""
        docs = tuple(docs)
        ids = [self._articles[d].id for d in docs]
        if not self._enabled or len(set(ids)) < len(ids):
            return False
        whole = (key, tuple(self._canon[d] for d in docs))
        first = self._first.get(whole)
        if first is None:
            self._first[whole] = (slot, docs)
            return False
        self._copy_of[slot] = (first[0], first[1], docs)
        return True

    def found(self, slot: int) -> tuple[Paraphrase, ...] | None:
        """The paraphrases of post ``slot`` when it is a copy (None when it is not)."""
        copy = self._copy_of.get(slot)
        if copy is None:
            return None
        first, first_docs, docs = copy
        place = {self._articles[d].id: k for k, d in enumerate(first_docs)}
        return tuple(
            p if (moved := self._articles[docs[place[p.document]]].id) == p.document
            else _moved(p, moved)
            for p in self._found[first]
        )

    def keep(self, slot: int, paraphrases: tuple[Paraphrase, ...]) -> tuple[Paraphrase, ...]:
        """Remember the paraphrases found for post ``slot`` and hand them back."""
        self._found[slot] = paraphrases
        return paraphrases


def _moved(p: Paraphrase, document: str) -> Paraphrase:
    from dataclasses import replace

    return replace(p, document=document)
