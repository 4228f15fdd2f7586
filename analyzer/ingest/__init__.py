"""Ingest stage: turn paths, globs, stdin and URLs into a stream of :class:`Article`.

``iter_articles(inputs, settings)`` yields one :class:`~analyzer.records.Article` per
document, or an :class:`~analyzer.records.ErrorRecord` for one that cannot be read; it
never holds a whole dump in memory.
"""

from __future__ import annotations

from .core import expand, iter_articles, kind_of, read_article, read_file, read_source

__all__ = ["expand", "iter_articles", "kind_of", "read_article", "read_file", "read_source"]
