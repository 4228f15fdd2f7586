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

from collections.abc import Callable, Sequence
from typing import Protocol

from ..config import Settings
from ..records import Translation

__all__ = ["Translator", "get_translator"]


class Translator(Protocol):
    def translate(self, texts: Sequence[str], source: str) -> list[Translation]:
        """One :class:`Translation` per text, in order; never raises for a missing model
        (status ``unavailable`` with a hint instead)."""
        ...


def get_translator(
    settings: Settings, on_progress: Callable[[int], None] | None = None
) -> Translator:
    from .factory import build_translator

    return build_translator(settings, on_progress=on_progress)
