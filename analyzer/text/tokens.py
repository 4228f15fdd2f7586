"""Word tokens with character spans, a light stemmer, stop words and a small synonym
lexicon: what the aligners, the fidelity checks and the paraphrase finder share (no heavy
imports)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Token",
    "tokenize",
    "stem",
    "is_content",
    "STOPWORDS",
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


STOPWORDS = frozenset(
    """a an the of to in on at by for from with without into onto over under about as and or but
    if then than that this these those there here it its it's is are was were be been being am
    has have had having do does did doing will would shall should can could may might must
    he she they them their theirs his her hers him we us our ours you your yours i me my mine
    who whom whose which what when where why how all any both each few more most other some such
    only own same so too very just also up down out off again further once s t d ll m o re ve y
    said says say told tells wrote writes tweeted posted added stated according while even
    towards toward via per upon""".split()
)

# Words that look like stop words but carry polarity or quantity: never dropped from the
# content set (the checks need them, and an omitted "not" matters).
_KEEP = frozenset("not no never nor none nobody nothing neither n't cannot".split())


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


_SUFFIXES = (
    "ational",
    "ization",
    "iveness",
    "fulness",
    "ousness",
    "nesses",
    "ments",
    "ement",
    "ment",
    "ness",
    "ities",
    "ings",
    "ing",
    "ies",
    "ied",
    "edly",
    "ed",
    "ly",
    "es",
    "s",
)
_IRREGULAR = {
    "rose": "rise",
    "risen": "rise",
    "fell": "fall",
    "fallen": "fall",
    "won": "win",
    "lost": "lose",
    "began": "begin",
    "begun": "begin",
    "left": "leave",
    "came": "come",
    "went": "go",
    "gone": "go",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "said": "say",
    "told": "tell",
    "wrote": "write",
    "written": "write",
    "sold": "sell",
    "bought": "buy",
    "brought": "bring",
    "held": "hold",
    "kept": "keep",
    "met": "meet",
    "ran": "run",
    "saw": "see",
    "seen": "see",
    "made": "make",
    "got": "get",
    "found": "find",
    "fought": "fight",
    "thought": "think",
    "led": "lead",
    "shot": "shoot",
    "struck": "strike",
    "stood": "stand",
    "spoke": "speak",
    "spoken": "speak",
    "chose": "choose",
    "drove": "drive",
    "grew": "grow",
    "knew": "know",
    "threw": "throw",
    "fled": "flee",
    "sent": "send",
    "spent": "spend",
    "built": "build",
    "meant": "mean",
    "children": "child",
    "men": "man",
    "women": "woman",
    "people": "people",
    "better": "good",
    "best": "best",
    "worse": "bad",
    "worst": "worst",
}
_NO_STEM = frozenset("news series species always perhaps this thus was has does is".split())
_SUFFIX_REPL = {
    "ational": "ate",
    "ization": "ize",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "ities": "ity",
    "ies": "y",
    "ied": "y",
}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A small English suffix stripper (conservative): enough to match
    ``refused``/``refuses``, ``fighters``/``fighter``, ``heading``/``head``."""
    w = unicodedata.normalize("NFKC", word).casefold().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _IRREGULAR:
        w = _IRREGULAR[w]
    if len(w) <= 3 or not w.isalpha() or w in _NO_STEM:
        return w
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                break
            if suffix == "ed" and w.endswith("eed"):
                suffix = "d"
            if suffix == "es" and w.endswith("ees"):
                suffix = "s"
            w = w[: len(w) - len(suffix)] + _SUFFIX_REPL.get(suffix, "")
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
    tokens: list[Token] = []
    for m in _WORD.finditer(text):
        surface = m.group(0)
        lower = surface.casefold()
        root = "percent" if surface == "%" else stem(surface.lstrip("#@"))
        content = lower in _KEEP or lower.endswith("n't") or lower not in STOPWORDS
        tokens.append(Token(surface, lower, root, m.start(), m.end(), len(tokens), content))
    return tuple(tokens)


def is_content(token: Token) -> bool:
    """True for words that carry meaning (not stop words); polarity words count."""
    return token.content


# Small synonym groups (news/social register); the same group means "same meaning" for
# the lexical aligner. Kept short on purpose: the embedding aligner does the rest.
_SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    ("fighter", "militant", "combatant", "soldier", "troop", "gunman"),
    ("head", "move", "advance", "march", "go", "travel", "proceed"),
    ("toward", "towards", "to", "for", "into"),
    ("control", "seize", "capture", "take", "conquer"),
    ("official", "authority", "officer", "administrator"),
    ("refuse", "decline", "reject"),
    ("hand", "give", "surrender", "yield", "deliver"),
    ("peaceful", "peacefully", "peaceably"),
    ("state", "province", "region"),
    ("say", "state", "tell", "announce", "declare", "write", "tweet", "post", "claim"),
    ("kill", "slay", "slain"),
    ("attack", "assault", "strike", "offensive", "raid"),
    ("big", "large", "huge"),
    ("small", "little", "tiny"),
    ("begin", "start", "launch", "commence"),
    ("end", "finish", "stop", "halt", "conclude"),
    ("help", "aid", "assist", "support"),
    ("buy", "purchase", "acquire"),
    ("government", "administration", "authority"),
    ("people", "person", "citizen", "resident", "civilian"),
    ("child", "kid", "children"),
    ("car", "vehicle", "automobile"),
    ("rule", "govern", "lead"),
    ("show", "display", "reveal"),
    ("big", "major", "great"),
    ("meeting", "talk", "negotiation"),
    ("quick", "fast", "rapid", "swift"),
    ("answer", "reply", "respond", "response"),
    ("leave", "depart", "exit", "quit"),
    ("arrive", "reach", "come"),
    ("house", "home"),
    ("ask", "request", "urge", "call"),
    ("wound", "injure", "hurt"),
    ("die", "dead", "death"),
    ("protest", "demonstration", "rally"),
    ("flee", "escape"),
)


@lru_cache(maxsize=1)
def _synonym_index() -> dict[str, frozenset[int]]:
    index: dict[str, set[int]] = {}
    for gid, group in enumerate(_SYNONYM_GROUPS):
        for word in group:
            index.setdefault(stem(word), set()).add(gid)
    return {k: frozenset(v) for k, v in index.items()}


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
