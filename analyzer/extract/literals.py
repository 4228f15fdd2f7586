"""One pattern for a set of literal words, built as a trie.

A plain alternation ``word1|word2|...`` makes the regular-expression engine try every word at
every place; the trie form shares the words' common beginnings, so that each character of the
text is tried against one branch. It matches the same strings at the same places (which of
several words ending at different lengths it prefers does not matter where a caller asks only
*whether* and *where* one starts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

__all__ = ["caseless", "literal_pattern"]

_Trie = dict[str, "_Trie"]


def literal_pattern(
    words: Iterable[str], *, ignore_case: bool = False
) -> re.Pattern[str]:
    """A pattern that matches any of ``words`` wherever one stands (case-insensitively, as
    ``re.IGNORECASE`` does, with ``ignore_case``)."""
    trie: _Trie = {}
    for word in sorted(words):
        if not word:
            raise ValueError("an empty word matches everywhere; leave it out")
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return re.compile(_regex(trie) or "(?!)", re.IGNORECASE if ignore_case else 0)


def _regex(node: _Trie) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _regex(rest) for ch, rest in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
    return body + "?" if ends else body


@dataclass(frozen=True, slots=True)
class _Folding:
    #: the characters mapped (each to the one that stands for its class), and the map
    chars: re.Pattern[str]
    table: dict[int, int]


@cache
def _folding() -> _Folding | None:
    """The characters that ``re.IGNORECASE`` takes as equal beyond their lower-case forms ('ı'
    and 'i', 'ſ' and 's', 'ς' and 'σ', some Greek and Old Cyrillic letter forms), from the
    table the regular-expression compiler itself uses; None where it cannot be read."""
    try:
        from re._casefix import _EXTRA_CASES as extra  # Python 3.11 and later
    except ImportError:  # pragma: no cover - Python 3.10
        try:
            import sre_compile

            extra = sre_compile._ignorecase_fixes  # type: ignore[attr-defined]
        except (ImportError, AttributeError):
            return None
    table: dict[int, int] = {}
    for lo, others in extra.items():  # (each entry lists a whole class)
        members = (lo, *others)
        for member in members:
            table[member] = min(members)
    table = {k: v for k, v in table.items() if k != v}
    chars = re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(table)) + "]")
    return _Folding(chars, table)


def lowered(text: str) -> str:
    """``text`` lower-cased letter by letter, its offsets kept: a letter whose full lower case
    is longer (only 'İ', whose lower case is 'i' and a combining dot) takes its simple lower
    case, the one ``re.IGNORECASE`` matches ('i'). An offset found in it is an offset in
    ``text``, and a lower-case word found in it is one a search ignoring case finds there."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower()[:1] for c in text)


def variants(letter: str) -> frozenset[str]:
    """The letters that ``re.IGNORECASE`` matches with ``letter``: its lower and upper case,
    the others of its class in the compiler's case table ('s' and 'ſ'), and 'İ'
    for 'i' (see :func:`lowered`). A case-sensitive class of them tests what a class ignoring
    case would test."""
    out = {letter, *(c for c in (letter.lower(), letter.upper()) if len(c) == 1)}
    folding = _folding()
    if folding is not None:
        target = {folding.table.get(ord(c), ord(c)) for c in out}
        out |= {chr(k) for k, v in folding.table.items() if v in target}
        out |= {chr(v) for v in target}
    if "i" in out:
        out.add("İ")
    return frozenset(out)


def caseless(text: str) -> str | None:
    """``text`` lower-cased so that two strings are equal when ``re.IGNORECASE`` matches one
    with the other, character by character: its offsets kept (see :func:`lowered`; None where
    the compiler's table cannot be read). A pattern of ``caseless`` words searched in it
    case-sensitively finds what a search ignoring case finds in ``text``, at the same places."""
    folding = _folding()
    if folding is None:
        return None
    low = lowered(text)
    return low.translate(folding.table) if folding.chars.search(low) else low
