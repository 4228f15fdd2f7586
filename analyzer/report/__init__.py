"""Reporters: turn a run's results into JSON, JSONL, CSV, Parquet, a terminal table or an HTML
page.

Two small interfaces with one method each, ``write(signature, documents, out)``:
:class:`Reporter` writes text to a text stream (``json``, ``jsonl``, ``csv``, ``table``,
``html``); :class:`BinaryReporter` (``binary = True``) writes bytes to a binary stream
(``parquet``). :func:`is_binary` tells them apart, so a caller opens the right kind of stream
(:func:`analyzer.report.output.destination` takes ``binary=``).

``documents`` is a lazy iterator (a dump may hold millions of documents): the ``json``,
``jsonl``, ``csv`` and ``parquet`` reporters write each document (or row group) as it
arrives; ``table`` prints the per-post view as it goes and the summary at the end; ``html``
keeps at most ``max_posts`` rendered posts (a note says how many were left out).

``signature`` may be filled in while ``documents`` is consumed (stages are built on first
need), so reporters read it only once ``documents`` is exhausted: ``json`` writes it after
the documents.

Reporters are named in :mod:`analyzer.registry` (dotted paths, imported on lookup)::

    reporter = get_reporter("jsonl")
    reporter.write(signature, documents, sys.stdout)

The JSON contract is checked by the packaged JSON Schema (:func:`load_schema`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources
from typing import IO, TYPE_CHECKING, Any, Literal, Protocol, TypeGuard

from ..registry import build, names
from ..stages import Reporter

if TYPE_CHECKING:
    from ..records import DocumentResult

__all__ = [
    "BinaryReporter",
    "FORMATS",
    "SCHEMA_ID",
    "Reporter",
    "get_reporter",
    "is_binary",
    "load_schema",
]

#: the output formats, in the order the CLI lists them (the registry's reporter names)
FORMATS: tuple[str, ...] = names("reporter")

#: value of the ``schema`` key of ``--format json`` (and of ``$id`` in the JSON Schema)
SCHEMA_ID = "analyze-posts/1"


class BinaryReporter(Protocol):
    """Writes one run's results to a binary stream (a format that is not text)."""

    binary: Literal[True]

    def write(
        self, signature: dict[str, Any], documents: Iterable[DocumentResult], out: IO[bytes]
    ) -> None: ...


def is_binary(reporter: Reporter | BinaryReporter) -> TypeGuard[BinaryReporter]:
    """True for a reporter that writes bytes (open a binary stream for it)."""
    return getattr(reporter, "binary", False) is True


def get_reporter(
    fmt: str, *, quiet: bool = False, width: int | None = None
) -> Reporter | BinaryReporter:
    """The reporter for ``fmt`` (one of :data:`FORMATS`).

    ``quiet`` keeps only the summary in the ``table`` format; ``width`` sets the terminal
    width of the ``table`` format (default: the terminal's, or 100 when not a terminal).
    Raises :class:`~analyzer.errors.ConfigError` for an unknown format, or for ``parquet``
    when pyarrow is not installed.
    """
    reporter: Reporter | BinaryReporter = build("reporter", fmt, quiet=quiet, width=width)
    return reporter


def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``--format json`` output."""
    text = resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
