"""Invariant checks behind the fidelity flags: numbers, negation/polarity, named entities,
hashtags/handles, certainty, quotations, omissions and additions.

Each check compares the English text of the post (reference) with a candidate (a
paraphrase or a rendering) and its :class:`~analyzer.records.Alignment`, and returns
:class:`~analyzer.records.Flag` values with evidence. Similarity cannot see a changed
number, a flipped polarity or a swapped place name (they score *higher* than a loose but
faithful paraphrase), so these are separate, explicit checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ..align.core import SUBSTITUTION_MAX
from ..records import Alignment, Flag, Span
from ..text.chrf import chrf
from ..text.tokens import Token, is_content, normalize_quotes, quoted_spans, stem, tokenize

__all__ = [
    "Context",
    "check_numbers",
    "check_negation",
    "check_entities",
    "check_hashtags",
    "check_certainty",
    "check_quotes",
    "check_omissions",
    "check_additions",
    "added_claims",
    "extract_numbers",
    "QUOTE_SUPPORTED",
]

#: A quotation whose best match in the reference reaches this chrF is "supported".
QUOTE_SUPPORTED = 0.7
#: Below this, a quotation of three words or more is a hard misquote.
QUOTE_MISQUOTE = 0.5
#: Below this, a two-word quotation is a hard misquote ("finally over" for words the post
#: never used); single words are often scare quotes and stay soft.
QUOTE_MISQUOTE_SHORT = 0.3
#: Unaligned runs with at least this many content words are omitted/added *content*;
#: negations, numbers and names inside them are not counted as changes.
LONG_RUN = 3


@dataclass(frozen=True, slots=True)
class Context:
    """Both texts, their words and the alignment, computed once for all checks."""

    reference: str
    candidate: str
    ref: tuple[Token, ...]
    cand: tuple[Token, ...]
    alignment: Alignment

    @classmethod
    def build(cls, reference: str, candidate: str, alignment: Alignment) -> Context:
        return cls(
            reference, candidate, tuple(tokenize(reference)), tuple(tokenize(candidate)), alignment
        )

    def _long(self, tokens: Sequence[Token], spans: Sequence[Span]) -> list[Span]:
        out = []
        for s in spans:
            n = sum(1 for t in tokens if t.start >= s.start and t.end <= s.end and is_content(t))
            if n >= LONG_RUN:
                out.append(s)
        return out

    def in_long_ref_gap(self, start: int, end: int) -> bool:
        return any(
            s.start <= start and end <= s.end
            for s in self._long(self.ref, self.alignment.reference_unaligned)
        )

    def in_long_cand_gap(self, start: int, end: int) -> bool:
        return any(
            s.start <= start and end <= s.end
            for s in self._long(self.cand, self.alignment.candidate_unaligned)
        )


# -- numbers ---------------------------------------------------------------------------

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_UNITS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
    "half": 0.5,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "k": 1000,
    "m": 1_000_000,
    "bn": 1_000_000_000,
    "mn": 1_000_000,
}
_VAGUE = {
    "dozens": "dozens",
    "scores": "dozens",
    "hundreds": "hundreds",
    "thousands": "thousands",
    "millions": "millions",
    "billions": "billions",
    "tens": "tens",
}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "twentieth": 20,
    "hundredth": 100,
}
_ORD_RE = re.compile(r"\b(?:" + "|".join(_ORDINALS) + r")\b|(?<![\w.])(\d+)(?:st|nd|rd|th)\b", re.I)
_NUM_RE = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*(%|percent|per cent|k|m|bn|mn|million|billion|thousand|hundred|trillion)\b)?",
    re.I,
)
_WORDNUM_RE = re.compile(
    r"\b(?:(?:a(?=\s+(?:hundred|thousand|million|billion|dozen)\b)|one|"
    + "|".join(_UNITS)
    + r")(?:[\s-](?:"
    + "|".join(_UNITS)
    + r"))?"
    r"(?:\s+(?:hundred|thousand|million|billion)(?:\s+(?:and\s+)?(?:"
    + "|".join(_UNITS)
    + r"))?)*|"
    + "|".join(_VAGUE)
    + r"|several\s+(?:hundred|thousand|million)|a\s+dozen|a\s+few\s+(?:hundred|thousand))\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Number:
    text: str
    start: int
    end: int
    value: float | None  # exact value
    vague: str | None  # "hundreds", "thousands", ...

    def same(self, other: Number) -> bool:
        if (self.vague == "ordinal") != (other.vague == "ordinal"):
            return False
        if self.vague == "ordinal":
            return self.value == other.value
        if self.value is not None and other.value is not None:
            return abs(self.value - other.value) <= 1e-9 * max(1.0, abs(self.value))
        vague = self.vague or other.vague
        value = self.value if self.value is not None else other.value
        if self.vague and other.vague:
            return self.vague == other.vague
        if vague and value is not None:
            lo, hi = {
                "tens": (20, 99),
                "dozens": (24, 199),
                "hundreds": (200, 999),
                "thousands": (2000, 99_999),
                "millions": (2e6, 999e6),
                "billions": (2e9, 999e9),
            }[vague]
            return lo <= value <= hi
        return False


def _word_value(text: str) -> tuple[float | None, str | None]:
    words = re.split(r"[\s-]+", text.lower())
    if len(words) == 1 and words[0] in _VAGUE:
        return None, _VAGUE[words[0]]
    if words[0] == "several" or (words[0] == "a" and len(words) > 1 and words[1] == "few"):
        return None, {"hundred": "hundreds", "thousand": "thousands", "million": "millions"}[
            words[-1]
        ]
    total, current = 0.0, 0.0
    for w in words:
        if w in ("a", "one"):
            current += 1
        elif w in _UNITS and w != "dozen":
            current += _UNITS[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w in ("hundred",):
            current = (current or 1) * 100
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0
    return total + current, None


def extract_numbers(text: str) -> list[Number]:
    """Numbers and quantities: digits (Arabic-Indic and Persian too), number words,
    scales ("1.5 million") and vague quantities ("hundreds", "dozens")."""
    norm = text.translate(_DIGITS)
    found: list[Number] = []
    taken: list[tuple[int, int]] = []
    for m in _ORD_RE.finditer(norm):
        value = float(m.group(1)) if m.group(1) else float(_ORDINALS[m.group(0).lower()])
        found.append(Number(text[m.start() : m.end()], m.start(), m.end(), value, "ordinal"))
        taken.append((m.start(), m.end()))
    for m in _NUM_RE.finditer(norm):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        whole = m.group(1).replace(",", "")
        value = float(whole + ("." + m.group(2) if m.group(2) else ""))
        unit = (m.group(3) or "").lower()
        if unit in _SCALES:
            value *= _SCALES[unit]
        found.append(Number(text[m.start() : m.end()], m.start(), m.end(), value, None))
        taken.append((m.start(), m.end()))
    for m in _WORDNUM_RE.finditer(norm):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        surface = m.group(0)
        if surface.lower() in ("a", "one", "half"):
            continue  # "a"/"one" are far more often articles and pronouns
        wvalue, vague = _word_value(surface)
        if wvalue is not None and wvalue == 0 and surface.lower() != "zero":
            continue
        found.append(Number(text[m.start() : m.end()], m.start(), m.end(), wvalue, vague))
    return sorted(found, key=lambda n: n.start)


def _match_numbers(ref: list[Number], cand: list[Number]) -> tuple[list[Number], list[Number]]:
    """One-to-one matching, exact equalities first, then vague quantities ("thousands")
    with the exact numbers left over. Returns (unmatched reference, unmatched candidate)."""
    left_r, left_c = list(ref), list(cand)
    for exact in (True, False):
        for r in list(left_r):
            for c in left_c:
                same_kind = (r.vague is None) == (c.vague is None)
                if (same_kind if exact else not same_kind) and r.same(c):
                    left_r.remove(r)
                    left_c.remove(c)
                    break
    return left_r, left_c


class _Located(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def _changed(kind: str, noun: str, r: _Located, c: _Located) -> Flag:
    """A hard flag: ``r`` of the post became ``c`` in the candidate."""
    return Flag(kind, f"{noun} changed: {r.text!r} -> {c.text!r}", "hard", r.text, c.text,
                Span(r.start, r.end), Span(c.start, c.end))


def _pairing_flags(
    kind: str, noun: str, missing: Sequence[_Located], extra: Sequence[_Located]
) -> list[Flag]:
    """Flags for items of the post without a match in the candidate (``missing``) and items
    of the candidate without a match in the post (``extra``): paired in order they are a
    hard change; left over, a soft omission or addition."""
    flags = [_changed(kind, noun, r, c) for r, c in zip(missing, extra, strict=False)]
    flags += [
        Flag(kind, f"{noun} {r.text!r} of the post is missing", "soft", r.text, None,
             Span(r.start, r.end), None)
        for r in missing[len(extra) :]
    ]
    flags += [
        Flag(kind, f"{noun} {c.text!r} is not in the post", "soft", None, c.text,
             None, Span(c.start, c.end))
        for c in extra[len(missing) :]
    ]
    return flags


def check_numbers(ctx: Context) -> list[Flag]:
    ref_nums = [
        n for n in extract_numbers(ctx.reference) if not ctx.in_long_ref_gap(n.start, n.end)
    ]
    cand_nums = [
        n for n in extract_numbers(ctx.candidate) if not ctx.in_long_cand_gap(n.start, n.end)
    ]
    missing, extra = _match_numbers(ref_nums, cand_nums)
    return _pairing_flags("number", "number", missing, extra)


# -- negation / polarity ---------------------------------------------------------------

_NEGATORS = frozenset("not no never nor neither none nobody nothing nowhere without cannot".split())
_IMPLICIT_NEG = frozenset(
    stem(w)
    for w in "refuse refusal deny denial reject rejection decline fail failure oppose opposition ban "
    "prohibit forbid lack prevent".split()
)
_ANTONYMS: tuple[tuple[str, str], ...] = (
    ("refuse", "agree"),
    ("refuse", "accept"),
    ("refusal", "agree"),
    ("refusal", "accept"),
    ("denial", "confirm"),
    ("reject", "accept"),
    ("reject", "approve"),
    ("deny", "confirm"),
    ("deny", "admit"),
    ("win", "lose"),
    ("won", "lost"),
    ("victory", "defeat"),
    ("increase", "decrease"),
    ("increase", "cut"),
    ("rise", "fall"),
    ("rise", "drop"),
    ("raise", "lower"),
    ("allow", "ban"),
    ("allow", "forbid"),
    ("allow", "prohibit"),
    ("permit", "ban"),
    ("support", "oppose"),
    ("succeed", "fail"),
    ("success", "failure"),
    ("open", "close"),
    ("reopen", "close"),
    ("legal", "illegal"),
    ("alive", "dead"),
    ("guilty", "innocent"),
    ("include", "exclude"),
    ("agree", "disagree"),
    ("possible", "impossible"),
    ("peaceful", "violent"),
    ("peacefully", "violently"),
    ("more", "less"),
    ("more", "fewer"),
    ("higher", "lower"),
    ("gain", "loss"),
    ("above", "below"),
    ("enter", "leave"),
    ("sign", "reject"),
    ("sign", "refuse"),
    ("win", "defeat"),
    ("lead", "trail"),
    ("arrest", "release"),
    ("start", "end"),
    ("begin", "end"),
    ("attack", "defend"),
    ("friend", "enemy"),
    ("ally", "enemy"),
    ("true", "false"),
    ("safe", "dangerous"),
    ("love", "hate"),
    ("best", "worst"),
    ("strong", "weak"),
    ("rich", "poor"),
    ("always", "never"),
    ("everyone", "nobody"),
)
_ANTONYMS += (
    ("detain", "free"),
    ("detain", "release"),
    ("arrest", "free"),
    ("capture", "free"),
    ("capture", "lose"),
    ("liberate", "lose"),
    ("seize", "lose"),
    ("take", "lose"),
    ("gain", "lose"),
    ("win", "concede"),
    ("kill", "spare"),
    ("kill", "save"),
    ("survive", "die"),
    ("live", "die"),
    ("condemn", "praise"),
    ("condemn", "welcome"),
    ("condemn", "support"),
    ("criticise", "praise"),
    ("criticize", "praise"),
    ("approve", "veto"),
    ("pass", "veto"),
    ("convict", "acquit"),
    ("guilty", "acquitted"),
    ("boost", "cut"),
    ("expand", "reduce"),
    ("expand", "shrink"),
    ("increase", "reduce"),
    ("grow", "shrink"),
    ("join", "leave"),
    ("join", "quit"),
    ("hire", "fire"),
    ("lift", "impose"),
    ("strengthen", "weaken"),
    ("block", "allow"),
    ("confirm", "dismiss"),
    ("advance", "retreat"),
    ("advance", "withdraw"),
    ("deploy", "withdraw"),
    ("enter", "withdraw"),
    ("accept", "decline"),
    ("include", "omit"),
    ("maximum", "minimum"),
    ("majority", "minority"),
    ("first", "last"),
    ("north", "south"),
    ("east", "west"),
    ("before", "after"),
    ("buy", "sell"),
    ("import", "export"),
    ("profit", "loss"),
    ("surplus", "deficit"),
    ("asleep", "awake"),
    ("present", "absent"),
    ("victory", "loss"),
    ("beat", "lose"),
    ("defeat", "lose"),
    ("win", "lost"),
    ("acquit", "guilty"),
    ("clear", "convict"),
    ("clear", "guilty"),
    ("admit", "deny"),
    ("accept", "refuse"),
    ("approve", "block"),
    ("approve", "deny"),
    ("grant", "deny"),
    ("grant", "refuse"),
    ("lift", "extend"),
    ("ease", "tighten"),
    ("relax", "tighten"),
    ("climb", "fall"),
    ("climb", "drop"),
    ("gain", "fall"),
    ("jump", "fall"),
    ("surge", "plunge"),
    ("soar", "plunge"),
    ("rise", "decline"),
    ("increase", "decline"),
    ("raise", "cut"),
    ("hike", "cut"),
    ("strengthen", "weaken"),
    ("improve", "worsen"),
    ("improve", "deteriorate"),
    ("upgrade", "downgrade"),
    ("stable", "critical"),
    ("calm", "violent"),
    ("legalize", "ban"),
    ("legalise", "ban"),
    ("mandatory", "optional"),
    ("require", "optional"),
    ("resume", "suspend"),
    ("resume", "halt"),
    ("continue", "halt"),
    ("continue", "stop"),
    ("launch", "cancel"),
    ("hold", "cancel"),
    ("hold", "postpone"),
    ("ceasefire", "offensive"),
    ("peace", "war"),
    ("welcome", "reject"),
    ("praise", "blame"),
    ("innocent", "guilty"),
    ("survivor", "victim"),
    ("found", "missing"),
    ("confirm", "deny"),
    ("true", "fake"),
    ("real", "fake"),
    ("minority", "majority"),
    ("low", "high"),
    ("lowest", "highest"),
    ("cheap", "expensive"),
    ("early", "late"),
)
_NEG_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")
_ANTONYM_STEMS = tuple((stem(a), stem(b)) for a, b in _ANTONYMS)


_AGAINST_VERBS = frozenset(
    stem(w) for w in "decide vote rule advise argue recommend warn opt".split()
)


def _negations(tokens: Sequence[Token], skip: object) -> list[Token]:
    out = []
    for t in tokens:
        against = (
            t.lower == "against" and t.index > 0 and tokens[t.index - 1].stem in _AGAINST_VERBS
        )
        if t.lower in _NEGATORS or t.lower.endswith("n't") or t.stem in _IMPLICIT_NEG or against:
            if not skip(t.start, t.end):  # type: ignore[operator]
                out.append(t)
    return out


def _negated(tokens: Sequence[Token], index: int) -> bool:
    return any(
        t.lower in _NEGATORS or t.lower.endswith("n't") for t in tokens[max(0, index - 3) : index]
    )


def _flip(r: Token, c: Token) -> Flag:
    return Flag(
        "negation",
        f"polarity flipped: {r.text!r} -> {c.text!r}",
        "hard",
        r.text,
        c.text,
        Span(r.start, r.end),
        Span(c.start, c.end),
    )


def check_negation(ctx: Context) -> list[Flag]:
    """Polarity: antonym pairs (refused -> agreed), negative prefixes (legal -> illegal), then
    the count of negations (not, never, n't, refuse, deny …) on each side. A pair whose one
    side is negated ("did not agree" for "refused", "not legal" for "illegal") is equivalent,
    and its negation is balanced by the antonym on the other side."""
    flags: list[Flag] = []
    ref_stems = {t.stem for t in ctx.ref}
    cand_stems = {t.stem for t in ctx.cand}
    pairs: list[tuple[Token, Token]] = []
    for a, b in _ANTONYM_STEMS:
        for x, y in ((a, b), (b, a)):
            if x in ref_stems and y in cand_stems and x not in cand_stems and y not in ref_stems:
                pairs.append(
                    (
                        next(t for t in ctx.ref if t.stem == x),
                        next(t for t in ctx.cand if t.stem == y),
                    )
                )
    for r in ctx.ref:
        for c in ctx.cand:
            if len(r.stem) < 4 or len(c.stem) < 4 or not (r.content and c.content):
                continue
            longer, shorter = (r.stem, c.stem) if len(r.stem) > len(c.stem) else (c.stem, r.stem)
            prefix = longer[: len(longer) - len(shorter)]
            if prefix in _NEG_PREFIXES and longer.endswith(shorter):
                if c.stem not in ref_stems and r.stem not in cand_stems:
                    pairs.append((r, c))
    balance = [0, 0]  # extra negations credited to (reference, candidate)
    for r, c in pairs:
        if ctx.in_long_ref_gap(r.start, r.end) or ctx.in_long_cand_gap(c.start, c.end):
            continue
        rneg, cneg = _negated(ctx.ref, r.index), _negated(ctx.cand, c.index)
        if rneg != cneg:
            # "not legal" ~ "illegal": the flip is the negation (implicit negatives such as
            # "refused" are counted as negations already)
            if r.stem not in _IMPLICIT_NEG and c.stem not in _IMPLICIT_NEG:
                balance[0 if cneg else 1] += 1
            continue
        flags.append(_flip(r, c))
    if flags:
        return flags
    rn = _negations(ctx.ref, ctx.in_long_ref_gap)
    cn = _negations(ctx.cand, ctx.in_long_cand_gap)
    accounted: set[tuple[int, int]] = set()  # (side, token index) of matched negations
    excused: set[tuple[int, int]] = set()  # negations whose clause the other text leaves out
    for side, negs, own, other in ((0, rn, ctx.ref, ctx.cand), (1, cn, ctx.cand, ctx.ref)):
        own_gaps = _unrendered(ctx, side)
        for n in negs:
            if not (n.lower in _NEGATORS or n.lower.endswith("n't")):
                continue  # "refused", "denial" carry their own meaning: antonyms and counts
            head = _head(own, n.index, ctx.reference if side == 0 else ctx.candidate)
            if head is None:
                continue
            partners = _counterparts(ctx, side, head)
            if not partners:
                if any(g.start <= head.start and head.end <= g.end for g in own_gaps):
                    excused.add((side, n.index))  # the negated clause is left out, not flipped
                continue
            negators = [
                _scope_negator(other, c.index, ctx.candidate if side == 0 else ctx.reference)
                for c in partners
            ]
            found = [m for m in negators if m is not None]
            if found:
                accounted.add((side, n.index))
                accounted.add((1 - side, found[0].index))
                continue
            c = partners[0]
            r_tok, c_tok = (n, c) if side == 0 else (c, n)
            return [
                Flag(
                    "negation",
                    f"polarity flipped: {n.text!r} {head.text!r} -> {c.text!r}"
                    if side == 0
                    else f"polarity flipped: {c.text!r} -> {n.text!r} {head.text!r}",
                    "hard",
                    r_tok.text,
                    c_tok.text,
                    Span(r_tok.start, r_tok.end),
                    Span(c_tok.start, c_tok.end),
                )
            ]
    rn = [t for t in rn if (0, t.index) not in accounted]
    cn = [t for t in cn if (1, t.index) not in accounted]
    # an excused negation only offsets a surplus on its own side
    if len(rn) + balance[0] > len(cn) + balance[1]:
        rn = [t for t in rn if (0, t.index) not in excused]
    elif len(cn) + balance[1] > len(rn) + balance[0]:
        cn = [t for t in cn if (1, t.index) not in excused]
    nr, nc = len(rn) + balance[0], len(cn) + balance[1]
    if nr > nc and len(rn) > len(cn):
        t = rn[len(cn)] if len(cn) < len(rn) else rn[0]
        flags.append(
            Flag(
                "negation",
                f"negation {t.text!r} of the post is lost",
                "hard",
                t.text,
                None,
                Span(t.start, t.end),
                None,
            )
        )
    elif nc > nr and len(cn) > len(rn):
        t = cn[len(rn)]
        flags.append(
            Flag(
                "negation",
                f"negation {t.text!r} is not in the post",
                "hard",
                None,
                t.text,
                None,
                Span(t.start, t.end),
            )
        )
    return flags


#: Words between a negator and the word it negates ("never *ever* met", "no *longer*").
_SCOPE_SKIP = frozenset("ever any longer more yet even again at all".split())
#: Words that end the scope of a negation ("did not resign *but* was forced out").
_SCOPE_END = frozenset(
    "but while whereas although though however yet because since after before".split()
)
_SCOPE = 8


def _boundary(text: str, a: Token, b: Token) -> bool:
    return bool(re.search(r"[.;:!?,]", text[a.end : b.start]))


def _is_negator(t: Token, tokens: Sequence[Token]) -> bool:
    against = t.lower == "against" and t.index > 0 and tokens[t.index - 1].stem in _AGAINST_VERBS
    return t.lower in _NEGATORS or t.lower.endswith("n't") or t.stem in _IMPLICIT_NEG or against


def _head(tokens: Sequence[Token], index: int, text: str) -> Token | None:
    """The word a negation bears on: the next content word in its clause."""
    neg = tokens[index]
    for t in tokens[index + 1 : index + 1 + _SCOPE // 2 + 1]:
        if t.lower in _SCOPE_END or _boundary(text, neg, t):
            return None
        if t.content and t.lower not in _SCOPE_SKIP and not _is_negator(t, tokens):
            return t
    return None


def _scope_negator(tokens: Sequence[Token], index: int, text: str) -> Token | None:
    """The negation whose scope covers ``tokens[index]`` (same clause, a few words
    before it), if any."""
    word = tokens[index]
    for t in reversed(tokens[max(0, index - _SCOPE) : index]):
        if t.lower in _SCOPE_END or _boundary(text, t, word):
            return None
        if _is_negator(t, tokens):
            return t
    return None


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short) and len(long_) - len(short) <= 2


def _unrendered(ctx: Context, side: int) -> list[Span]:
    """Spans of one text the other does not render: unaligned runs, and phrases paired
    only loosely (a clause swapped for attribution) that hold two content words or more."""
    tokens = ctx.ref if side == 0 else ctx.cand
    spans = list(
        ctx.alignment.reference_unaligned if side == 0 else ctx.alignment.candidate_unaligned
    )
    for pair in ctx.alignment.pairs:
        own = pair.reference_span if side == 0 else pair.candidate_span
        if pair.score < 0.5:
            n = sum(
                1
                for t in tokens
                if own.start <= t.start
                and t.end <= own.end
                and t.content
                and not _is_negator(t, tokens)
            )
            if n >= 2:
                spans.append(own)
    return spans


def _counterparts(ctx: Context, side: int, head: Token) -> list[Token]:
    """Words of the other text that render ``head``: the same stem, or the content words
    of the phrase the aligner paired with it."""
    other = ctx.cand if side == 0 else ctx.ref
    gap = ctx.in_long_cand_gap if side == 0 else ctx.in_long_ref_gap
    same = [t for t in other if _same_word(t.stem, head.stem) and not gap(t.start, t.end)]
    if same:
        return same
    for pair in ctx.alignment.pairs:
        own = pair.reference_span if side == 0 else pair.candidate_span
        far = pair.candidate_span if side == 0 else pair.reference_span
        if pair.score >= 0.5 and own.start <= head.start and head.end <= own.end:
            words = [t for t in other if far.start <= t.start and t.end <= far.end and t.content]
            if len(words) <= 3:
                return [t for t in words if not _is_negator(t, other)]
    return []


# -- named entities --------------------------------------------------------------------

_NAME_JOINERS = frozenset("of the al el de bin ibn van von da".split())
_NOT_NAMES = frozenset(
    "i monday tuesday wednesday thursday friday saturday sunday".split()
) - frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _sentence_initial(text: str, token: Token) -> bool:
    before = text[: token.start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:\n"


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    start: int
    end: int
    stems: frozenset[str]


def extract_entities(
    text: str, tokens: Sequence[Token] | None = None, other: str = ""
) -> list[Entity]:
    """Capitalised names (multi-word ones grouped: "Islamic Emirate", "National Resistance
    Front"). A sentence-initial word counts only when ``other`` has it capitalised too."""
    tokens = list(tokens if tokens is not None else tokenize(text))
    other_caps = {t.lower for t in tokenize(other) if t.text[:1].isupper()}
    names: list[list[Token]] = []
    current: list[Token] = []
    for t in tokens:
        word = t.text.lstrip("#@")
        capital = (
            bool(word[:1].isupper())
            and not t.text.startswith(("#", "@"))
            and word.lower() not in _NOT_NAMES
        )
        if capital and _sentence_initial(text, t):
            capital = (
                t.lower in other_caps or word.isupper() and len(word) > 1
            ) and t.lower not in STOP_CAPS
        if capital:
            current.append(t)
        elif current and t.lower in _NAME_JOINERS and t.text[:1].islower():
            current.append(t)
        else:
            if current:
                names.append(current)
            current = []
    if current:
        names.append(current)
    out = []
    for group in names:
        while group and group[-1].lower in _NAME_JOINERS:
            group = group[:-1]
        while len(group) > 1 and group[0].lower.rstrip(".") in _TITLES:
            group = group[1:]  # "Foreign Minister Wang Yi" is "Wang Yi"
        while group and group[0].lower in _NAME_JOINERS:
            group = group[1:]
        if not group or (len(group) == 1 and group[0].lower.rstrip(".") in _TITLES):
            continue
        stems = frozenset(t.stem for t in group if t.lower not in _NAME_JOINERS)
        out.append(
            Entity(text[group[0].start : group[-1].end], group[0].start, group[-1].end, stems)
        )
    return out


#: Titles and ranks before a name: "President Biden" and "Biden" are one person, and
#: "Foreign Minister Wang Yi" and "Foreign Minister Li Qiang" are two.
_TITLES = frozenset(
    "president vice prime foreign interior defence defense finance health home deputy "
    "minister secretary chancellor premier king queen prince princess crown sheikh emir "
    "sultan pope cardinal bishop rabbi imam senator sen rep representative congressman "
    "congresswoman governor gov mayor ambassador envoy commissioner spokesman spokeswoman "
    "spokesperson chairman chairwoman chair ceo founder coach manager captain general gen "
    "lieutenant lt colonel col major maj sergeant sgt admiral commander marshal field chief "
    "judge justice attorney mr mrs ms miss dr prof professor sir dame lord lady former late "
    "speaker leader director head state acting supreme hurricane typhoon cyclone storm "
    "tropical".split()
)

STOP_CAPS = frozenset(
    "the a an this that these those it he she they we i in on at after before but and".split()
)


# Names that denote the same thing (a small, general list; acronyms are derived).
_ALIASES: tuple[tuple[str, ...], ...] = (
    ("taliban", "islamic emirate"),
    ("us", "usa", "america", "united states"),
    ("uk", "britain", "united kingdom"),
    ("kyiv", "kiev"),
    ("myanmar", "burma"),
    ("netherlands", "holland"),
    ("turkey", "turkiye", "türkiye"),
    ("isis", "isil", "daesh", "islamic state"),
    ("un", "united nations"),
    ("eu", "european union"),
    ("uae", "emirates"),
    ("drc", "congo"),
    ("who", "world health organization", "world health organisation"),
    ("fed", "federal reserve", "us federal reserve"),
    ("ecb", "european central bank"),
    ("uk", "great britain"),
    ("us", "u.s.", "u.s.a."),
    ("un", "u.n."),
    ("nato", "north atlantic alliance"),
    ("idf", "israeli military", "israel defense forces"),
    ("ivory coast", "cote d'ivoire", "côte d'ivoire"),
    ("czechia", "czech republic"),
    ("eswatini", "swaziland"),
    ("beijing", "china"),
)


def _alias_keys() -> dict[str, set[str]]:
    index: dict[str, set[str]] = {}
    for group in _ALIASES:
        keys = {" ".join(stem(w) for w in name.split()) for name in group}
        for k in keys:
            index.setdefault(k, set()).update(keys)
    return index


_ALIAS_INDEX = _alias_keys()


def _name_keys(tokens: Sequence[Token], entities: Sequence[Entity]) -> set[str]:
    """Word stems of a text, plus the aliases and acronyms of its names ("United Nations"
    gives "un"), so that "UN" on one side matches "United Nations" on the other."""
    keys = {t.stem for t in tokens}
    for t in tokens:
        if t.text[:1] == "#" and len(t.text) > 1:  # "#SaveOurNHS" names "Save Our NHS"
            words = sorted(_tag_words(t.text), key=t.lower.find)
            keys.update(words)
            keys.add(" ".join(words))
    for e in entities:
        words = [stem(w) for w in e.text.split() if w.lower() not in _NAME_JOINERS]
        full = " ".join(words)
        keys.add(full)
        if len(words) > 1:
            keys.add("".join(w[0] for w in words if w))
        for alias in _ALIAS_INDEX.get(full, ()):
            keys.update(alias.split() if " " not in alias else [alias])
            keys.add(alias)
    return keys


def _matched(entity: Entity, stems: set[str]) -> bool:
    """Any word of the name on the other side; demonyms count ("Syria" ~ "Syrian",
    "Afghan" ~ "Afghanistan")."""
    if entity.stems & stems:
        return True
    words = [stem(w) for w in entity.text.split() if w.lower() not in _NAME_JOINERS]
    full = " ".join(words)
    if full in stems or _ALIAS_INDEX.get(full, set()) & stems:
        return True
    return any(
        len(a) >= 4
        and len(b) >= 4
        and (a.startswith(b) or b.startswith(a))
        and abs(len(a) - len(b)) <= 6
        for a in entity.stems
        for b in stems
    )


def _partial_swaps(
    ctx: Context,
    ref_ents: Sequence[Entity],
    cand_ents: Sequence[Entity],
    ref_keys: set[str],
    cand_keys: set[str],
) -> list[Flag]:
    """Names that share a word but differ in another ("Lauren James" -> "Lauren Hemp",
    "New York" -> "New Jersey"): each side has a word the other text lacks altogether."""
    flags: list[Flag] = []
    for r in ref_ents:
        for c in cand_ents:
            if not (r.stems & c.stems) or r.stems == c.stems:
                continue
            r_only = [w for w in r.stems - c.stems if not _matched_word(w, cand_keys)]
            c_only = [w for w in c.stems - r.stems if not _matched_word(w, ref_keys)]
            if (
                r_only
                and c_only
                and not (
                    ctx.in_long_ref_gap(r.start, r.end) or ctx.in_long_cand_gap(c.start, c.end)
                )
            ):
                flags.append(_changed("entity", "name", r, c))
                return flags
    return flags


def _matched_word(word: str, keys: set[str]) -> bool:
    return word in keys or any(
        len(word) >= 4 and len(k) >= 4 and (word.startswith(k) or k.startswith(word)) for k in keys
    )


def check_entities(ctx: Context) -> list[Flag]:
    ref_ents = extract_entities(ctx.reference, ctx.ref, ctx.candidate)
    cand_ents = extract_entities(ctx.candidate, ctx.cand, ctx.reference)
    ref_stems = _name_keys(ctx.ref, ref_ents)
    cand_stems = _name_keys(ctx.cand, cand_ents)
    missing = [e for e in ref_ents if not _matched(e, cand_stems)]
    extra = [e for e in cand_ents if not _matched(e, ref_stems)]
    flags: list[Flag] = _partial_swaps(ctx, ref_ents, cand_ents, ref_stems, cand_stems)
    used_m: set[int] = set()
    used_e: set[int] = set()
    # substitutions the aligner paired up
    for pair in ctx.alignment.pairs:
        if pair.score > SUBSTITUTION_MAX:
            continue
        rs, cs = pair.reference_span, pair.candidate_span
        m_in = [
            k
            for k, e in enumerate(missing)
            if rs.start <= e.start and e.end <= rs.end and k not in used_m
        ]
        e_in = [
            k
            for k, e in enumerate(extra)
            if cs.start <= e.start and e.end <= cs.end and k not in used_e
        ]
        if m_in and e_in:
            r, c = missing[m_in[0]], extra[e_in[0]]
            flags.append(_changed("entity", "name", r, c))
            used_m.update(m_in)
            used_e.update(e_in)
        elif m_in:
            flags.append(
                Flag(
                    "substitution",
                    f"{pair.reference!r} rendered as {pair.candidate!r}",
                    "soft",
                    pair.reference,
                    pair.candidate,
                    rs,
                    cs,
                )
            )
            used_m.update(m_in)
    rest_m = [
        e
        for k, e in enumerate(missing)
        if k not in used_m and not ctx.in_long_ref_gap(e.start, e.end)
    ]
    rest_e = [
        e
        for k, e in enumerate(extra)
        if k not in used_e and not ctx.in_long_cand_gap(e.start, e.end)
    ]
    flags.extend(_pairing_flags("entity", "name", rest_m, rest_e))
    return flags


# -- hashtags and handles --------------------------------------------------------------


def _tag_words(tag: str) -> set[str]:
    body = tag.lstrip("#@")
    parts = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+|[^\W\d_]+", body.replace("_", " "))
    return {stem(p) for p in parts if len(p) > 1} or {stem(body)}


def check_hashtags(ctx: Context) -> list[Flag]:
    flags: list[Flag] = []
    cand_stems = {t.stem for t in ctx.cand} | {stem(t.lower.lstrip("#@")) for t in ctx.cand}
    ref_stems = {t.stem for t in ctx.ref} | {stem(t.lower.lstrip("#@")) for t in ctx.ref}
    for t in ctx.ref:
        if t.text[0] in "#@" and not (_tag_words(t.text) & cand_stems):
            kind = "hashtag" if t.text[0] == "#" else "handle"
            flags.append(
                Flag(
                    "hashtag",
                    f"{kind} {t.text} of the post is not rendered",
                    "soft",
                    t.text,
                    None,
                    Span(t.start, t.end),
                    None,
                )
            )
    for t in ctx.cand:
        if t.text[0] in "#@" and not (_tag_words(t.text) & ref_stems):
            flags.append(
                Flag(
                    "hashtag",
                    f"{t.text} is not in the post",
                    "soft",
                    None,
                    t.text,
                    None,
                    Span(t.start, t.end),
                )
            )
    return flags


# -- certainty -------------------------------------------------------------------------

_HEDGES = frozenset(
    "may might could possibly perhaps reportedly allegedly alleged apparently likely unlikely "
    "probably presumably seemingly suspected suspect suspects rumoured rumored unconfirmed "
    "purportedly purported supposedly claim claims claimed claiming believe believes believed "
    "think thinks thought expect expects expected considering seems seemed seem appears "
    "appeared appear would potentially possible estimated suggests suggested".split()
)
_BOOSTERS = frozenset(
    "will confirmed confirms confirm definitely certainly officially clearly undoubtedly "
    "proven proved must verified established".split()
)
# Reported speech shifts tense: "will" is rendered "would", "can" "could", "may" "might".
# A backshifted modal is the same modal when the other side has its present form.
_BACKSHIFT = {"would": ("will", "'ll", "won't", "wo"), "could": ("can", "cannot", "can't", "ca")}


def _certainty_words(
    tokens: Sequence[Token], other: Sequence[Token], gap: object
) -> tuple[list[Token], list[Token]]:
    other_words = {t.lower for t in other}
    other_words |= {"'ll" for w in other_words if w.endswith(("'ll", "’ll"))}
    hedges, boosters = [], []
    for t in tokens:
        if gap(t.start, t.end):  # type: ignore[operator]
            continue
        word = t.lower
        shifted = _BACKSHIFT.get(word)
        if shifted and other_words.intersection(shifted):
            continue  # backshifted modal, same certainty
        if word in _HEDGES:
            hedges.append(t)
        elif word in _BOOSTERS:
            boosters.append(t)
    return hedges, boosters


def check_certainty(ctx: Context) -> list[Flag]:
    rh, rb = _certainty_words(ctx.ref, ctx.cand, ctx.in_long_ref_gap)
    ch, cb = _certainty_words(ctx.cand, ctx.ref, ctx.in_long_cand_gap)
    if rh and not ch:
        c = cb[0] if cb else None
        msg = f"hedge {rh[0].text!r} of the post is lost" + (
            f" ({rh[0].text!r} -> {c.text!r})" if c else ""
        )
        return [
            Flag(
                "certainty",
                msg,
                "soft",
                rh[0].text,
                c.text if c else None,
                Span(rh[0].start, rh[0].end),
                Span(c.start, c.end) if c else None,
            )
        ]
    if ch and not rh:
        r = rb[0] if rb else None
        msg = f"hedge {ch[0].text!r} is not in the post" + (
            f" ({r.text!r} -> {ch[0].text!r})" if r else ""
        )
        return [
            Flag(
                "certainty",
                msg,
                "soft",
                r.text if r else None,
                ch[0].text,
                Span(r.start, r.end) if r else None,
                Span(ch[0].start, ch[0].end),
            )
        ]
    return []


# -- quotations ------------------------------------------------------------------------


def quote_support(reference: str, quote: str) -> tuple[float, Span | None]:
    """Best chrF of ``quote`` against a window of ``reference`` words, and that window."""
    ref = tokenize(reference)
    n = len(tokenize(quote))
    if not ref or not n:
        return 0.0, None
    best, span = 0.0, None
    for size in range(max(1, n - 2), n + 3):
        for i in range(0, max(1, len(ref) - size + 1)):
            window = ref[i : i + size]
            if not window:
                continue
            s = chrf(reference[window[0].start : window[-1].end], quote)
            if s > best:
                best, span = s, Span(window[0].start, window[-1].end)
    return best, span


def check_quotes(ctx: Context) -> tuple[list[Flag], float | None]:
    """Misquote flags for candidate quotations the reference does not support, plus an
    informational ``quote_supported`` flag for those it does. Returns (flags, lowest support)."""
    flags: list[Flag] = []
    lowest: float | None = None
    text = normalize_quotes(ctx.candidate)
    for start, end in quoted_spans(ctx.candidate):
        quote = text[start:end]
        words = len(tokenize(quote))
        support, span = quote_support(normalize_quotes(ctx.reference), quote)
        lowest = support if lowest is None else min(lowest, support)
        evidence = ctx.reference[span.start : span.end] if span else None
        if support >= QUOTE_SUPPORTED:
            flags.append(
                Flag(
                    "quote_supported",
                    f"quoted words supported by the post: {quote!r}",
                    "info",
                    evidence,
                    ctx.candidate[start:end],
                    span,
                    Span(start, end),
                )
            )
        elif (support < QUOTE_MISQUOTE and words >= 3) or (
            support < QUOTE_MISQUOTE_SHORT and words == 2
        ):
            flags.append(
                Flag(
                    "misquote",
                    f"quoted words not in the post: {quote!r}",
                    "hard",
                    evidence,
                    ctx.candidate[start:end],
                    span,
                    Span(start, end),
                )
            )
        else:
            flags.append(
                Flag(
                    "misquote",
                    f"quoted words differ from the post: {quote!r}",
                    "soft",
                    evidence,
                    ctx.candidate[start:end],
                    span,
                    Span(start, end),
                )
            )
    return flags, lowest


# -- omissions and additions -----------------------------------------------------------


def check_omissions(ctx: Context) -> list[Flag]:
    return [
        Flag(
            "omission",
            f"omitted: {ctx.reference[s.start : s.end]!r}",
            "soft",
            ctx.reference[s.start : s.end],
            None,
            s,
            None,
        )
        for s in ctx.alignment.reference_unaligned
    ]


_REPORTING = frozenset(
    stem(w)
    for w in "say said says tell told write wrote tweet tweeted post posted add added state "
    "stated announce announced according call called accuse accused claim claimed thank "
    "thanked urge urged warn warned insist insisted describe described vow vowed".split()
)


def added_claims(ctx: Context, checkable_only: bool = True) -> list[Span]:
    """Unaligned runs of the candidate that assert something the post does not say: three
    content words or more and no reporting verb (attribution such as "the foreign minister
    said" is not a claim); with ``checkable_only``, only runs holding a number or a name."""
    out = []
    for s in ctx.alignment.candidate_unaligned:
        words = [t for t in ctx.cand if s.start <= t.start and t.end <= s.end]
        content = [t for t in words if t.content]
        if len(content) < LONG_RUN or any(t.stem in _REPORTING for t in words):
            continue
        checkable = not checkable_only or any(
            any(ch.isdigit() for ch in t.text)
            or (t.text[:1].isupper() and not _sentence_initial(ctx.candidate, t))
            for t in content
        )
        if checkable:
            out.append(s)
    return out


def check_additions(ctx: Context) -> list[Flag]:
    return [
        Flag(
            "addition",
            f"added: {ctx.candidate[s.start : s.end]!r}",
            "soft",
            None,
            ctx.candidate[s.start : s.end],
            None,
            s,
        )
        for s in ctx.alignment.candidate_unaligned
    ]
