"""Reporters: turn a run's results into JSON, JSONL, CSV, a terminal table or an HTML page.

One small interface, :class:`Reporter`, with one method ``write(signature, documents, out)``.
``documents`` is a lazy iterator (a dump may hold millions of documents): the ``json``,
``jsonl`` and ``csv`` reporters write each document as it arrives; ``table`` prints the
per-post view as it goes and the summary at the end; ``html`` keeps at most ``max_posts``
rendered posts (a note says how many were left out).

``signature`` may be filled in while ``documents`` is consumed (stages are built on first
need), so reporters read it only once ``documents`` is exhausted: ``json`` writes it after
the documents.

Reporters are named in a registry of dotted paths, imported on lookup::

    reporter = get_reporter("jsonl")
    reporter.write(signature, documents, sys.stdout)

The JSON contract is checked by the packaged JSON Schema (:func:`load_schema`).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ..registry import build, names
from ..stages import Reporter

__all__ = ["FORMATS", "SCHEMA_ID", "Reporter", "get_reporter", "load_schema"]

#: the output formats, in the order the CLI lists them (see :mod:`analyzer.registry`)
FORMATS: tuple[str, ...] = names("reporter")

#: value of the ``schema`` key of ``--format json`` (and of ``$id`` in the JSON Schema)
SCHEMA_ID = "analyze-posts/1"


def get_reporter(fmt: str, *, quiet: bool = False, width: int | None = None) -> Reporter:
    """The reporter for ``fmt`` (one of :data:`FORMATS`).

    ``quiet`` keeps only the summary in the ``table`` format; ``width`` sets the terminal
    width of the ``table`` format (default: the terminal's, or 100 when not a terminal).
    Raises :class:`~analyzer.errors.ConfigError` for an unknown format.
    """
    reporter: Reporter = build("reporter", fmt, quiet=quiet, width=width)
    return reporter


def load_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``--format json`` output."""
    text = resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
