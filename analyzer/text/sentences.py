"""Sentence spans of article text (abbreviation-aware; paragraph breaks end a sentence)."""

from __future__ import annotations

import re
from functools import cache

from ..records import Span
from ..tables import table
from .tokens import is_content, tokenize

__all__ = ["content_sentences", "split_sentences"]

@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(table("lexicon")["abbreviations"])


_LAST_WORD = re.compile(r"(?<![\w.])([\w.]+)$")
_SENT_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9\u0600-\u06FF])|\n+")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Sentence spans of ``text[start:end]`` (paragraph breaks always end a sentence)."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    pos = start
    for m in _SENT_END.finditer(text, start, end):
        if m.group(0).startswith((".",)) and "\n" not in m.group(0):
            word = _LAST_WORD.search(text[max(pos, m.start() - 30) : m.start()])
            if word and (word.group(1).lower() in _abbreviations() or re.fullmatch(r"[A-Z]", word.group(1))):
                continue
        stop = m.end() if "\n" not in m.group(0) else m.start()
        _add(text, spans, pos, stop)
        pos = m.end()
    _add(text, spans, pos, end)
    return spans


def _add(text: str, spans: list[Span], a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b - a >= 3 and re.search(r"\w", text[a:b]):
        spans.append(Span(a, b))


def content_sentences(text: str, min_content: int = 3) -> list[str]:
    """The sentences of ``text`` that carry at least ``min_content`` content words."""
    parts = [text[x.start : x.end] for x in split_sentences(text)]
    return [p for p in parts if sum(1 for t in tokenize(p) if is_content(t)) >= min_content]
