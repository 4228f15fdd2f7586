"""langdetect (a port of Google's language-detection), seeded so that it answers the same way
every time, with its own factory so that threads do not share state. 55 languages, no Pashto."""

from __future__ import annotations

import threading
from typing import Any

from ..records import Detection
from ..stages import Signature
from ._common import UNDETERMINED, detector_signature, finish, main_script, normalize_code, top
from .clean import clean_text
from .script import script_counts

__all__ = ["LangdetectDetector"]

_factory: Any = None
_lock = threading.Lock()


def _get_factory() -> Any:
    global _factory
    with _lock:
        if _factory is None:
            from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

            factory = DetectorFactory()
            factory.load_profile(PROFILES_DIRECTORY)
            factory.set_seed(0)  # langdetect samples n-grams at random: seed it
            _factory = factory
    return _factory


class LangdetectDetector:
    name = "langdetect"

    def __init__(self, min_letters: int = 2) -> None:
        self.min_letters = min_letters

    def signature(self) -> Signature:
        return detector_signature(self.name, ("langdetect",), min_letters=self.min_letters)

    def detect(self, text: str, stated: str | None = None) -> Detection:
        from langdetect.lang_detect_exception import LangDetectException

        cleaned = clean_text(text)
        counts = script_counts(cleaned)
        script = main_script(counts)
        if sum(counts.values()) < self.min_letters:
            return finish(UNDETERMINED, 0.0, (), script, stated, self.name)
        detector = _get_factory().create()  # a fresh detector per call: thread-safe
        detector.append(cleaned)
        try:
            found = detector.get_probabilities()
        except LangDetectException:
            found = []
        scores: dict[str, float] = {}
        for lang in found:
            code = normalize_code(lang.lang)
            scores[code] = scores.get(code, 0.0) + lang.prob
        if not scores:
            return finish(UNDETERMINED, 0.0, (), script, stated, self.name)
        code, prob = max(scores.items(), key=lambda kv: kv[1])
        return finish(code, prob, top(scores), script, stated, self.name)
