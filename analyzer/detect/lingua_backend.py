"""lingua-language-detector: n-gram models for 75 languages (no Pashto), strongest on short text.

Models load lazily, per language, the first time a text could be in that language. A
:class:`LinguaModel` can be restricted to a set of languages (faster to load, smaller, more
accurate within the set; blind outside it).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from ..records import Detection
from ..stages import Signature
from ._common import detect_by_scores, detector_signature, normalize_code

__all__ = ["LinguaDetector", "LinguaModel"]


class LinguaModel:
    """A lingua detector over ``languages`` (ISO 639-1 codes; ``None``: all 75), built on first use."""

    def __init__(
        self,
        languages: Iterable[str] | None = None,
        low_accuracy: bool = False,
        preload: bool = False,
    ) -> None:
        self.languages = tuple(sorted(languages)) if languages is not None else None
        self.low_accuracy = low_accuracy
        self.preload = preload
        self._detector: Any = None
        self._lock = threading.Lock()

    def _build(self) -> Any:
        with self._lock:
            if self._detector is None:
                from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

                if self.languages is None:
                    builder = LanguageDetectorBuilder.from_all_languages()
                else:
                    langs = [
                        Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper()))
                        for c in self.languages
                    ]
                    builder = LanguageDetectorBuilder.from_languages(*langs)
                if self.low_accuracy:
                    builder = builder.with_low_accuracy_mode()
                if self.preload:
                    builder = builder.with_preloaded_language_models()
                self._detector = builder.build()
        return self._detector

    def scores(self, text: str) -> dict[str, float]:
        """``code -> confidence`` (summing to 1, or empty when lingua cannot tell)."""
        detector = self._detector or self._build()
        out: dict[str, float] = {}
        for value in detector.compute_language_confidence_values(text):
            if value.value > 0:
                out[normalize_code(value.language.iso_code_639_1.name)] = value.value
        return out


class LinguaDetector:
    """lingua alone (all 75 languages unless restricted), high-accuracy mode unless asked."""

    def __init__(
        self,
        languages: Iterable[str] | None = None,
        low_accuracy: bool = False,
        min_letters: int = 2,
    ) -> None:
        self.model = LinguaModel(languages, low_accuracy=low_accuracy)
        self.name = "lingua-low" if low_accuracy else "lingua"
        self.min_letters = min_letters

    def detect(self, text: str, stated: str | None = None) -> Detection:
        return detect_by_scores(self.model.scores, text, stated, self.name, self.min_letters)

    def signature(self) -> Signature:
        return detector_signature(
            self.name, ("lingua-language-detector",), min_letters=self.min_letters
        )


def low_accuracy_detector() -> LinguaDetector:
    return LinguaDetector(low_accuracy=True)
