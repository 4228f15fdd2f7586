"""Align stage: phrase alignment between a post's English text and a candidate sentence,
and how similar in meaning the two are.

Two aligners share the :class:`~analyzer.stages.Aligner` interface:
:class:`~.embedding.EmbeddingAligner` (MiniLM contextual word vectors; the model is loaded by
the aligner on first use and owned by it) and :class:`~.lexical.LexicalAligner` (forms, stems
and a small synonym lexicon; no model). :func:`get_aligner` builds one from the settings and
falls back to the lexical one when the model cannot be loaded.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import ModelUnavailable
from ..stages import Aligner
from .lexical import LexicalAligner

if TYPE_CHECKING:
    from ..config import Settings
    from .embedding import EmbeddingAligner, one_blas_thread

__all__ = ["Aligner", "EmbeddingAligner", "LexicalAligner", "get_aligner", "one_blas_thread"]

logger = logging.getLogger(__name__)


def get_aligner(
    settings: Settings,
    *,
    loader: Callable[[], Any] | None = None,
    cache_bytes: int | None = None,
) -> Aligner:
    """A new aligner for ``settings``: MiniLM (on ``settings.encoder_threads`` threads) when
    ``settings.embeddings`` and the model loads, else the lexical aligner, with a logged
    warning when the model was wanted but cannot be loaded. ``loader`` replaces the model
    loader (tests); ``cache_bytes`` bounds the encoder's cache of vectors (its default
    otherwise).

    The caller owns the aligner (and the model in it): a pipeline builds one per run."""
    if not settings.embeddings:
        return LexicalAligner()
    from .embedding import EmbeddingAligner, load_model

    try:
        model = loader() if loader is not None else load_model(threads=settings.encoder_threads)
    except ModelUnavailable as exc:
        logger.warning("%s; using the lexical aligner (hint: %s)", exc, exc.hint)
        return LexicalAligner()
    if cache_bytes is None:
        return EmbeddingAligner(model, threads=settings.encoder_threads)
    return EmbeddingAligner(model, threads=settings.encoder_threads, cache_bytes=cache_bytes)


def __getattr__(name: str) -> object:
    if name in ("EmbeddingAligner", "one_blas_thread"):
        from . import embedding

        return getattr(embedding, name)
    raise AttributeError(name)
