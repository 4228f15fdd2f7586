"""Translate stage: English text for non-English posts.

One interface, :class:`Translator` (``translate(texts, source) -> list[Translation]``);
wrappers compose on it (cache, identity for English, dedupe). Heavy libraries are imported
only when a model is loaded.

``get_translator(settings, on_progress=None)`` builds the run's translator
(:func:`analyzer.translate.factory.build_translator`); ``on_progress(n)`` is told how many
input texts were just finished. Model management for the CLI is in
:mod:`analyzer.translate.manage`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..config import Settings
from ..stages import Translator

__all__ = ["Translator", "get_translator"]


def get_translator(
    settings: Settings, on_progress: Callable[[int], None] | None = None
) -> Translator:
    from .factory import build_translator

    return build_translator(settings, on_progress=on_progress)
