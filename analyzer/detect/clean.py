"""Cleaning a post before language detection.

What a post carries besides its language is taken out: URLs (``pic.twitter.com/…``, ``t.co/…``,
bare domains), e-mail addresses, ``@handles``, a leading ``RT``, emoji and other symbols, digits and
punctuation runs. A hashtag keeps its words: ``#الإمارة_الإسلامية`` becomes ``الإمارة الإسلامية``
(``_`` joins words in hashtags). Apostrophes and hyphens inside words stay, so does the
zero-width non-joiner that Persian writes inside words.
"""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ["clean_text", "clean_with_offsets", "hashtag_spans", "words"]

_URL = (
    r"(?:https?://|www\.)\S+"
    r"|pic\.twitter\.com/\S*"
    r"|\b(?:[A-Za-z0-9-]+\.)+(?:com|org|net|ly|co|io|me|gl|be|us|uk|info|tv|news|gov|edu|ps|af)"
    r"/\S*"
)
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_HANDLE = r"(?<![\w@])@\w+"
_RETWEET = r"^\s*RT\b:?"
_REMOVE = re.compile(f"{_URL}|{_EMAIL}|{_HANDLE}|{_RETWEET}", re.IGNORECASE)


@functools.cache
def _word_pattern() -> Any:
    """A run of letters and combining marks (and the Persian zero-width non-joiner), with
    apostrophes and hyphens inside it (compiled on first use; ``regex`` knows Unicode classes)."""
    import regex

    letter = r"[\p{L}\p{M}\u200c]"
    return regex.compile(f"{letter}+(?:['’\u2010\u2011-]{letter}+)*")


@functools.cache
def _hashtag_pattern() -> Any:
    import regex

    return regex.compile(r"(?<![\p{L}\p{M}\p{N}_&/])#[\p{L}\p{M}\p{N}_\u200c]+")


def hashtag_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each hashtag (``#`` and the tag's letters, digits and ``_``)."""
    if "#" not in text:
        return []
    return [m.span() for m in _hashtag_pattern().finditer(text)]


def _strip(text: str, repl: Any) -> str:
    if "/" in text or "@" in text or "www." in text or "RT" in text:
        return _REMOVE.sub(repl, text)
    return text


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def words(text: str) -> list[tuple[int, str]]:
    """``(offset into text, word)`` for every word :func:`clean_text` keeps."""
    blanked = _strip(text, _blank)  # same length: offsets stay those of ``text``
    return [(m.start(), m.group()) for m in _word_pattern().finditer(blanked)]


def clean_with_offsets(text: str) -> tuple[str, list[int]]:
    """The cleaned text and, for each of its characters, the index it came from in ``text``
    (a space between words points at the character after the previous word)."""
    out: list[str] = []
    where: list[int] = []
    for start, word in words(text):
        if out:
            out.append(" ")
            where.append(where[-1] + 1)
        out.append(word)
        where.extend(range(start, start + len(word)))
    return "".join(out), where


def clean_text(text: str) -> str:
    """The letters of a post that say what language it is in, one space between words.

    >>> clean_text("Hello @bob! #World_Cup 2022 🎉 https://t.co/x")
    'Hello World Cup'
    """
    blanked = _strip(text, " ")
    return " ".join(_word_pattern().findall(blanked))
