"""The stage interfaces: one small Protocol per stage, each with ``signature()``.

::

    ingest ──► extract ──► detect ──► translate ──► find (align + score) ──► report
    Article    Post        Detection  Translation   Paraphrase / Fidelity     text out

The pipeline's slots are typed with these, so following an :class:`~analyzer.records.Article`
from the CLI to the output never passes through ``Any``. ``signature()`` says what produced a
stage's numbers (name, version, settings, model ids); the run's signature gathers them once,
in the output's header.

Implementations are named in :mod:`analyzer.registry` and built from the settings; tests and
research scripts inject their own objects that satisfy these Protocols.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, TextIO, TypeAlias, runtime_checkable

if TYPE_CHECKING:
    from .records import (
        Alignment,
        Article,
        Detection,
        DocumentResult,
        Fidelity,
        Post,
        PostResult,
        Translation,
    )

__all__ = [
    "Aligner",
    "Detector",
    "Extractor",
    "JSONValue",
    "FidelityScorer",
    "ParaphraseFinder",
    "Renderings",
    "Reporter",
    "Signature",
    "Translator",
]

#: A plain JSON value.
JSONValue: TypeAlias = "str | int | float | bool | None | list[JSONValue] | dict[str, JSONValue]"

#: What produced a result: plain JSON values only.
Signature: TypeAlias = "dict[str, JSONValue]"

#: post_key(post text) -> [(rendering, translator name or None), ...]
Renderings = Mapping[str, Sequence[tuple[str, str | None]]]


@runtime_checkable
class Extractor(Protocol):
    """Finds every post an article embeds or quotes."""

    name: str

    def extract(self, article: Article) -> list[Post]:
        """Every post in ``article``, deduplicated, in document order."""
        ...

    def signature(self) -> Signature: ...


@runtime_checkable
class Detector(Protocol):
    """Identifies the language of one short text."""

    name: str

    def detect(self, text: str, stated: str | None = None) -> Detection:
        """``stated`` is a language the article names for the text (recorded, compared)."""
        ...

    def signature(self) -> Signature: ...


@runtime_checkable
class Translator(Protocol):
    """Gives English text for posts in language ``source``."""

    def translate(self, texts: Sequence[str], source: str) -> list[Translation]:
        """One :class:`Translation` per text, in order; a missing model is a status
        (``unavailable`` with a hint), not an exception."""
        ...

    def signature(self) -> Signature: ...


@runtime_checkable
class Aligner(Protocol):
    """Aligns a reference (a post's English text) with a candidate, down to phrases, and
    says how similar in meaning they are (``similarity`` in [0, 1])."""

    name: str

    def align(self, reference: str, candidate: str) -> Alignment: ...

    def similarity(self, reference: str, candidate: str) -> float: ...

    def signature(self) -> Signature: ...


@runtime_checkable
class FidelityScorer(Protocol):
    """Scores how faithfully ``candidate`` conveys ``reference`` (the post's English text);
    ``source`` is the post in its own language."""

    def score(self, reference: str, candidate: str, source: str | None = None) -> Fidelity: ...

    def signature(self) -> Signature: ...


@runtime_checkable
class ParaphraseFinder(Protocol):
    """Finds, within a window of analysed articles, the sentences that render each post,
    aligns and scores them (and the translators' renderings)."""

    def run(
        self,
        window: Sequence[tuple[Article, Sequence[PostResult]]],
        renderings: Renderings,
    ) -> list[list[PostResult]]:
        """The window's post results, in order, with paraphrases and renderings filled in."""
        ...

    def signature(self) -> Signature: ...


class Reporter(Protocol):
    """Writes one run's results to a text stream. ``signature`` may be completed while
    ``documents`` is consumed, so it is read only once the documents are exhausted."""

    def write(
        self, signature: Signature, documents: Iterable[DocumentResult], out: TextIO
    ) -> None: ...
