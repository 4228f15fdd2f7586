"""Align stage: phrase alignment between a post's English text and a paraphrase,
and the paraphrase finder that locates those paraphrases in articles.

Two aligners share the :class:`Aligner` interface: :class:`EmbeddingAligner` (MiniLM
contextual word vectors, loaded lazily once per process) and :class:`LexicalAligner`
(forms, stems and a small synonym lexicon; no model). :func:`get_aligner` picks one
from the settings and falls back to the lexical one when the model cannot be loaded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import ModelUnavailable
from ..records import Alignment
from .lexical import LexicalAligner

if TYPE_CHECKING:
    from ..config import Settings
    from .embedding import EmbeddingAligner
    from .paraphrase import ParaphraseStage

__all__ = ["Aligner", "EmbeddingAligner", "LexicalAligner", "ParaphraseStage", "get_aligner"]

logger = logging.getLogger(__name__)


class Aligner(Protocol):
    """Aligns a reference (the post's English text) with a candidate, down to phrases,
    and says how similar in meaning they are (``similarity`` in [0, 1])."""

    name: str

    def align(self, reference: str, candidate: str) -> Alignment: ...

    def similarity(self, reference: str, candidate: str) -> float: ...


_SHARED: dict[str, Aligner] = {}


def get_aligner(settings: Settings, *, loader: Callable[[], Any] | None = None) -> Aligner:
    """The aligner for ``settings``: MiniLM when ``settings.embeddings`` and the model
    loads (one shared instance per process), else the lexical aligner, with a logged
    warning when the model was wanted but cannot be loaded. ``loader`` replaces the
    model loader (tests; nothing is then shared)."""
    if not settings.embeddings:
        return LexicalAligner()
    from .embedding import EmbeddingAligner, load_model

    if loader is None and "embedding" in _SHARED:
        return _SHARED["embedding"]
    try:
        model = (loader or load_model)()
    except ModelUnavailable as exc:
        logger.warning("%s; using the lexical aligner (hint: %s)", exc, exc.hint)
        fallback = LexicalAligner()
        if loader is None:
            _SHARED["embedding"] = fallback  # warn once per process
        return fallback
    aligner = EmbeddingAligner(model)
    if loader is None:
        _SHARED["embedding"] = aligner
    return aligner


def __getattr__(name: str) -> object:
    if name == "EmbeddingAligner":
        from .embedding import EmbeddingAligner

        return EmbeddingAligner
    if name == "ParaphraseStage":
        from .paraphrase import ParaphraseStage

        return ParaphraseStage
    raise AttributeError(name)
