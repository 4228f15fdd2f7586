"""One registry for every kind of pluggable part: names to dotted paths, imported on lookup.

::

    from analyzer.registry import build, names
    names("detector")                 # ('cld2', 'default', 'fasttext', ...)
    detector = build("detector", "default")

Each entry is ``"module:attribute"`` of a factory (a class or function); nothing is imported
until a name is looked up, so listing or validating names stays cheap (``analyze-posts --help``
imports no stage). Settings validate their names against :func:`names` when they are loaded,
so an unknown name is a usage error before any document is read.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from .errors import ConfigError

__all__ = ["KINDS", "build", "check", "names", "resolve"]

_REGISTRY: dict[str, dict[str, str]] = {
    "extractor": {
        "default": "analyzer.extract.core:DefaultExtractor",
    },
    "detector": {
        "default": "analyzer.detect.default:DefaultDetector",
        "fasttext": "analyzer.detect.fasttext_backend:FastTextDetector",
        "lingua": "analyzer.detect.lingua_backend:LinguaDetector",
        "lingua-low": "analyzer.detect.lingua_backend:low_accuracy_detector",
        "langdetect": "analyzer.detect.langdetect_backend:LangdetectDetector",
        "cld2": "analyzer.detect.cld2_backend:Cld2Detector",
        "script": "analyzer.detect.script_backend:ScriptDetector",
    },
    "reporter": {
        "json": "analyzer.report.jsonout:JsonReporter",
        "jsonl": "analyzer.report.jsonout:JsonlReporter",
        "csv": "analyzer.report.csvout:CsvReporter",
        "table": "analyzer.report.table:TableReporter",
        "html": "analyzer.report.htmlpage:HtmlReporter",
        "parquet": "analyzer.report.parquetout:ParquetReporter",
    },
}

#: the kinds of registered parts
KINDS: tuple[str, ...] = tuple(_REGISTRY)

#: the words used in messages for each kind
_NOUN = {"extractor": "extractor", "detector": "detector", "reporter": "output format"}


def names(kind: str) -> tuple[str, ...]:
    """The registered names of ``kind``, in registration order."""
    try:
        return tuple(_REGISTRY[kind])
    except KeyError:
        raise ConfigError(f"unknown kind of part {kind!r}; one of: {', '.join(KINDS)}") from None


def check(kind: str, name: str) -> str:
    """``name`` when it is registered for ``kind``; else a :class:`ConfigError` listing the
    names there are."""
    if name not in names(kind):
        raise ConfigError(
            f"unknown {_NOUN.get(kind, kind)} {name!r}; choose one of: {', '.join(names(kind))}"
        )
    return name


def resolve(kind: str, name: str) -> Callable[..., Any]:
    """The factory registered as ``name`` for ``kind`` (imported now)."""
    module, _, attribute = _REGISTRY[kind][check(kind, name)].partition(":")
    factory: Callable[..., Any] = getattr(importlib.import_module(module), attribute)
    return factory


def build(kind: str, name: str, *args: Any, **kwargs: Any) -> Any:
    """Call the factory registered as ``name`` for ``kind`` with ``args`` and ``kwargs``."""
    return resolve(kind, name)(*args, **kwargs)
