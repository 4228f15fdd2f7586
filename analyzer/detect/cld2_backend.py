"""CLD2 (Google's Compact Language Detector 2, through pycld2): quadgram and word tables
compiled into the extension, so nothing loads; ~80 languages of web text, Pashto among them.

lingua has no Pashto, and fastText lid.176 is unsure of Pashto written with the letters it
shares with Persian. CLD2 was trained on web pages that include Pashto, and on sentences it
tells Pashto from Persian, Urdu and Arabic well; on one or two words it is not reliable.
"""

from __future__ import annotations

import logging
from typing import Any

from ..records import Detection
from ..stages import Signature
from ._common import detect_by_scores, detector_signature, normalize_code
from .facts import facts

__all__ = ["Cld2Detector", "Cld2Model"]

logger = logging.getLogger(__name__)



class Cld2Model:
    """CLD2's share of the text per language (0-1), best effort on short text."""

    def __init__(self) -> None:
        self._detect: Any = None
        self._errors: tuple[type[Exception], ...] = (ValueError,)

    def _load(self) -> Any:
        if self._detect is None:
            import pycld2

            self._errors = (pycld2.error, ValueError)
            self._detect = pycld2.detect
        return self._detect

    def scores(self, text: str) -> dict[str, float]:
        """``code -> share of the text`` for up to three languages; empty when CLD2 cannot
        tell (or refuses the text: invalid UTF-8, such as lone surrogates)."""
        detect = self._detect or self._load()
        try:
            _, _, details = detect(text, isPlainText=True, bestEffort=True)
        except self._errors as exc:
            logger.debug("CLD2 refused a text: %s", exc)
            return {}
        out: dict[str, float] = {}
        for _name, code, percent, _score in details:
            if code in facts().cld2_unknown or percent <= 0:
                continue
            code = normalize_code(code)
            out[code] = out.get(code, 0.0) + percent / 100.0
        return out


class Cld2Detector:
    """CLD2 alone, on the cleaned text."""

    name = "cld2"

    def __init__(self, model: Cld2Model | None = None, min_letters: int = 2) -> None:
        self.model = model or Cld2Model()
        self.min_letters = min_letters

    def detect(self, text: str, stated: str | None = None) -> Detection:
        return detect_by_scores(self.model.scores, text, stated, self.name, self.min_letters)

    def signature(self) -> Signature:
        return detector_signature(self.name, ("pycld2",), min_letters=self.min_letters)
