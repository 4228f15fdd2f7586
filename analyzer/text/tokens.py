"""Word tokens with character spans, a light stemmer, stop words and a small synonym
lexicon: what the aligners, the fidelity checks and the paraphrase finder share (no heavy
imports). The word lists are data: ``analyzer/data/lexicon.toml``, read on first use."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from ..tables import table

__all__ = [
    "Token",
    "tokenize",
    "stem",
    "is_content",
    "lexicon",
    "synonym_groups",
    "synonyms",
    "quoted_spans",
    "normalize_quotes",
]

_WORD = re.compile(r"[#@]?\w+(?:[''’\-]\w+)*|%", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: its surface, lower-cased form, stem and span ``[start, end)``."""

    text: str
    lower: str
    stem: str
    start: int
    end: int
    index: int
    content: bool = True


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """The shared English lexicon (``analyzer/data/lexicon.toml``), loaded on first use."""

    stopwords: frozenset[str]
    keep: frozenset[str]
    suffixes: tuple[str, ...]
    replacements: dict[str, str]
    irregular: dict[str, str]
    no_stem: frozenset[str]
    synonyms: tuple[tuple[str, ...], ...]


@cache
def lexicon() -> _Lexicon:
    t = table("lexicon")
    return _Lexicon(
        stopwords=frozenset(t["stopwords"]),
        keep=frozenset(t["keep"]),
        suffixes=tuple(t["suffixes"]),
        replacements=dict(t["suffix_replacements"]),
        irregular=dict(t["irregular"]),
        no_stem=frozenset(t["no_stem"]),
        synonyms=tuple(tuple(g) for g in t["synonyms"]),
    )


def normalize_quotes(text: str) -> str:
    """Typographic quotes and apostrophes to ASCII (same length: spans stay valid)."""
    return (
        text.replace("\u2018", "'")
        .replace("\u2019", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u00ab", '"')
        .replace("\u00bb", '"')
        .replace("\u201e", '"')
    )


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A small English suffix stripper (conservative): enough to match
    ``refused``/``refuses``, ``fighters``/``fighter``, ``heading``/``head``."""
    w = unicodedata.normalize("NFKC", word).casefold().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    lex = lexicon()
    w = lex.irregular.get(w, w)
    if len(w) <= 3 or not w.isalpha() or w in lex.no_stem:
        return w
    for suffix in lex.suffixes:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                break
            if suffix == "ed" and w.endswith("eed"):
                suffix = "d"
            if suffix == "es" and w.endswith("ees"):
                suffix = "s"
            w = w[: len(w) - len(suffix)] + lex.replacements.get(suffix, "")
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiou":
        w = w[:-1]
    return w


def tokenize(text: str) -> list[Token]:
    """Words (with ``#``/``@`` prefixes kept), each with its character span in ``text``."""
    return list(_tokenize(text))


@lru_cache(maxsize=16384)
def _tokenize(text: str) -> tuple[Token, ...]:
    lex = lexicon()
    tokens: list[Token] = []
    for m in _WORD.finditer(text):
        surface = m.group(0)
        lower = surface.casefold()
        root = "percent" if surface == "%" else stem(surface.lstrip("#@"))
        content = lower in lex.keep or lower.endswith("n't") or lower not in lex.stopwords
        tokens.append(Token(surface, lower, root, m.start(), m.end(), len(tokens), content))
    return tuple(tokens)


def is_content(token: Token) -> bool:
    """True for words that carry meaning (not stop words); polarity words count."""
    return token.content


@lru_cache(maxsize=1)
def _synonym_index() -> dict[str, frozenset[int]]:
    index: dict[str, set[int]] = {}
    for gid, group in enumerate(lexicon().synonyms):
        for word in group:
            index.setdefault(stem(word), set()).add(gid)
    return {k: frozenset(v) for k, v in index.items()}


def synonym_groups() -> dict[str, frozenset[int]]:
    """Stem -> the synonym groups it belongs to (for indexing words by their synonyms)."""
    return _synonym_index()


def synonyms(a: str, b: str) -> bool:
    """True when the stems ``a`` and ``b`` share a synonym group."""
    index = _synonym_index()
    ga = index.get(a)
    gb = index.get(b)
    return bool(ga and gb and ga & gb)


_QUOTE_RE = re.compile(r'"([^"\n]{2,}?)"|(?<![\w])\'([^\'\n]{2,}?)\'(?![\w])')


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans of text in quotation marks (inner text, without the marks). Single quotes
    count only when they are not apostrophes (not between letters)."""
    norm = normalize_quotes(text)
    spans: list[tuple[int, int]] = []
    for m in _QUOTE_RE.finditer(norm):
        group = 1 if m.group(1) is not None else 2
        start, end = m.start(group), m.end(group)
        inner = norm[start:end].strip()
        if not inner or not re.search(r"\w", inner):
            continue
        # strip leading/trailing spaces and punctuation inside the marks
        while start < end and not norm[start].isalnum():
            start += 1
        while end > start and not norm[end - 1].isalnum():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans
