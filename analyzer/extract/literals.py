"""One pattern for a set of literal words, built as a trie.

A plain alternation ``word1|word2|...`` makes the regular-expression engine try every word at
every place; the trie form shares the words' common beginnings, so that each character of the
text is tried against one branch. It matches the same strings at the same places (which of
several words ending at different lengths it prefers does not matter where a caller asks only
*whether* and *where* one starts).
"""

from __future__ import annotations

import re

__all__ = ["literal_pattern"]

_Trie = dict[str, "_Trie"]


def literal_pattern(
    words: list[str] | tuple[str, ...] | frozenset[str], *, ignore_case: bool = False
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
