"""Paraphrase stage: for each post, the sentences of the window's articles that render it,
aligned (:mod:`analyzer.align`) and scored (:mod:`analyzer.score`). It stands above both."""

from __future__ import annotations

from .finder import DefaultParaphraseFinder

__all__ = ["DefaultParaphraseFinder"]
